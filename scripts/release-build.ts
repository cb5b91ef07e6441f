// `npm run release:build [-- [--archives <dir>] [<outDir>]]`: every artifact of a release in one
// folder (default dist-release/v<version>), as .github/workflows/release.yml publishes them:
// - the npm package (`npm pack`): pulumi-roma-tasks-<version>.tgz
// - the native provider's Node.js SDK @pulumi-roma-tasks/roma (sdk/nodejs), compiled by `tsc` and
//   packed as Pulumi's providers publish theirs: pulumi-roma-tasks-roma-<version>.tgz
// - the Python SDK (sdk/python) as sdist and wheel (PyPA's `build`, in a virtual environment of
//   its own kept in the cache outside the clone, so the machine's Python needs nothing installed)
// - the Java SDK's jar and pom, when sdk/java/pom.xml exists (`mvn package`)
// - the plugin archive for this machine (`npm run plugin:archive`), and those in `--archives <dir>`
//   (the release workflow's other runners build theirs: linux-arm64, darwin-amd64/arm64, windows-amd64)
// - schema.json (what the plugin serves, checked against the committed sdk/schema.json)
// - the release notes (this version's CHANGELOG section) and SHA256SUMS of every other file.
// The version of each comes from package.json (the schema's and so the SDKs' too). The Go SDK is
// released by a tag, which this prints; the last line of output is the folder.
import { execFileSync } from "node:child_process";
import { homedir } from "node:os";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PLATFORM, archiveName, buildPluginArchive, sha256File } from "./plugin-archive";

const REPO = path.resolve(__dirname, "..");
const log = (line: string) => process.stderr.write(`release:build: ${line}\n`);

function run(cmd: string, args: string[], cwd = REPO): string {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
}

/** This version's section of CHANGELOG.md (`## [<version>] - <date>` up to the next `## `); a release without one is refused. */
export function releaseNotes(changelog: string, version: string): string {
    const heading = new RegExp(`^## \\[${version.replace(/\./g, "\\.")}\\].*$`, "m");
    const start = changelog.search(heading);
    if (start < 0) throw new Error(`CHANGELOG.md has no section "## [${version}] - <date>": move the Unreleased entries under it first`);
    const rest = changelog.slice(start);
    const next = rest.slice(1).search(/^## /m);
    return `${(next < 0 ? rest : rest.slice(0, next + 1)).trim()}\n`;
}

/** `<sha256>  <name>` lines for every file of the folder, sorted by name: what `sha256sum -c SHA256SUMS` checks. */
export function sha256Sums(dir: string): string {
    return readdirSync(dir)
        .filter((f) => f !== "SHA256SUMS")
        .sort()
        .map((f) => `${sha256File(path.join(dir, f))}  ${f}\n`)
        .join("");
}

/** PyPA's `build`, pinned: the release's sdist and wheel do not change with whatever pip finds newest. */
const PYTHON_BUILD = "build==1.3.0";

/**
 * A Python with `build` in it: a virtual environment made once from the machine's `python3` in the
 * cache `npm run pulumi:where` uses (keyed by the pin), so a fresh machine (or one whose Python
 * refuses `pip install` outside a venv, PEP 668) needs only Python itself.
 */
export function pythonWithBuild(): string {
    const cache = process.env.ROMA_PULUMI_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache"), "pulumi-roma-tasks");
    const venv = path.join(cache, `python-${PYTHON_BUILD.replace("==", "-")}`);
    const python = path.join(venv, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
    if (existsSync(path.join(venv, ".complete"))) return python;
    log(`a Python virtual environment with ${PYTHON_BUILD} in ${venv}`);
    rmSync(venv, { recursive: true, force: true });
    run("python3", ["-m", "venv", venv]);
    run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", PYTHON_BUILD]);
    writeFileSync(path.join(venv, ".complete"), `${PYTHON_BUILD}\n`);
    return python;
}

function pythonSdk(out: string): void {
    // A copy, so the build leaves no build/ or egg-info in the generated SDK.
    const work = mkdtempSync(path.join(tmpdir(), "roma-release-python-"));
    try {
        cpSync(path.join(REPO, "sdk", "python"), work, { recursive: true, filter: (src) => !/[\\/](build|dist|[^\\/]*\.egg-info)$/.test(src) });
        run(pythonWithBuild(), ["-m", "build", "--sdist", "--wheel", "--outdir", out, work]);
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

/**
 * The generated Node.js SDK is TypeScript source: compiled with the repository's `tsc` (its own
 * tsconfig.json, which writes bin/), then its package.json, README.md and LICENSE beside the output
 * and `npm pack` of that folder, the layout Pulumi's own provider SDKs are published in.
 */
function nodeSdk(out: string): void {
    const sdk = path.join(REPO, "sdk", "nodejs");
    const work = mkdtempSync(path.join(tmpdir(), "roma-release-nodejs-"));
    try {
        const bin = path.join(work, "bin");
        run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", sdk, "--outDir", bin]);
        copyFileSync(path.join(sdk, "package.json"), path.join(bin, "package.json"));
        copyFileSync(path.join(sdk, "README.md"), path.join(bin, "README.md"));
        copyFileSync(path.join(REPO, "LICENSE"), path.join(bin, "LICENSE"));
        run("npm", ["pack", "--ignore-scripts", "--pack-destination", out, "--loglevel=error"], bin);
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

function javaSdk(out: string): boolean {
    const pom = path.join(REPO, "sdk", "java", "pom.xml");
    if (!existsSync(pom)) return false;
    run("mvn", ["-q", "-B", "-f", pom, "-DskipTests", "package"]);
    const target = path.join(REPO, "sdk", "java", "target");
    const jars = readdirSync(target).filter((f) => f.endsWith(".jar") && !f.startsWith("original-"));
    if (jars.length === 0) throw new Error(`mvn package wrote no jar into ${target}`);
    for (const jar of jars) copyFileSync(path.join(target, jar), path.join(out, jar));
    // Maven Central wants the pom beside the jar as <artifactId>-<version>.pom.
    const main = jars.find((j) => !/-(sources|javadoc)\.jar$/.test(j)) ?? jars[0];
    copyFileSync(pom, path.join(out, main.replace(/\.jar$/, ".pom")));
    return true;
}

export async function releaseBuild(outDir: string, archivesDir?: string): Promise<{ dir: string; goTag: string }> {
    const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
    const dir = path.resolve(outDir);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });

    writeFileSync(path.join(dir, "RELEASE_NOTES.md"), releaseNotes(readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8"), version));

    const served = run(process.execPath, [path.join(REPO, "dist", "plugin", "cli.js"), "--schema"]);
    if (served !== readFileSync(path.join(REPO, "sdk", "schema.json"), "utf8"))
        throw new Error("sdk/schema.json is not what the plugin serves: run `npm run sdk:gen` and commit sdk/");
    writeFileSync(path.join(dir, "schema.json"), served);

    log("npm package");
    run("npm", ["pack", "--ignore-scripts", "--pack-destination", dir, "--loglevel=error"]);
    log("Node.js SDK of the native provider (@pulumi-roma-tasks/roma)");
    nodeSdk(dir);
    log("Python SDK: sdist and wheel");
    pythonSdk(dir);
    log(javaSdk(dir) ? "Java SDK: jar and pom" : "Java SDK: none (no sdk/java/pom.xml)");

    const given = archivesDir ? readdirSync(archivesDir).filter((f) => /^pulumi-resource-roma-v.+\.tar\.gz$/.test(f)) : [];
    for (const f of given) {
        if (!f.startsWith(`pulumi-resource-roma-v${version}-`)) throw new Error(`${f} in ${archivesDir} is not of version ${version}`);
        copyFileSync(path.join(archivesDir ?? "", f), path.join(dir, f));
    }
    if (!given.includes(archiveName(version, PLATFORM))) {
        log(`plugin archive for ${PLATFORM}`);
        await buildPluginArchive(dir);
        rmSync(path.join(dir, `${archiveName(version, PLATFORM)}.sha256`));
    }

    writeFileSync(path.join(dir, "SHA256SUMS"), sha256Sums(dir));
    return { dir, goTag: `sdk/v${version}` };
}

if (require.main === module) {
    const args = process.argv.slice(2);
    const at = args.indexOf("--archives");
    const archives = at >= 0 ? args.splice(at, 2)[1] : undefined;
    const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
    releaseBuild(args[0] ?? path.join(REPO, "dist-release", `v${version}`), archives).then(
        ({ dir, goTag }) => {
            for (const f of readdirSync(dir)) log(`  ${f}`);
            log(`Go SDK (sdk/go, module github.com/pulumi-roma-tasks/pulumi-roma-tasks/sdk): push the tag ${goTag} with the release tag v${version}:`);
            log(`  git tag ${goTag} v${version} && git push origin ${goTag}`);
            process.stdout.write(`${dir}\n`);
        },
        (err: unknown) => {
            process.stderr.write(`release:build: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
        },
    );
}
