#!/usr/bin/env node
// `pulumi-resource-roma`: the plugin executable the engine starts with its own gRPC address as
// the first argument. It prints the port it serves on as the first line of stdout (the engine
// reads nothing else there) and sends user-facing lines to the engine's log. Of the engine it
// uses only Log, and a failed Log call falls back to stderr.
import { engineLog } from "../dynamic/engine-log";
import { packageSchema } from "./schema";
import { createPluginServer, serve } from "./server";

function packageVersion(): string {
    // A require of the JSON file, not a read of it: the single-executable bundle (scripts/plugin-bundle.ts)
    // then holds the version, since no package.json lies beside the executable.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require("../../package.json") as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "0.0.0";
}

const USAGE = [
    "Usage: pulumi-resource-roma [--help | --version | --schema]",
    "",
    "The roma native provider plugin of pulumi-roma-tasks. The Pulumi engine starts it with its",
    "own address as the argument (pulumi-resource-roma <engine address>); it then serves the",
    "provider's gRPC service on 127.0.0.1 and prints the port.",
    "",
    "Options:",
    "  -h, --help     print this help and exit",
    "  --version      print the plugin's version and the Node.js it runs on, and exit",
    "  --schema       print the package schema (JSON), as `pulumi package get-schema` shows it, and exit",
    "",
    "Install: pulumi plugin install resource roma <version> --file <pulumi-resource-roma archive>",
].join("\n");

/** A command-line mistake: said with the usage, exit code 2. */
class UsageError extends Error {}

/**
 * Flags the engine itself passes to every plugin it starts (`--logtostderr`, `--logflow`,
 * `-v=N`, `--tracing <endpoint>`, pkg/workspace/plugins.go and sdk/go/common/resource/plugin/
 * plugin.go in pulumi/pulumi): accepted and ignored, so only a person's typo is refused.
 */
const ENGINE_FLAGS = /^(--logtostderr|--logflow|-v=\d+|--tracing(=.*)?)$/;

type Command = { run: "help" | "version" | "schema" } | { run: "serve"; address?: string };

function parseCommandLine(argv: readonly string[]): Command {
    const [first] = argv;
    if (first === "-h" || first === "--help") return { run: "help" };
    if (first === "--version") return { run: "version" };
    if (first === "--schema") return { run: "schema" };
    const positional: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--tracing") i++;
        else if (ENGINE_FLAGS.test(a)) continue;
        else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}`);
        else positional.push(a);
    }
    if (positional.length > 1) throw new UsageError(`unexpected arguments ${positional.slice(1).join(" ")}; the engine passes only its address`);
    return { run: "serve", address: positional[0] };
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

async function main(argv: readonly string[]): Promise<void> {
    const command = parseCommandLine(argv);
    const version = packageVersion();
    switch (command.run) {
        case "help":
            process.stdout.write(`${USAGE}\n`);
            return;
        case "version":
            // The single executable's Node.js is the one it embeds: a user can tell whether it has a security fix.
            process.stdout.write(`${version} (Node.js ${process.version})\n`);
            return;
        case "schema":
            process.stdout.write(`${JSON.stringify(packageSchema(version), null, 2)}\n`);
            return;
    }
    // A status line the engine cannot take is dropped (the next one replaces it anyway); any other goes to stderr.
    const log = engineLog(command.address, (message, line) => {
        if (!line.ephemeral) process.stderr.write(`${message}\n`);
    });
    const plugin = createPluginServer({ version, log });
    const { port } = await serve(plugin);
    process.stdout.write(`${port}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`pulumi-resource-roma: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
});
