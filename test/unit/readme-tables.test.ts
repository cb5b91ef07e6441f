// The tables of inputs, outputs, arguments, results and object fields in docs/resources.md must
// say what the package schema says (the SDKs' doc comments come from the same text): read back
// from that page, every table the schema has must be there, with exactly its properties in its order,
// each with its type, required or not, default and description. Whitespace and emphasis may
// differ; names and required may not. `npm run docs:tables` rewrites the tables.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { parseTables, schemaTables, TABLES_FILE, type Row } from "../../scripts/readme-tables";

const expected = schemaTables();
const listed = parseTables(readFileSync(TABLES_FILE, "utf8"));

/** Text as a reader sees it: runs of whitespace are one space, `**bold**` is plain. */
const normalize = (text: string) => text.replace(/\*\*/g, "").replace(/\s+/g, " ").trim();
const normalizeType = (text: string) => normalize(text.replace(/`/g, "")).replace(/\s*\|\s*/g, " | ");

function rowProblems(want: Row, got: Row): string[] {
    const problems: string[] = [];
    if (normalizeType(got.type) !== normalizeType(want.type)) problems.push(`type is ${got.type}, the schema's ${want.type}`);
    if (got.required !== want.required) problems.push(want.required ? "is required in the schema" : "is optional in the schema");
    if (got.default !== want.default) problems.push(`default is ${got.default || "(none)"}, the schema's ${want.default || "(none)"}`);
    if (normalize(got.description) !== normalize(want.description))
        problems.push(`description is\n    ${got.description}\n  the schema's\n    ${want.description}`);
    return problems.map((p) => `${want.name}: ${p}`);
}

describe("the resource tables of docs/resources.md and the package schema", () => {
    it("has a table for each resource's inputs and outputs, the function's arguments and result and each object type, and no other", () => {
        assert.deepEqual([...listed.keys()].sort(), expected.map((t) => t.id).sort());
    });

    for (const want of expected) {
        it(`${want.id}: exactly the schema's properties, each with its type, required, default and description`, () => {
            const got = listed.get(want.id);
            assert.ok(got, `docs/resources.md has no table ${want.id} (<!-- table:${want.id} -->; npm run docs:tables fills it)`);
            assert.equal(got.what, want.what, `${want.id}: the first column's heading`);
            assert.deepEqual(
                got.rows.map((r) => r.name),
                want.rows.map((r) => r.name),
                `${want.id}: a property missing, extra or out of order`,
            );
            assert.deepEqual(
                want.rows.flatMap((w, i) => rowProblems(w, got.rows[i])),
                [],
            );
        });
    }
});
