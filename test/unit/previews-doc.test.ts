// docs/previews.md and the README quote the real CLI from the end-to-end run
// (scripts/previews-doc.ts fills them): each quote names an artifact test/e2e/previews.test.ts
// keeps, and none is left empty.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { BLOCK, DOCS, quote } from "../../scripts/previews-doc";

const suite = readFileSync(path.join(__dirname, "..", "e2e", "previews.test.ts"), "utf8");
/** The artifacts the suite keeps, per path: `${p.kind}-<suffix>` (roma-plan's as `.md` and `.json`). */
const suffixes = [
    ...[...suite.matchAll(/keepArtifact\(`\$\{p\.kind\}-([\w.-]+)`/g)].map((m) => m[1]),
    ...[...suite.matchAll(/`\$\{p\.kind\}-(roma-plan-[\w-]+)`\)/g)].flatMap((m) => [`${m[1]}.md`, `${m[1]}.json`]),
];

describe("docs/previews.md and the README quote the end-to-end run", () => {
    for (const doc of DOCS) {
        it(`${path.basename(doc)}: every quote names a kept artifact and is filled`, () => {
            const blocks = [...readFileSync(doc, "utf8").matchAll(BLOCK)];
            assert.ok(blocks.length > 0, "quotes the run");
            for (const [text, name] of blocks) {
                assert.ok(
                    ["typescript", "yaml"].some((kind) => suffixes.some((s) => name === `${kind}-${s}`)),
                    `${name} is not an artifact of test/e2e/previews.test.ts`,
                );
                assert.match(text, /\n```[\s\S]+```\n/, `${name}: filled (npm run docs:previews)`);
            }
        });
    }

    it("a preview's JSON is quoted as what a bot reads of its first TaskRunState update", () => {
        const step = {
            op: "update",
            urn: "u",
            detailedDiff: { 'taskStatus["a"]': { kind: "update" } },
            oldState: { type: "roma:fdi:TaskRunState", inputs: { x: 1 }, outputs: { taskStatus: { a: { status: "stopped" } }, tasks: [] } },
            newState: { type: "roma:fdi:TaskRunState", inputs: { taskStatus: { a: { status: "started" } }, state: "started" } },
        };
        const q = quote("yaml-roma-plan-drift.json", JSON.stringify({ steps: [{ op: "same", urn: "s" }, step] }));
        assert.deepEqual(JSON.parse(q.replace(/^```json\n|```$/g, "")), {
            op: "update",
            urn: "u",
            detailedDiff: step.detailedDiff,
            oldState: { outputs: { taskStatus: { a: { status: "stopped" } } } },
            newState: { inputs: { taskStatus: { a: { status: "started" } } } },
        });
    });
});
