#!/usr/bin/env node
// `pulumi-resource-roma`: the plugin executable the engine starts with its own gRPC address as
// the first argument. It prints the port it serves on as the first line of stdout (the engine
// reads nothing else there) and sends user-facing lines to the engine's log. Of the engine it
// uses only Log, and a failed Log call falls back to stderr.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { engineAddress, engineLog } from "../dynamic/engine-log";
import { createPluginServer, serve } from "./server";

function packageVersion(): string {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}

async function main(): Promise<void> {
    // A status line the engine cannot take is dropped (the next one replaces it anyway); any other goes to stderr.
    const log = engineLog(engineAddress(), (message, line) => {
        if (!line.ephemeral) process.stderr.write(`${message}\n`);
    });
    const plugin = createPluginServer({ version: packageVersion(), log });
    const { port } = await serve(plugin);
    process.stdout.write(`${port}\n`);
}

main().catch((err: unknown) => {
    process.stderr.write(`pulumi-resource-roma: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
