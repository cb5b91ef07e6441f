// `npm run pulumi:where` where the toolchain cannot be built or found: one line that says why
// and what to do, a non-zero exit, and nothing on stdout (whose last line callers take as the
// toolchain's folder). The build itself is exercised by the end-to-end suite.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { REPO } from "../support/package-fixture";
import { tempDir } from "../support/temp";

const SCRIPT = path.join(REPO, "scripts", "pulumi-where.sh");

function where(env: Record<string, string>) {
    return spawnSync("bash", [SCRIPT], { env: { HOME: tempDir("roma-where-home"), ...env }, encoding: "utf8" });
}

describe("npm run pulumi:where without a toolchain", () => {
    it("without Go: one line naming Go and ROMA_PULUMI_DIR, exit 1, nothing on stdout", () => {
        // A PATH with bash and coreutils but no go.
        const PATH = "/usr/bin:/bin";
        assert.notEqual(spawnSync("sh", ["-c", "command -v go"], { env: { PATH } }).status, 0, "this test needs a PATH without go");
        const r = where({ PATH });
        assert.equal(r.status, 1);
        assert.equal(r.stdout, "");
        const lines = r.stderr.trim().split("\n");
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], /Go .* is needed to build the Pulumi CLI/);
        assert.match(lines[0], /ROMA_PULUMI_DIR/);
    });

    it("ROMA_PULUMI_DIR without a working pulumi is refused, naming the folder", () => {
        const dir = tempDir("roma-where-cli");
        const r = where({ PATH: "/usr/bin:/bin", ROMA_PULUMI_DIR: dir });
        assert.equal(r.status, 1);
        assert.equal(r.stdout, "");
        assert.match(r.stderr, new RegExp(`ROMA_PULUMI_DIR=${dir} has no working \`pulumi\``));
    });

    it("ROMA_PULUMI_DIR with a pulumi that runs is printed as the folder, as the last line", () => {
        const dir = path.join(tempDir("roma-where-ok"), "bin");
        mkdirSync(dir);
        writeFileSync(path.join(dir, "pulumi"), "#!/bin/sh\necho v3.0.0\n", { mode: 0o755 });
        const r = where({ PATH: "/usr/bin:/bin", ROMA_PULUMI_DIR: dir });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim().split("\n").pop(), dir);
    });
});
