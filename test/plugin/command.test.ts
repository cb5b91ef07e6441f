// The plugin as a person meets it: `pulumi-resource-roma` run by hand (--help, --version,
// --schema, a typo refused), and the release archive that `pulumi plugin install resource roma
// <version> --file <archive>` takes, built by `npm run plugin:archive`'s script, unpacked into
// a folder as the CLI does, and spoken to over gRPC as the engine does.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { pluginEntry } from "../support/engine";
import { ProviderHost } from "../support/host";
import { packageFixture, REPO } from "../support/package-fixture";
import { freshClone } from "../support/clone";
import { tempDir } from "../support/temp";
import { ARCHIVE_FILES, PLATFORM, sha256File } from "../../scripts/plugin-archive";
import { PLUGIN_EXECUTABLE, PLUGIN_NODE_LINE, PLUGIN_NODE_VERSION } from "../../scripts/plugin-bundle";

const VERSION = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

function runPlugin(command: string, args: string[], opts: { cwd?: string } = {}) {
    const argv = command.endsWith(".js") ? [process.execPath, [command, ...args]] : [command, args];
    return spawnSync(argv[0] as string, argv[1] as string[], { encoding: "utf8", cwd: opts.cwd, timeout: 60_000, env: pathWithNode() });
}

/** The launcher finds node on PATH, as it would on a user's machine. */
const pathWithNode = () => ({ ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` });

describe("pulumi-resource-roma as a command", function () {
    this.timeout(180_000);
    let entry: string;
    before(() => (entry = pluginEntry(packageFixture().dir)));

    it("--help prints the usage and exits 0, without serving", () => {
        const r = runPlugin(entry, ["--help"]);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^Usage: pulumi-resource-roma \[--help \| --version \| --schema\]/);
        assert.match(r.stdout, /pulumi plugin install resource roma <version> --file/);
        assert.equal(runPlugin(entry, ["-h"]).stdout, r.stdout);
    });

    it("--version prints the package's version and the Node.js that runs it", () => {
        const r = runPlugin(entry, ["--version"]);
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `${VERSION} (Node.js ${process.version})\n`);
    });

    it("--schema prints the package schema that GetSchema answers, its version the package's", async () => {
        const r = runPlugin(entry, ["--schema"]);
        assert.equal(r.status, 0, r.stderr);
        const printed = JSON.parse(r.stdout) as Record<string, unknown>;
        assert.equal(printed.name, "roma");
        assert.equal(printed.version, VERSION);
        const host = await ProviderHost.start({ fixtureDir: packageFixture().dir, entry });
        try {
            assert.deepEqual(printed, await host.getSchema());
        } finally {
            await host.stop();
        }
    });

    for (const flag of ["--bogus", "-x", "--schemas"]) {
        it(`an unknown option (${flag}) is refused with the usage, exit code 2`, () => {
            const r = runPlugin(entry, [flag]);
            assert.equal(r.status, 2);
            assert.equal(r.stdout, "", "no port printed: nothing was served");
            assert.match(r.stderr, new RegExp(`^pulumi-resource-roma: unknown option ${flag}\\nUsage: pulumi-resource-roma`));
        });
    }

    it("the flags the engine passes to every plugin are accepted, and it serves", async () => {
        const host = await ProviderHost.start({ fixtureDir: packageFixture().dir, entry, args: ["--logtostderr", "-v=9", "--tracing", "127.0.0.1:1"] });
        try {
            assert.equal((await host.getPluginInfo()).version, VERSION);
        } finally {
            await host.stop();
        }
    });
});

describe("the plugin archive for `pulumi plugin install --file`", function () {
    this.timeout(600_000);
    let installed: string;
    let archive: string;

    before(() => {
        const out = tempDir("roma-plugin-archive-out");
        // What `npm run plugin:archive -- <out>` runs once `npm run build` has (pretest built dist/).
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO, "scripts", "plugin-archive.ts"), out], {
            cwd: REPO,
            encoding: "utf8",
        });
        assert.equal(r.status, 0, r.stderr);
        archive = r.stdout.trim().split("\n").pop() ?? "";
        assert.deepEqual(readdirSync(out).sort(), [path.basename(archive), `${path.basename(archive)}.sha256`]);
        // `pulumi plugin install resource roma <version> --file <archive>` unpacks it into the plugin cache.
        installed = path.join(tempDir("roma-plugin-home"), "plugins", `resource-roma-v${VERSION}`);
        mkdirSync(installed, { recursive: true });
        const untar = spawnSync("tar", ["xzf", archive, "-C", installed], { encoding: "utf8" });
        assert.equal(untar.status, 0, untar.stderr);
    });

    it(`is named for the release (pulumi-resource-roma-v${VERSION}-<os>-<arch>.tar.gz) and holds the executable, LICENSE and README.md: no node, no node_modules`, () => {
        assert.equal(path.basename(archive), `pulumi-resource-roma-v${VERSION}-${PLATFORM}.tar.gz`);
        assert.deepEqual(readdirSync(installed).sort(), [...ARCHIVE_FILES].sort());
        const executable = path.join(installed, PLUGIN_EXECUTABLE);
        assert.ok((statSync(executable).mode & 0o111) !== 0, "executable");
        assert.ok(!readFileSync(executable).subarray(0, 2).equals(Buffer.from("#!")), "a binary, not a script that needs an interpreter");
        assert.equal(readFileSync(path.join(installed, "LICENSE"), "utf8"), readFileSync(path.join(REPO, "LICENSE"), "utf8"));
    });

    it("writes its SHA-256 beside it, as `sha256sum -c` reads it", () => {
        assert.equal(readFileSync(`${archive}.sha256`, "utf8"), `${sha256File(archive)}  ${path.basename(archive)}\n`);
        const check = spawnSync("sha256sum", ["-c", `${path.basename(archive)}.sha256`], { cwd: path.dirname(archive), encoding: "utf8" });
        assert.equal(check.status, 0, check.stderr);
    });

    it(`runs from another working directory with no node on PATH: --version (the embedded Node.js is ${PLUGIN_NODE_LINE}), and GetPluginInfo and GetSchema over gRPC`, async () => {
        const executable = path.join(installed, PLUGIN_EXECUTABLE);
        const elsewhere = tempDir("roma-plugin-cwd");
        const noNode = { ...process.env, PATH: tempDir("roma-empty-path") };
        const v = spawnSync(executable, ["--version"], { cwd: elsewhere, encoding: "utf8", timeout: 60_000, env: noNode });
        assert.equal(v.status, 0, v.stderr);
        assert.equal(v.stdout, `${VERSION} (Node.js v${PLUGIN_NODE_VERSION})\n`);
        assert.match(PLUGIN_NODE_VERSION, new RegExp(`^${PLUGIN_NODE_LINE}\\.`), "scripts/node-versions.json pins the plugin's line");
        const host = await ProviderHost.start({ fixtureDir: packageFixture().dir, command: executable, cwd: elsewhere, env: noNode });
        try {
            assert.equal((await host.getPluginInfo()).version, VERSION);
            const schema = await host.getSchema();
            assert.equal(schema.name, "roma");
            assert.equal(schema.version, VERSION);
        } finally {
            await host.stop();
        }
    });
});

describe("plugin/ (the PulumiPlugin.yaml folder) from a fresh clone", function () {
    this.timeout(900_000);

    it("`npm install` there (what `pulumi package add` runs) installs and builds the repository; run-plugin then serves GetSchema", async () => {
        const clone = freshClone();
        assert.ok(!existsSync(path.join(clone, "dist")) && !existsSync(path.join(clone, "node_modules")));
        const pluginDir = path.join(clone, "plugin");
        const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: pluginDir, encoding: "utf8" });
        assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}`);
        assert.ok(existsSync(path.join(clone, "dist", "plugin", "cli.js")), "the repository was built");

        const host = await ProviderHost.start({
            fixtureDir: clone,
            cwd: pluginDir,
            entry: require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [pluginDir] }),
            args: [pluginDir],
        });
        try {
            const schema = await host.getSchema();
            assert.equal(schema.name, "roma");
            assert.equal(schema.version, VERSION);
        } finally {
            await host.stop();
        }
        const own = JSON.parse(readFileSync(path.join(REPO, "plugin", "package.json"), "utf8")) as { version: string };
        assert.equal(own.version, VERSION, "plugin/package.json follows the package's version");
    });
});
