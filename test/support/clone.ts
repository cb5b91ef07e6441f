// The working tree as a fresh clone of it has it: tracked and new files, nothing ignored (no
// node_modules, no dist/), for the tests of what a new machine runs first.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { REPO } from "./package-fixture";
import { tempDir } from "./temp";

export function freshClone(): string {
    const clone = tempDir("roma-fresh-clone");
    const files = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" });
    if (files.status !== 0) throw new Error(`git ls-files: ${files.stderr}`);
    for (const f of files.stdout.split("\0").filter(Boolean)) {
        const from = path.join(REPO, f);
        if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
        mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
        copyFileSync(from, path.join(clone, f));
    }
    return clone;
}
