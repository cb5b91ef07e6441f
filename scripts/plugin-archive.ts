// `npm run plugin:archive [-- <outDir>]`: the roma plugin as the archive
// `pulumi plugin install resource roma <version> --file <archive>` takes, and as the CLI downloads
// it from the schema's pluginDownloadURL: `pulumi-resource-roma-v<version>-<os>-<arch>.tar.gz`
// (the name pkg/workspace's `standardAssetName` in pulumi/pulumi looks for in a GitHub release).
// Its root holds the single executable (scripts/plugin-bundle.ts), LICENSE and README.md, and
// nothing else: no node, no node_modules. Beside it, `<archive>.sha256` (`sha256sum` format).
// The archive is for the OS and architecture of the node running this; the release workflow
// builds the others on their own runners. The last line of output is the archive's path.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PLUGIN_EXECUTABLE, buildPluginExecutable } from "./plugin-bundle";

const REPO = path.resolve(__dirname, "..");

/** Pulumi's platform names in plugin archive file names. */
const OS: Record<string, string> = { linux: "linux", darwin: "darwin", win32: "windows" };
const ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64" };

export const PLATFORM = `${OS[process.platform] ?? process.platform}-${ARCH[process.arch] ?? process.arch}`;

/** The archive's file name: what the CLI looks for in a release (`standardAssetName` in pulumi/pulumi's sdk/go/common/workspace/plugins.go). */
export const archiveName = (version: string, platform: string): string => `pulumi-resource-roma-v${version}-${platform}.tar.gz`;

/** What the archive's root holds, in order. */
export const ARCHIVE_FILES = [PLUGIN_EXECUTABLE, "LICENSE", "README.md"];

export function sha256File(file: string): string {
    return createHash("sha256").update(readFileSync(file)).digest("hex");
}

export async function buildPluginArchive(outDir: string): Promise<string> {
    const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };
    const work = mkdtempSync(path.join(tmpdir(), "roma-plugin-archive-"));
    try {
        const root = path.join(work, "root");
        await buildPluginExecutable(root, work);
        for (const f of ARCHIVE_FILES.slice(1)) copyFileSync(path.join(REPO, f), path.join(root, f));
        mkdirSync(outDir, { recursive: true });
        const archive = path.join(path.resolve(outDir), archiveName(version, PLATFORM));
        // bsdtar (macOS, Windows) and GNU tar both take these flags; the names are relative to the root. The
        // archive is named relative to its folder: GNU tar (Git Bash's, on Windows) reads `D:\…` as a remote host.
        execFileSync("tar", ["czf", path.basename(archive), "-C", root, ...ARCHIVE_FILES], {
            cwd: path.dirname(archive),
            stdio: ["ignore", "ignore", "inherit"],
        });
        writeFileSync(`${archive}.sha256`, `${sha256File(archive)}  ${path.basename(archive)}\n`);
        return archive;
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

if (require.main === module) {
    buildPluginArchive(process.argv[2] ?? path.join(REPO, "dist-plugin")).then(
        (archive) => process.stdout.write(`${archive}\n`),
        (err: unknown) => {
            process.stderr.write(`plugin:archive: ${err instanceof Error ? err.message : String(err)}\n`);
            process.exit(1);
        },
    );
}
