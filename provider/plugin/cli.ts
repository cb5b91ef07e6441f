#!/usr/bin/env node
// `pulumi-resource-roma`: the plugin executable the engine starts with its own gRPC address as
// the first argument. It prints the port it serves on as the first line of stdout (the engine
// reads nothing else there) and sends user-facing lines to the engine's log. Of the engine it
// uses only Log, and a failed Log call falls back to stderr.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type * as EngineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import { engineGrpc, enginePb, grpc } from "./proto";
import { createPluginServer, serve } from "./server";

function packageVersion(): string {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}

function engineLog(address: string | undefined): (message: string) => void {
    const toStderr = (message: string) => process.stderr.write(`${message}\n`);
    if (!address) return toStderr;
    let engine: EngineGrpc.EngineClient | undefined;
    return (message) => {
        engine ??= new engineGrpc.EngineClient(address, grpc.credentials.createInsecure());
        const req = new enginePb.LogRequest();
        req.setSeverity(enginePb.LogSeverity.INFO);
        req.setMessage(message);
        engine.log(req, (err) => {
            if (err) toStderr(message);
        });
    };
}

/**
 * A rejection no call awaits, or an exception no call catches, is a bug: the process's state is
 * unknown, so it ends, saying what failed and where (the engine shows the plugin's stderr)
 * instead of Node's bare stack.
 */
function stopOn(kind: string, reason: unknown): never {
    const detail = reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : String(reason);
    process.stderr.write(
        `pulumi-resource-roma: ${kind}, the provider stops: ${detail}\n` +
            "pulumi-resource-roma: this is a bug in pulumi-roma-tasks; please report it with the lines above. Calls in flight are lost: run `pulumi refresh`, then the command again.\n",
    );
    process.exit(1);
}

process.on("unhandledRejection", (reason) => stopOn("unhandled rejection", reason));
process.on("uncaughtException", (err) => stopOn("uncaught exception", err));

async function main(): Promise<void> {
    const address = process.argv.slice(2).find((a) => !a.startsWith("-"));
    const plugin = createPluginServer({ version: packageVersion(), log: engineLog(address) });
    const { port } = await serve(plugin);
    process.stdout.write(`${port}\n`);
}

main().catch((err: unknown) => {
    process.stderr.write(`pulumi-resource-roma: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
