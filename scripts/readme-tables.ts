// The tables of resource inputs and outputs, the function's arguments and result and the object
// types' fields in docs/resources.md, made from the package schema the plugin serves (whose text
// comes from the zod schemas), so the docs say what the SDKs say. Each table sits between
// `<!-- table:<id> -->` and `<!-- /table -->`; `npm run docs:tables` rewrites them (and adds
// the section of a table the page lacks, e.g. a newly declared resource's), and
// test/unit/readme-tables.test.ts parses them back and fails on any row that differs.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { GET_TASKS, packageSchema } from "../provider/plugin/schema";

type Spec = Record<string, unknown>;
interface Side {
    properties: Record<string, Spec>;
    required: string[];
}

export interface Row {
    name: string;
    type: string;
    required: boolean;
    /** The default as JSON, or empty. */
    default: string;
    description: string;
}

export interface Table {
    id: string;
    /** What a row is: the first column's heading. */
    what: string;
    rows: Row[];
}

const COLUMNS = ["Type", "Required", "Default", "Description"];

/** The short name of a type token (`roma:fdi:TaskSelector` → `TaskSelector`). */
const shortName = (token: string) => token.slice(token.lastIndexOf(":") + 1);

/** A property's type as a TypeScript reader writes it; enum types as their values, since any string of them is accepted. */
function typeText(spec: Spec, types: Record<string, Spec>): string {
    if (typeof spec.$ref === "string") {
        if (spec.$ref === "pulumi.json#/Any") return "any";
        const token = spec.$ref.replace("#/types/", "");
        const named = types[token];
        if (Array.isArray(named?.enum)) return (named.enum as { value: string }[]).map((e) => JSON.stringify(e.value)).join(" | ");
        return shortName(token);
    }
    if (Array.isArray(spec.oneOf)) return (spec.oneOf as Spec[]).map((s) => typeText(s, types)).join(" | ");
    if (spec.type === "array") return `${typeText(spec.items as Spec, types)}[]`;
    if (spec.type === "object") return `map of ${spec.additionalProperties ? typeText(spec.additionalProperties as Spec, types) : "any"}`;
    return String(spec.type);
}

function rows(side: Side, types: Record<string, Spec>, only?: (name: string) => boolean): Row[] {
    return Object.entries(side.properties)
        .filter(([name]) => only?.(name) ?? true)
        .map(([name, spec]) => ({
            name,
            type: typeText(spec, types),
            required: side.required.includes(name),
            default: spec.default === undefined ? "" : JSON.stringify(spec.default),
            description: String(spec.description),
        }));
}

/** Every table the README holds, from the package schema (whose version no table shows). */
export function schemaTables(): Table[] {
    const schema = packageSchema("0.0.0") as Spec;
    const types = schema.types as Record<string, Spec>;
    const resources = schema.resources as Record<string, Spec>;
    const fn = (schema.functions as Record<string, { inputs: Side; outputs: Side }>)[GET_TASKS];
    const tables: Table[] = [];
    for (const [token, r] of Object.entries(resources)) {
        const inputs: Side = { properties: r.inputProperties as Record<string, Spec>, required: r.requiredInputs as string[] };
        const outputs: Side = { properties: r.properties as Record<string, Spec>, required: r.required as string[] };
        tables.push({ id: `${token} inputs`, what: "Input", rows: rows(inputs, types) });
        // Every input is an output too, with the same text: only the outputs of their own get rows.
        tables.push({ id: `${token} outputs`, what: "Output", rows: rows(outputs, types, (name) => !(name in inputs.properties)) });
    }
    tables.push({ id: `${GET_TASKS} inputs`, what: "Argument", rows: rows(fn.inputs, types) });
    tables.push({ id: `${GET_TASKS} outputs`, what: "Result", rows: rows(fn.outputs, types) });
    // The provider's own object types (`roma:index:AssumeRole`) are settings: their fields are rows of
    // the configuration table (docs/installation-configuration.md, scripts/docs-config-table.ts).
    for (const [token, t] of Object.entries(types))
        if (t.properties && !token.startsWith("roma:index:"))
            tables.push({
                id: token,
                what: "Field",
                rows: rows({ properties: t.properties as Record<string, Spec>, required: t.required as string[] }, types),
            });
    return tables;
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

function renderTable(t: Table): string {
    const lines = [
        `| ${t.what} | ${COLUMNS.join(" | ")} |`,
        `|${"---|".repeat(COLUMNS.length + 1)}`,
        ...t.rows.map(
            (r) => `| \`${r.name}\` | ${cell(r.type)} | ${r.required ? "yes" : "no"} | ${r.default && `\`${r.default}\``} | ${cell(r.description)} |`,
        ),
    ];
    return lines.join("\n");
}

const BLOCK = /<!-- table:(.+?) -->\n([\s\S]*?)<!-- \/table -->/g;

/** The cells of a table row, split at the pipes a cell does not escape. */
const cells = (line: string) =>
    line
        .replace(/^\|/, "")
        .replace(/\|\s*$/, "")
        .split(/(?<!\\)\|/)
        .map((c) => c.trim().replace(/\\\|/g, "|"));

/** The tables in the README, by id, read back into rows. */
export function parseTables(readme: string): Map<string, { what: string; rows: Row[] }> {
    const found = new Map<string, { what: string; rows: Row[] }>();
    for (const [, id, body] of readme.matchAll(BLOCK)) {
        const [head, , ...lines] = body.split("\n").filter((l) => l.startsWith("|"));
        const parsed = lines.map(cells).map(([name = "", type = "", required = "", dflt = "", description = ""]) => ({
            name: name.replace(/^`|`$/g, ""),
            type,
            required: required === "yes",
            default: dflt.replace(/^`|`$/g, ""),
            description,
        }));
        found.set(id, { what: head ? cells(head)[0] : "", rows: parsed });
    }
    return found;
}

const tableBlock = (t: Table) => `<!-- table:${t.id} -->\n${renderTable(t)}\n<!-- /table -->`;

/**
 * The page with every table block rewritten from the schema, and a section (`### <name>`, one
 * per token) for each table the page does not hold yet, e.g. a newly declared resource's, at the
 * end of the `## Resources` part: its prose is then the only thing to write.
 */
export function withTables(readme: string, tables: Table[]): string {
    const byId = new Map(tables.map((t) => [t.id, t]));
    const rewritten = readme.replace(BLOCK, (block, id: string) => {
        const t = byId.get(id);
        return t ? tableBlock(t) : block;
    });
    const present = new Set(parseTables(rewritten).keys());
    const missing = new Map<string, Table[]>();
    for (const t of tables.filter((t) => !present.has(t.id))) {
        const token = t.id.split(" ")[0];
        missing.set(token, [...(missing.get(token) ?? []), t]);
    }
    if (missing.size === 0) return rewritten;
    const sections = [...missing].map(([token, ts]) => `### ${shortName(token)}\n\n${ts.map(tableBlock).join("\n\n")}\n\n`).join("");
    const start = rewritten.indexOf("## Resources\n");
    const end = start < 0 ? -1 : rewritten.indexOf("\n## ", start + 1);
    return end < 0 ? `${rewritten}\n${sections}` : `${rewritten.slice(0, end + 1)}${sections}${rewritten.slice(end + 1)}`;
}

/** The page that holds the tables. */
export const TABLES_FILE = path.join(__dirname, "..", "docs", "resources.md");

if (require.main === module) {
    const file = TABLES_FILE;
    writeFileSync(file, withTables(readFileSync(file, "utf8"), schemaTables()));
}
