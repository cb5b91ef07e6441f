#!/usr/bin/env node
// `roma-emulator`: the emulator as a command. The options, their help and the parser's
// configuration come from one table, so `--help` always lists exactly what is accepted.
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { ADMIN_PREFIX, ADMIN_ROUTES } from "./admin-api";
import { DEMO_INSTANCE_ID, DEMO_PROJECT_ID, DEMO_SEED } from "./demo";
import { DEFAULT_EMULATOR_CREDENTIALS, EmulatorIamConfig, SeedData } from "./model";
import type { EmulatorIamConfig as EmulatorIamConfigType, SeedData as SeedDataType } from "./types";
import { describeIssues, formatProblems, parseWith } from "./validation";
import { startEmulator, type RunningEmulator } from "./index";

const DEFAULT_PORT = 8080;

const OPTIONS = {
    port: { type: "string", value: "N", help: `port on 127.0.0.1; 0 picks a free one (default ${DEFAULT_PORT})` },
    state: { type: "string", value: "FILE", help: "keep tasks and jobs in FILE, written after every change; an existing FILE is loaded as it is" },
    seed: { type: "string", value: "FILE", help: "load tasks and jobs from FILE (JSON, the body of POST seed) into a new state" },
    iam: { type: "string", value: "FILE", help: "agencies and OIDC identity providers of the emulated IAM from FILE (JSON, the body of POST iam)" },
    demo: { type: "boolean", help: `load the example stack's data (project ${DEMO_PROJECT_ID}, instance ${DEMO_INSTANCE_ID}) into a new state` },
    reset: { type: "boolean", help: "with --state: start over from an empty state (then --demo and --seed), discarding what FILE holds" },
    help: { type: "boolean", short: "h", help: "print this help and exit" },
} as const satisfies Record<string, { type: "string" | "boolean"; short?: string; value?: string; help: string }>;

const optionNames = Object.keys(OPTIONS).map((k) => `--${k}`);

/** A mistake on the command line: reported with a pointer to --help, exit code 2. */
class UsageError extends Error {}

function usage(): string {
    const flags = Object.entries(OPTIONS).map(([name, o]) => {
        const short = "short" in o ? `-${o.short}, ` : "    ";
        return [`${short}--${name}${"value" in o ? ` ${o.value}` : ""}`, o.help];
    });
    const width = Math.max(...flags.map(([f]) => f.length));
    const url = `http://127.0.0.1:${DEFAULT_PORT}`;
    const c = DEFAULT_EMULATOR_CREDENTIALS;
    return [
        "Usage: roma-emulator [options]",
        "",
        "A local emulator of the Huawei Cloud ROMA Connect FDI, DRS and IAM APIs, on 127.0.0.1.",
        "Without --state it keeps everything in memory. With --state FILE, a restart with the same",
        "command carries on where the last one stopped: --seed and --demo fill only a new FILE.",
        "",
        "Options:",
        ...flags.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`),
        "",
        `Point the provider at it: roma:endpoint = roma:drsEndpoint = ${url}, roma:authUrl = ${url}/v3`,
        `Credentials (public dummies): token ${c.tokens[0]}; AK/SK ${c.accessKeys[0].accessKey} / ${c.accessKeys[0].secretKey};`,
        `  user ${c.users[0].userName}, password ${c.users[0].password}, domain ${c.users[0].domainName}`,
        "",
        `Admin API (no auth): ${url}${ADMIN_PREFIX}`,
        ...Object.entries(ADMIN_ROUTES).map(([route, what]) => `  ${route.padEnd(18)}  ${what}`),
        "",
        "Examples:",
        "  roma-emulator --demo                           the example stack's data, in memory",
        "  roma-emulator --demo --state emulator.json     the same, kept across restarts",
        "  roma-emulator --state emulator.json --reset --seed my-tasks.json",
    ].join("\n");
}

interface Options {
    port: number;
    state?: string;
    seed?: SeedDataType;
    seedFile?: string;
    iam?: EmulatorIamConfigType;
    demo: boolean;
    reset: boolean;
}

function parseCommandLine(argv: string[]): Options | "help" {
    let values: { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "string" ? string : boolean };
    try {
        const config = Object.fromEntries(Object.entries(OPTIONS).map(([k, o]) => [k, { type: o.type, ...("short" in o ? { short: o.short } : {}) }]));
        ({ values } = parseArgs({ args: argv, options: config, strict: true, allowPositionals: false }) as { values: typeof values });
    } catch (err) {
        const code = (err as { code?: string }).code;
        const message = err instanceof Error ? err.message : String(err);
        if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
            const given = /'([^']+)'/.exec(message)?.[1] ?? message;
            throw new UsageError(`unknown option ${given}; the options are ${optionNames.join(", ")} (-h)`);
        }
        if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
            throw new UsageError(`unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? ""}; every setting is an option: ${optionNames.join(", ")}`);
        }
        throw new UsageError(
            message.replace(/^Option '(-[^' ]+)(?: <value>)?' argument missing.*$/, "$1 needs a value").replace(/^Option '([^']+)'/, "option $1"),
        );
    }
    if (values.help) return "help";
    const rawPort = values.port ?? String(DEFAULT_PORT);
    const port = Number(rawPort);
    if (!/^\d+$/.test(rawPort) || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got "${rawPort}"`);
    if (values.reset && !values.state) throw new UsageError("--reset needs --state FILE (without a state file every start is new)");
    return {
        port,
        state: values.state,
        seedFile: values.seed,
        seed: values.seed ? readBody("--seed", values.seed, SeedData, "seed") : undefined,
        iam: values.iam ? readBody("--iam", values.iam, EmulatorIamConfig, "IAM configuration") : undefined,
        demo: Boolean(values.demo),
        reset: Boolean(values.reset),
    };
}

/** A JSON file holding what an admin route's body holds (`--seed`, `--iam`), checked by the route's own schema. */
function readBody<T>(flag: string, file: string, schema: z.ZodType<T>, what: string): T {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (err) {
        throw new UsageError(`${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (err) {
        throw new UsageError(`${flag} ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsed = parseWith(schema, json);
    if (!parsed.ok) throw new UsageError(`${flag} ${file} is not a valid ${what}: ${formatProblems(parsed.problems)}`);
    return parsed.data;
}

async function start(opts: Options): Promise<{ emulator: RunningEmulator; fresh: boolean }> {
    const fresh = opts.state === undefined || opts.reset || !existsSync(opts.state);
    // Only a file is discarded: a directory given by mistake is refused by the store below.
    if (opts.state !== undefined && opts.reset && statSync(opts.state, { throwIfNoEntry: false })?.isFile() === true) rmSync(opts.state);
    try {
        return { emulator: await startEmulator({ port: opts.port, stateFile: opts.state, iam: opts.iam }), fresh };
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
            throw new Error(
                `port ${opts.port} on 127.0.0.1 is in use (another roma-emulator?): stop it, or choose another port with --port (0 picks a free one)`,
            );
        }
        const broken = `--state ${opts.state} is not a roma-emulator state file`;
        const fix = "fix it, or start over with --reset (which discards it)";
        if (err instanceof z.ZodError) throw new Error(`${broken} (${formatProblems(describeIssues(err))}); ${fix}`);
        if (err instanceof SyntaxError) throw new Error(`${broken} (not JSON: ${err.message}); ${fix}`);
        throw err;
    }
}

async function main(argv: string[]): Promise<void> {
    const opts = parseCommandLine(argv);
    if (opts === "help") {
        console.log(usage());
        return;
    }
    const { emulator, fresh } = await start(opts);
    const notes: string[] = [];
    if (fresh) {
        if (opts.demo) await emulator.admin.seed(DEMO_SEED);
        if (opts.seed) await emulator.admin.seed(opts.seed);
    } else if (opts.demo || opts.seed) {
        const what = [opts.demo ? "--demo" : "", opts.seed ? `--seed ${opts.seedFile}` : ""].filter(Boolean).join(" and ");
        notes.push(`${what} not applied: ${opts.state} already exists and wins; add --reset to discard it and start over`);
    }
    const { tasks, jobs } = await emulator.admin.state();
    const c = DEFAULT_EMULATOR_CREDENTIALS;
    const where = opts.state === undefined ? "in memory (lost on exit; --state FILE keeps it)" : `${opts.state} (${fresh ? "new" : "loaded"})`;
    console.log(`roma-emulator listening on ${emulator.url}`);
    console.log(`  roma:endpoint = roma:drsEndpoint = ${emulator.url}, roma:authUrl = ${emulator.url}/v3`);
    console.log(
        `  credentials: token ${c.tokens[0]} | AK/SK ${c.accessKeys[0].accessKey} / ${c.accessKeys[0].secretKey} | user ${c.users[0].domainName}/${c.users[0].userName}/${c.users[0].password}`,
    );
    console.log(`  state: ${tasks.length} task(s), ${jobs.length} job(s), ${where}`);
    if (opts.demo) console.log(`  demo data: roma:projectId = ${DEMO_PROJECT_ID}, instance ${DEMO_INSTANCE_ID}`);
    console.log(`  admin API: ${emulator.url}${ADMIN_PREFIX} (roma-emulator --help lists its routes)`);
    for (const n of notes) console.log(`  note: ${n}`);
    console.log("Press Ctrl+C to stop.");
    const stop = () => void emulator.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    exitWithParent(stop);
}

/**
 * Started through `npx` (or any wrapper), the emulator outlives a wrapper that is killed
 * without passing the signal on, and keeps its port. An orphan is adopted by another process,
 * so its parent's ID changes: check for that once a second (cheap, and the timer never keeps
 * the process alive by itself).
 */
function exitWithParent(stop: () => void): void {
    const parent = process.ppid;
    const timer = setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(timer);
        console.log(`roma-emulator: its parent process ${parent} is gone; stopping.`);
        stop();
    }, 1000);
    timer.unref();
}

main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(`roma-emulator: ${err instanceof Error ? err.message : String(err)}`);
    if (err instanceof UsageError) console.error("Run roma-emulator --help for the options.");
    process.exit(err instanceof UsageError ? 2 : 1);
});
