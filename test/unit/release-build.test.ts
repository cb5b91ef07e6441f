// What `npm run release:build` writes beside the artifacts (scripts/release-build.ts): the
// version's CHANGELOG section as release notes, and SHA256SUMS as `sha256sum -c` reads it.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { releaseNotes, sha256Sums } from "../../scripts/release-build";
import { REPO } from "../support/package-fixture";
import { tempDir } from "../support/temp";

describe("release:build", () => {
    const changelog = readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8");

    it("takes the release notes from the version's CHANGELOG section, up to the next one", () => {
        const notes = releaseNotes(changelog, "0.2.0");
        assert.match(notes, /^## \[0\.2\.0\] - \d{4}-\d{2}-\d{2}\n/);
        assert.doesNotMatch(notes, /## \[0\.1\.0\]|## \[Unreleased\]/);
        assert.ok(changelog.includes(notes.trim()));
        assert.match(releaseNotes(changelog, "0.1.0"), /^## \[0\.1\.0\]/);
    });

    it("refuses a version the CHANGELOG has no section for", () => {
        assert.throws(() => releaseNotes(changelog, "9.9.9"), /CHANGELOG\.md has no section "## \[9\.9\.9\] - <date>"/);
        assert.throws(() => releaseNotes(changelog, "0.2.01"), /no section/);
    });

    it("writes SHA256SUMS that sha256sum -c accepts, and that fail when a file changes", () => {
        const dir = tempDir("roma-release-sums");
        writeFileSync(path.join(dir, "b.tgz"), "bytes of b");
        writeFileSync(path.join(dir, "a.whl"), "bytes of a");
        writeFileSync(path.join(dir, "SHA256SUMS"), sha256Sums(dir));
        assert.deepEqual(
            readFileSync(path.join(dir, "SHA256SUMS"), "utf8")
                .trim()
                .split("\n")
                .map((l) => l.split("  ")[1]),
            ["a.whl", "b.tgz"],
        );
        assert.equal(spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: dir }).status, 0);
        writeFileSync(path.join(dir, "a.whl"), "other bytes");
        assert.notEqual(spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: dir }).status, 0);
    });
});
