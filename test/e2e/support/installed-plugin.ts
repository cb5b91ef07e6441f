// The plugin as a release user gets it: the archive `npm run plugin:archive` builds, installed by
// the real CLI (`pulumi plugin install resource roma <version> --file <archive>`) into the
// project's PULUMI_HOME, and run by the engine with a PATH that holds the CLI and its language
// hosts and no `node`, so only the single executable can serve the stack.
import { readFileSync, readdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { buildPluginArchive } from "../../../scripts/plugin-archive";
import { REPO } from "../../support/package-fixture";
import { tempDir } from "../../support/temp";
import { toolchainDir, type CliProject } from "./cli";

export const PLUGIN_VERSION = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

let archive: Promise<string> | undefined;

/** The archive for this machine, built once per test process. */
export function pluginArchive(): Promise<string> {
    return (archive ??= buildPluginArchive(tempDir("roma-archive")));
}

/**
 * A folder to be the whole PATH: links to the CLI and its language hosts, leaving out the
 * Node.js dynamic-provider host (a node script), and nothing else.
 */
export function pathWithoutNode(): string {
    const dir = tempDir("roma-path-without-node");
    const tools = toolchainDir();
    for (const f of readdirSync(tools)) if (f.startsWith("pulumi") && !f.includes("nodejs")) symlinkSync(path.join(tools, f), path.join(dir, f));
    return dir;
}

/** `pulumi plugin install resource roma <version> --file <archive>` in the project's PULUMI_HOME. */
export async function installPluginArchive(project: CliProject): Promise<void> {
    await project.ok(["plugin", "install", "resource", "roma", PLUGIN_VERSION, "--file", await pluginArchive()]);
}
