// A fresh project with this package installed from its `npm pack` tarball, exactly as users
// get it. Built once per test run (memoised) and shared by every host-level test; removed when
// the test process exits.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import * as path from "node:path";
import { tempDir } from "./temp";

export const REPO = path.resolve(__dirname, "..", "..");

export interface PackageFixture {
    /** Project directory with node_modules/pulumi-roma-tasks installed from the tarball. */
    dir: string;
    tarball: string;
}

let memo: PackageFixture | undefined;

function npm(args: string[], cwd: string): string {
    return execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/** Installs the tarball (and any other `dependencies`) into the project directory `dir`. */
export function installInto(dir: string, tarball: string, dependencies: Record<string, string> = {}): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify(
            { name: "roma-fixture", version: "1.0.0", private: true, dependencies: { "pulumi-roma-tasks": `file:${tarball}`, ...dependencies } },
            null,
            2,
        ),
    );
    // Not --prefer-offline: a cached list of versions can be old, and users get the newest.
    npm(["install", "--no-audit", "--no-fund", "--loglevel=error"], dir);
}

/**
 * `ROMA_TEST_FIXTURE_DIR` reuses an existing fixture for fast local iteration; CI always
 * packs and installs anew. Assumes `npm run build` has run (the `pretest` script does it).
 */
export function packageFixture(): PackageFixture {
    if (memo) return memo;
    const reuse = process.env.ROMA_TEST_FIXTURE_DIR;
    if (reuse && existsSync(path.join(reuse, "node_modules", "pulumi-roma-tasks"))) {
        memo = { dir: reuse, tarball: "" };
        return memo;
    }
    const root = tempDir("roma-fixture");
    // --ignore-scripts: `prepare` would rebuild dist/ while other suites read it; pretest built it.
    npm(["pack", "--ignore-scripts", "--pack-destination", root, "--loglevel=error"], REPO);
    const tarball = path.join(root, readdirSync(root).find((f) => f.endsWith(".tgz")) as string);
    const dir = path.join(root, "project");
    installInto(dir, tarball);
    memo = { dir, tarball };
    return memo;
}
