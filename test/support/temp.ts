// Temporary directories that tests create (a packed-and-installed project is about 100 MB):
// each is removed when the test process exits, however it exits, also when a single file runs
// without the mocha config.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const created: string[] = [];

process.on("exit", () => {
    for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new, empty directory under the system temp dir, removed at exit. */
export function tempDir(prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
    created.push(dir);
    return dir;
}

/** Removes a directory from tempDir now (it is then not removed again at exit). */
export function removeTempDir(dir: string): void {
    const i = created.indexOf(dir);
    if (i >= 0) created.splice(i, 1);
    rmSync(dir, { recursive: true, force: true });
}
