// Files made from the resource declarations (scripts/gen-resources.ts) must be what the
// generator makes of today's declarations: a shim or a package.json subpath edited by hand, or
// left behind by a declaration that changed, fails here. `npm run resources:gen` rewrites them.
// The package entry's exports are checked against the declarations too, and no list of the
// resources (types, tokens, names) may be written by hand outside the declarations.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { generatedFiles } from "../../scripts/gen-resources";
import { DECLARATIONS } from "../../provider/resources/declarations";
import { REPO } from "../support/package-fixture";

const generated = generatedFiles();

describe("files generated from the resource declarations", () => {
    for (const [file, text] of generated)
        it(`${file} is what \`npm run resources:gen\` makes`, () => {
            assert.ok(readFileSync(path.join(REPO, file), "utf8") === text, `${file} is stale: run npm run resources:gen`);
        });

    it("every shim in provider/resources is generated from a declaration, and none is missing", () => {
        const shims = readdirSync(path.join(REPO, "provider", "resources"), { withFileTypes: true })
            .filter((d) => d.isDirectory() && readdirSync(path.join(REPO, "provider", "resources", d.name)).includes("shim.ts"))
            .map((d) => `provider/resources/${d.name}/shim.ts`);
        assert.deepEqual(shims.sort(), [...generated.keys()].filter((f) => f.endsWith("shim.ts")).sort());
    });

    it("the package entry exports each declared resource's class and each of its enums", () => {
        const entry = require("../../provider/index") as Record<string, unknown>;
        const missing = DECLARATIONS.flatMap((d) => [
            ...(typeof entry[d.definition.type] === "function" ? [] : [d.definition.type]),
            ...Object.keys(d.enums ?? {})
                .map((token) => token.slice(token.lastIndexOf(":") + 1))
                .filter((name) => typeof entry[name] !== "object"),
        ]);
        assert.deepEqual(missing, []);
    });

    it("every shim subpath that state written by 0.1.0 and 0.2.0 requires is still a declared folder", () => {
        // `pulumi-roma-tasks/shims/<folder>` is stored in every `__provider`: a folder renamed breaks every stack.
        const stored = new Set(fixtureTexts().flatMap((text) => [...text.matchAll(/pulumi-roma-tasks\/shims\/([a-z0-9-]+)/g)].map((m) => m[1])));
        assert.ok(stored.size > 0, "the state fixtures require no shim");
        assert.deepEqual(
            [...stored].filter((folder) => !DECLARATIONS.some((d) => d.folder === folder)),
            [],
        );
    });
});

/** Every state file under test/fixtures, as text. */
function fixtureTexts(): string[] {
    const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
            e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".json") ? [readFileSync(path.join(dir, e.name), "utf8")] : [],
        );
    return walk(path.join(REPO, "test", "fixtures"));
}

/** The names a list of resources would be written with: each declared type and token, and the token's last part. */
const RESOURCE_NAMES = new Set(DECLARATIONS.flatMap((d) => [d.definition.type, d.token, d.token.slice(d.token.lastIndexOf(":") + 1)]));

/**
 * Lists of the resources written by hand: an array, a union type or an object literal (by its
 * keys) that names two or more declared resources. Each such list is derived from
 * `RESOURCE_TOKENS` (common/resource-types.ts) or the declarations instead.
 */
function handWrittenLists(file: string, text: string): string[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const nameOf = (node: ts.Node): string | undefined => {
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
        if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return node.literal.text;
        if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && !ts.isComputedPropertyName(node.name)) return node.name.text;
        return undefined;
    };
    const found: string[] = [];
    const visit = (node: ts.Node): void => {
        const members = ts.isArrayLiteralExpression(node)
            ? node.elements
            : ts.isUnionTypeNode(node)
              ? node.types
              : ts.isObjectLiteralExpression(node)
                ? node.properties
                : undefined;
        const named = new Set((members ?? []).map(nameOf).filter((n): n is string => n !== undefined && RESOURCE_NAMES.has(n)));
        if (named.size >= 2) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${[...named].join(", ")}`);
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

describe("the lists of resources", () => {
    // Where a list may be written: the declarations, the generated data, and the tests' expected values.
    const owned = (f: string) => f === "provider/resources/declarations.ts" || f === "provider/resources/common/resource-types.ts";
    const sources = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "provider", "scripts", "bench", "test/support"], {
        cwd: REPO,
        encoding: "utf8",
    })
        .split("\n")
        .filter((f) => f.endsWith(".ts") && !owned(f) && existsSync(path.join(REPO, f)));

    it("are each derived from the declarations: none is written by hand in provider/, scripts/, bench/ or test/support/", () => {
        assert.deepEqual(
            sources.flatMap((f) => handWrittenLists(f, readFileSync(path.join(REPO, f), "utf8"))),
            [],
        );
    });

    it("a list written by hand is found: an array, a union, a Set and an object's keys", () => {
        const text = [
            'const a = ["TaskRunState", "DrsJobRetry"];',
            'type T = "TaskRunState" | "TaskProgressReset";',
            'const s = new Set(["TaskProgressReset", "JobRetry"]);',
            'const o = { TaskRunState: "roma:fdi:TaskRunState", DrsJobRetry: "roma:drs:JobRetry" };',
            'if (kind === "TaskRunState" || kind === "DrsJobRetry") {}',
        ].join("\n");
        assert.deepEqual(
            handWrittenLists("x.ts", text).map((l) => l.split(":")[1]),
            ["1", "2", "3", "4"],
        );
    });
});
