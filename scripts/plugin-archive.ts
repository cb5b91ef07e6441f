// `npm run plugin:archive [-- <outDir>]`: the roma plugin as the archive
// `pulumi plugin install resource roma <version> --file <archive>` takes. The CLI unpacks it into
// its plugin folder and runs `pulumi-resource-roma` there, so the archive's root holds that
// executable (a POSIX sh launcher that runs node on the bundled JS next to it) and everything
// it needs: the package as `npm pack` ships it and its production node_modules. Run after
// `npm run build` (the npm script does both).
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..");

/** Finds node on PATH and runs the plugin entry relative to the launcher's own folder, wherever it was unpacked. */
export const LAUNCHER = `#!/bin/sh
# pulumi-resource-roma: the roma provider plugin (pulumi-roma-tasks). Runs the bundled provider
# with the node on PATH (Node.js >= 20.18.1), from the folder this file was unpacked to.
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd) || exit 1
exec node "$dir/dist/plugin/cli.js" "$@"
`;

/** Pulumi's platform names in plugin archive file names. */
const OS: Record<string, string> = { linux: "linux", darwin: "darwin", win32: "windows" };
const ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64" };

function run(cmd: string, args: string[], cwd: string): string {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

export function buildPluginArchive(outDir: string): string {
    const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
    const work = mkdtempSync(path.join(tmpdir(), "roma-plugin-archive-"));
    try {
        // The package exactly as users install it: `npm pack`'s file list (dist, README, ...).
        run("npm", ["pack", "--ignore-scripts", "--pack-destination", work, "--loglevel=error"], REPO);
        const tarball = path.join(work, readdirSync(work).find((f) => f.endsWith(".tgz")) ?? "");
        run("tar", ["xzf", tarball, "-C", work], REPO);
        const root = path.join(work, "package");
        // Production dependencies at the versions the lockfile pins: what the tests ran against.
        cpSync(path.join(REPO, "package-lock.json"), path.join(root, "package-lock.json"));
        run("npm", ["ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], root);
        rmSync(path.join(root, "package-lock.json"));
        writeFileSync(path.join(root, "pulumi-resource-roma"), LAUNCHER);
        chmodSync(path.join(root, "pulumi-resource-roma"), 0o755);

        mkdirSync(outDir, { recursive: true });
        const platform = `${OS[process.platform] ?? process.platform}-${ARCH[process.arch] ?? process.arch}`;
        const archive = path.join(path.resolve(outDir), `pulumi-resource-roma-v${version}-${platform}.tar.gz`);
        run("tar", ["czf", archive, "-C", root, "."], REPO);
        return archive;
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const archive = buildPluginArchive(process.argv[2] ?? path.join(REPO, "dist-plugin"));
    process.stdout.write(`${archive}\n`);
}
