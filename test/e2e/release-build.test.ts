// `npm run release:build` as a maintainer's fresh machine runs it: a clean clone, `npm ci`, and a
// Python that has no `build` (a bare virtual environment first on PATH), with an empty tool
// cache. It must make its own Python environment, and its folder must hold every artifact the
// release workflow publishes, the native provider's Node.js SDK among them, with SHA256SUMS over
// all of them. It runs once per e2e pass on the Node.js line the release workflow uses.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { PLATFORM } from "../../scripts/plugin-archive";
import { PLUGIN_NODE_LINE } from "../../scripts/plugin-bundle";
import { freshClone } from "../support/clone";
import { REPO } from "../support/package-fixture";
import { tempDir } from "../support/temp";

const VERSION = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

const run = (cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }) => {
    const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: "utf8", maxBuffer: 64 << 20 });
    return { ...r, out: `${r.stdout}\n${r.stderr}` };
};

describe("e2e: npm run release:build from a clean clone, with a Python that lacks `build`", function () {
    this.timeout(1_800_000);
    let dir: string;
    let cache: string;

    before(function () {
        if (process.versions.node.split(".")[0] !== PLUGIN_NODE_LINE) this.skip();
        const clone = freshClone();
        const bare = tempDir("roma-bare-python");
        assert.equal(run("python3", ["-m", "venv", bare], { cwd: bare }).status, 0);
        cache = tempDir("roma-empty-cache");
        const env = { ...process.env, PATH: `${path.join(bare, "bin")}${path.delimiter}${process.env.PATH ?? ""}`, ROMA_PULUMI_CACHE: cache };
        const probe = run("python3", ["-c", "import build"], { cwd: clone, env });
        assert.match(probe.out, /No module named 'build'/, "the Python first on PATH lacks build");

        const ci = run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: clone, env });
        assert.equal(ci.status, 0, ci.out);
        const built = run("npm", ["run", "-s", "release:build"], { cwd: clone, env });
        assert.equal(built.status, 0, built.out);
        dir = built.stdout.trim().split("\n").pop() ?? "";
        assert.equal(dir, path.join(clone, "dist-release", `v${VERSION}`));
    });

    it("holds every artifact of the release, the Node.js SDK of the native provider among them", () => {
        assert.deepEqual(readdirSync(dir).sort(), [
            "RELEASE_NOTES.md",
            "SHA256SUMS",
            `pulumi-resource-roma-v${VERSION}-${PLATFORM}.tar.gz`,
            `pulumi-roma-tasks-${VERSION}.tgz`,
            `pulumi-roma-tasks-roma-${VERSION}.tgz`,
            `pulumi_roma-${VERSION}-py3-none-any.whl`,
            `pulumi_roma-${VERSION}.tar.gz`,
            `roma-${VERSION}.jar`,
            `roma-${VERSION}.pom`,
            "schema.json",
        ]);
        assert.match(
            readFileSync(path.join(dir, "RELEASE_NOTES.md"), "utf8"),
            new RegExp(`^## \\[${VERSION.replace(/\./g, "\\.")}\\] - \\d{4}-\\d\\d-\\d\\d\\n`),
        );
    });

    it("SHA256SUMS covers every other file, and sha256sum -c accepts it", () => {
        const named = readFileSync(path.join(dir, "SHA256SUMS"), "utf8")
            .trim()
            .split("\n")
            .map((l) => l.split("  ")[1]);
        assert.deepEqual(
            named,
            readdirSync(dir)
                .filter((f) => f !== "SHA256SUMS")
                .sort(),
        );
        const check = run("sha256sum", ["-c", "SHA256SUMS"], { cwd: dir });
        assert.equal(check.status, 0, check.out);
    });

    it("made its own Python environment with build, in the cache outside the clone", () => {
        const venvs = readdirSync(cache).filter((f) => f.startsWith("python-build-"));
        assert.equal(venvs.length, 1, readdirSync(cache).join(", "));
        assert.equal(run(path.join(cache, venvs[0], "bin", "python"), ["-c", "import build"], { cwd: cache }).status, 0);
    });

    it("the @pulumi-roma-tasks/roma tarball is compiled JavaScript with types that loads beside @pulumi/pulumi and names the plugin's release", () => {
        const project = tempDir("roma-sdk-consumer");
        const modules = path.join(project, "node_modules");
        mkdirSync(path.join(modules, "@pulumi-roma-tasks", "roma"), { recursive: true });
        symlinkSync(path.join(REPO, "node_modules", "@pulumi"), path.join(modules, "@pulumi"), "dir");
        const untar = run(
            "tar",
            ["xzf", path.join(dir, `pulumi-roma-tasks-roma-${VERSION}.tgz`), "-C", path.join(modules, "@pulumi-roma-tasks", "roma"), "--strip-components=1"],
            {
                cwd: project,
            },
        );
        assert.equal(untar.status, 0, untar.out);
        const pkg = JSON.parse(readFileSync(path.join(modules, "@pulumi-roma-tasks", "roma", "package.json"), "utf8")) as {
            name: string;
            version: string;
            pulumi: { name: string; version: string; server: string };
        };
        assert.deepEqual([pkg.name, pkg.version, pkg.pulumi.name, pkg.pulumi.version], ["@pulumi-roma-tasks/roma", VERSION, "roma", VERSION]);
        const files = readdirSync(path.join(modules, "@pulumi-roma-tasks", "roma"));
        for (const f of ["index.js", "index.d.ts", "README.md", "LICENSE"]) assert.ok(files.includes(f), `${f} in the tarball`);
        assert.ok(!files.includes("index.ts"), "no TypeScript source to compile");
        const loaded = run(
            process.execPath,
            ["-e", 'const roma = require("@pulumi-roma-tasks/roma"); console.log(typeof roma.fdi.TaskRunState, typeof roma.drs.JobRetry)'],
            {
                cwd: project,
            },
        );
        assert.equal(loaded.stdout.trim(), "function function", loaded.out);
    });
});
