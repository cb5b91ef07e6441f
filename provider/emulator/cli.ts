#!/usr/bin/env node
// `roma-emulator [--port N] [--state FILE] [--seed FILE]`
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_EMULATOR_CREDENTIALS, SeedData } from "./model";
import { startEmulator } from "./index";

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { port: { type: "string", default: "8080" }, state: { type: "string" }, seed: { type: "string" } } });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
    const emulator = await startEmulator({ port, stateFile: values.state });
    if (values.seed) await emulator.admin.seed(SeedData.parse(JSON.parse(readFileSync(values.seed, "utf8"))));
    const c = DEFAULT_EMULATOR_CREDENTIALS;
    console.log(`roma-emulator listening on ${emulator.url}`);
    console.log(`  roma:endpoint / roma:drsEndpoint = ${emulator.url}, roma:authUrl = ${emulator.url}/v3`);
    console.log(
        `  token: ${c.tokens[0]} | AK/SK: ${c.accessKeys[0].accessKey} / ${c.accessKeys[0].secretKey} | user: ${c.users[0].domainName}/${c.users[0].userName}/${c.users[0].password}`,
    );
    console.log(`  state file: ${values.state ?? "(none: in memory)"}; admin API under ${emulator.url}/__emulator/`);
    const stop = () => void emulator.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
