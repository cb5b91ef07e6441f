// Files made from the resource declarations (scripts/gen-resources.ts) must be what the
// generator makes of today's declarations: a shim or a package.json subpath edited by hand, or
// left behind by a declaration that changed, fails here. `npm run resources:gen` rewrites them.
// The package entry's hand-written exports are checked against the declarations too.
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
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

    it("each declared resource's shim subpath is the folder state written by 0.1.0 and 0.2.0 requires", () => {
        // `pulumi-roma-tasks/shims/<folder>` is stored in every `__provider`: a folder renamed breaks every stack.
        assert.deepEqual(
            DECLARATIONS.map((d) => [d.definition.type, d.folder]),
            [
                ["TaskRunState", "task-run-state"],
                ["TaskProgressReset", "task-progress-reset"],
                ["DrsJobRetry", "drs-job-retry"],
            ],
        );
    });
});
