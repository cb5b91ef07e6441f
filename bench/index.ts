// `npm run bench`: where we stand, each figure next to its reference. Runs the package as
// users get it (packed, installed into a fresh project) in the real dynamic-provider host,
// against the emulator on loopback.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import * as path from "node:path";
import { createClients } from "../provider/api/clients";
import { resolveConfig } from "../provider/config/resolve";
import { TaskCoordinator } from "../provider/coordinator/tasks";
import { DEFAULT_EMULATOR_CREDENTIALS, startEmulator } from "../provider/emulator";
import { captureProviders } from "../test/support/capture-provider";
import { INSTANCE, PROJECT, ResourceFlow, seedTasks, startAdapter, startStack, type Stack } from "../test/support/engine";
import { buildPluginExecutable } from "../scripts/plugin-bundle";
import { ProviderHost } from "../test/support/host";
import { tempDir } from "../test/support/temp";
import { DEFAULT_SCENARIO, scenarioFromEnv, stackPhases, underFlowControl, type PhaseFigures, type StackScenario } from "../test/support/stack";
import { federationCosts } from "./federation";
import { ms, pct, printRows, row, table } from "./report";
import { SELECTOR_SCENARIO, selectorPhases, type SelectorScenario } from "./selectors";

const ids = (n: number) => seedTasks(n, "stopped").map((t) => t.taskId);

async function writeCount(stack: Stack): Promise<number> {
    return (await stack.emulator.admin.requests()).filter((r) => r.operation === "BatchStartOrStopTasks").length;
}

async function callRatios(stack: Stack): Promise<void> {
    for (const n of [1, 10, 23, 100, 1000]) {
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(n, "stopped") });
        await stack.emulator.admin.clearRequests();
        const flow = new ResourceFlow(stack, "TaskRunState", `ratio-${n}`);
        await flow.up({ instanceId: INSTANCE, taskIds: ids(n), state: "started" });
        const writes = await writeCount(stack);
        row(
            `write calls for ${n} tasks changed`,
            `${writes} (ratio ${(writes / Math.ceil(n / 10)).toFixed(2)})`,
            `minimum ceil(n/10) = ${Math.ceil(n / 10)}, ratio 1.00`,
        );
        if (n === 23) {
            await stack.emulator.admin.clearRequests();
            await flow.preview({ instanceId: INSTANCE, taskIds: ids(n), state: "started" });
            row("API calls made by a preview", String((await stack.emulator.admin.requests()).length), "0");
            await flow.up({ instanceId: INSTANCE, taskIds: ids(n), state: "started" });
            row("write calls made by an up with nothing to change", String(await writeCount(stack)), "0");
        }
    }
}

async function convergeTime(stack: Stack): Promise<void> {
    const n = 1000;
    await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(n, "stopped") });
    await stack.emulator.admin.setFaults([{ kind: "latency", latencyMs: 50 }]);
    const flow = new ResourceFlow(stack, "TaskRunState", "converge");
    let t = performance.now();
    await flow.up({ instanceId: INSTANCE, taskIds: ids(n), state: "started" });
    const ours = performance.now() - t;

    // The same calls one after another: list, 100 writes, list.
    await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(n, "stopped") });
    const config = resolveConfig((k) => stack.config[k], {});
    const serial = createClients(config, { concurrency: 1 });
    t = performance.now();
    await serial.fdi.listTasks({ projectId: PROJECT, instanceId: INSTANCE });
    await serial.fdi.batchOperate({ projectId: PROJECT, instanceId: INSTANCE }, "start", ids(n));
    await serial.fdi.listTasks({ projectId: PROJECT, instanceId: INSTANCE });
    const sequential = performance.now() - t;
    await serial.close();
    await stack.emulator.admin.clearFaults();
    row(
        "converge 1000 tasks, 50 ms latency per call",
        `${(ours / 1000).toFixed(2)} s vs ${(sequential / 1000).toFixed(2)} s one after another (ratio ${(ours / sequential).toFixed(2)})`,
        "pool of 4: ratio about 0.25-0.3",
    );
}

/**
 * What first-contact mistakes and odd instances cost, through the API client and the
 * coordinator against the emulator: how long a closed loopback port takes to fail with the
 * default retries, and the calls for 300 IDs in an instance that lists none of them and for 4
 * tasks at the end of an instance of 21,000.
 */
async function costs(): Promise<void> {
    const emulator = await startEmulator();
    const clientsOn = (endpoint: string) =>
        createClients(
            resolveConfig(() => undefined, {
                ROMA_ENDPOINT: endpoint,
                DRS_ENDPOINT: endpoint,
                HW_PROJECT_ID: PROJECT,
                HW_AUTH_TOKEN: DEFAULT_EMULATOR_CREDENTIALS.tokens[0],
                ROMA_MAX_REQUESTS_PER_SECOND: "1000",
            }),
        );
    try {
        const closed = await new Promise<number>((resolve) => {
            const srv = createServer().listen(0, "127.0.0.1", () => {
                const { port } = srv.address() as { port: number };
                srv.close(() => resolve(port));
            });
        });
        const refused = clientsOn(`http://127.0.0.1:${closed}`);
        const t = performance.now();
        await refused.fdi.listTasks({ projectId: PROJECT, instanceId: INSTANCE }).catch(() => undefined);
        row(
            "a closed loopback port (wrong roma:endpoint), default 5 retries: time to the error",
            ms(performance.now() - t),
            "0.2.0: about 13 s (5 retries with backoff)",
        );
        await refused.close();

        const tasks = Array.from({ length: 21_000 }, (_, i) => ({ projectId: PROJECT, instanceId: "big", taskId: `t${i}`, status: "stopped" as const }));
        await emulator.admin.seed({ replace: true, tasks: [...tasks, { projectId: PROJECT, instanceId: "other", taskId: "x", status: "stopped" }] });
        const c = clientsOn(emulator.url);
        const coordinator = new TaskCoordinator(c.fdi, emulator.url, { listingMaxAgeMs: 0 });
        await emulator.admin.clearRequests();
        await coordinator.verify({ projectId: PROJECT, instanceId: "other" }, ids(300), coordinator.mark());
        row(
            "300 task IDs in an existing instance that lists none of them: read calls",
            String((await emulator.admin.requests()).length),
            "minimum 1; 0.2.0: 301",
        );
        await emulator.admin.clearRequests();
        const scope = { projectId: PROJECT, instanceId: "big" };
        const wanted = ["t20996", "t20997", "t20998", "t20999"];
        await coordinator.verify(scope, wanted, coordinator.mark());
        const written = await coordinator.operate(scope, "start", wanted);
        await coordinator.verify(scope, wanted, written.answered);
        row(
            "start 4 tasks at the end of an instance of 21,000: read, write, verify calls",
            String((await emulator.admin.requests()).length),
            "about 10 (a filtered read each, one write); 0.2.0: 30",
        );
        await c.close();
    } finally {
        await emulator.close();
    }
}

/**
 * A provider whose check and diff return at once, run the way ours is: for the dynamic host, a
 * `pulumi.dynamic.Resource` serialized by the SDK; for the plugin, a gRPC server on the same
 * generated classes (bench/trivial/). What is left of a Check+Diff with it is the host, gRPC and
 * this harness.
 */
const TRIVIAL = path.join(__dirname, "trivial");

/** The same engine's side of the trivial provider: a stack whose flows reach it instead of ours. */
async function trivialBeside(stack: Stack): Promise<{ stack: Stack; close(): Promise<void> }> {
    if (stack.adapter === "dynamic") {
        const trivial = captureProviders(stack.fixtureDir, readFileSync(path.join(TRIVIAL, "dynamic.js"), "utf8")).Resource;
        return { stack: { ...stack, providers: { TaskRunState: trivial } }, close: async () => {} };
    }
    const entry = path.join(stack.fixtureDir, "trivial-plugin.js");
    copyFileSync(path.join(TRIVIAL, "plugin.js"), entry);
    const host = await ProviderHost.start({ fixtureDir: stack.fixtureDir, entry });
    await host.configure({});
    return { stack: { ...stack, host }, close: () => host.stop() };
}

/**
 * The engine's side of the hot path: a Go program on Pulumi's generated client and grpc-go
 * (tools/pulumi/roma-engine-calls), built here with the module versions tools/pulumi/go.mod pins.
 * A Node.js client would time itself as much as the provider: on two cores it competes with the
 * provider for CPU, and the engine is not written in JavaScript.
 */
let engineCallsBinary: string | undefined;
function engineCalls(): string {
    if (engineCallsBinary) return engineCallsBinary;
    const out = tempDir("roma-engine-calls");
    try {
        execFileSync("go", ["build", "-o", `${out}/`, "./roma-engine-calls"], {
            cwd: path.join(__dirname, "..", "tools", "pulumi"),
            env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly" },
            stdio: ["ignore", "inherit", "inherit"],
        });
    } catch (e) {
        throw new Error(
            `the hot-path rows call the providers from Go, as the engine does; building tools/pulumi/roma-engine-calls failed (is Go 1.24 or newer installed?): ${String(e)}`,
        );
    }
    return (engineCallsBinary = path.join(out, "roma-engine-calls"));
}

interface EngineTarget {
    address: string;
    resources: { urn: string; id: string; olds: Record<string, unknown>; news: Record<string, unknown> }[];
}

/** Check+Diff of each of the target's resources in turn; milliseconds per pair. */
function callFromEngine(target: EngineTarget): Promise<number[]> {
    return new Promise((resolve, reject) => {
        const child = spawn(engineCalls(), [], { stdio: ["pipe", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.once("error", reject);
        child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`roma-engine-calls exited with ${code}`))));
        child.stdin.end(JSON.stringify(target));
    });
}

/**
 * Unchanged resources of ten tasks each, as a preview meets them: their state, and their program's
 * inputs as the SDK sends them. Each holds tasks of its own, so each Check and Diff records ten
 * claims that overlap no other resource's (`prefix` keeps sets of resources apart).
 */
function unchangedResources(s: Stack, n: number, prefix = "lat"): EngineTarget {
    return {
        address: s.host.address,
        resources: Array.from({ length: n }, (_, i) => {
            const taskIds = Array.from({ length: 10 }, (_, k) => `${prefix}-${i}-task-${k}`);
            const inputs = { instanceId: INSTANCE, taskIds, state: "started" };
            const state = { ...inputs, onDelete: "keep", tasks: taskIds.map((taskId) => ({ taskId, status: "started" })) };
            const flow = new ResourceFlow(s, "TaskRunState", `${prefix}-${i}`);
            return { urn: flow.urn, id: `id-${i}`, olds: state, news: flow.withProvider(inputs) };
        }),
    };
}

/**
 * `what` names the adapter in the rows: the dynamic-provider host or the roma plugin; `command`,
 * the plugin's single executable, started instead of the script. Returns the cold start's p50.
 */
/** Resources whose claims are recorded before the hot path is measured. */
const CLAIMS_BEFORE = 200;

async function hostLatency(stack: Stack, what: string, reference: string, command?: string): Promise<number> {
    const n = 300;
    engineCalls(); // built before anything is measured
    const trivial = await trivialBeside(stack);
    // The harness's own garbage (earlier phases, the emulator's log) is not the provider's: collect it first.
    (globalThis as { gc?: () => void }).gc?.();
    const samples: number[] = [];
    const baseline: number[] = [];
    const cpu = { ours: 0, trivial: 0 };
    // Rounds of 50 resources, ours then the trivial provider's, so both meet the same load of a
    // shared machine; each round's CPU is counted alone, as the dynamic host serves both.
    const targets = { ours: unchangedResources(stack, n), trivial: unchangedResources(trivial.stack, n) };
    const round = async (s: Stack, from: number, into: number[], key: keyof typeof cpu) => {
        const target = targets[key];
        const before = cpuMs(s.host.pid);
        into.push(...(await callFromEngine({ ...target, resources: target.resources.slice(from, from + 50) })));
        cpu[key] += cpuMs(s.host.pid) - before;
    };
    // 200 other resources' claims are recorded first, as in a stack of that size: Check and Diff
    // are measured with them in the process's registry.
    await callFromEngine(unchangedResources(stack, CLAIMS_BEFORE, "claimed"));
    await callFromEngine(unchangedResources(trivial.stack, CLAIMS_BEFORE, "claimed"));
    try {
        for (let from = 0; from < n; from += 50) {
            await round(stack, from, samples, "ours");
            await round(trivial.stack, from, baseline, "trivial");
        }
    } finally {
        await trivial.close();
    }
    const [p50, p99, b50] = [pct(samples, 50), pct(samples, 99), pct(baseline, 50)];
    row(
        `Check+Diff per resource through the ${what}, called from Go as the engine does`,
        `p50 ${ms(p50)}, p99 ${ms(p99)}, first ${ms(samples[0])} (${n} resources, ${CLAIMS_BEFORE} others' claims recorded before); trivial provider beside it p50 ${ms(b50)}, p99 ${ms(pct(baseline, 99))}, first ${ms(baseline[0])}; ratio of p50s ${(p50 / b50).toFixed(2)}`,
        reference,
    );
    // Wall-clock figures of a busy shared machine measure its queue as much as our code: the
    // provider process's CPU time (its JIT and GC threads included) is the figure load leaves alone.
    row(
        `CPU of the ${what} process per Check+Diff`,
        `${ms(cpu.ours / n)}; trivial provider beside it ${ms(cpu.trivial / n)}`,
        "what our code adds is the difference",
    );

    const colds: number[] = [];
    for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const host = await startAdapter(stack.adapter, stack.fixtureDir, stack.config, { command });
        const flow = new ResourceFlow({ ...stack, host }, "TaskRunState", "cold");
        await flow.preview({ instanceId: INSTANCE, taskIds: ids(2), state: "started" });
        colds.push(performance.now() - t);
        await host.stop();
    }
    row(`${what} cold start (spawn to first Check answered)`, `p50 ${ms(pct(colds, 50))}, max ${ms(Math.max(...colds))}`, "paid once per `pulumi` run");
    return pct(colds, 50);
}

/**
 * The roma plugin as the npm package runs it (node on the bundled script's modules) and as a
 * release ships it (the single executable of `npm run plugin:archive`, built here first), each
 * measured the same way, and the executable's cold start as a ratio of the script's.
 */
async function pluginLatencies(): Promise<void> {
    const work = tempDir("roma-bench-executable");
    const executable = await buildPluginExecutable(path.join(work, "bin"), work);
    const cold: number[] = [];
    for (const [what, command] of [
        ["roma plugin", undefined],
        ["roma plugin as a single executable", executable],
    ] as const) {
        const stack = await startStack({ adapter: "plugin", config: { "roma:maxRetries": "5" }, command });
        try {
            cold.push(await hostLatency(stack, what, HOT_PATH.plugin, command));
        } finally {
            await stack.close();
        }
    }
    row("single executable cold start / script plugin's (p50s)", (cold[1] / cold[0]).toFixed(2), "no node to find, code cache in the executable");
}

/** CPU time (user + system) the process has used, in ms; the kernel counts it in ticks of 10 ms, so only sums over many calls mean anything. */
function cpuMs(pid: number | undefined): number {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
}

const rssKiB = (pid: number | undefined, field: "VmRSS" | "VmHWM") =>
    Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);

async function hostMemory(stack: Stack): Promise<void> {
    const n = 1000;
    // The same host (after the earlier benchmark steps) just before the 1000 resources.
    const warm = new ResourceFlow(stack, "TaskRunState", "mem-warm");
    await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(2, "stopped") });
    await warm.up({ instanceId: INSTANCE, taskIds: ids(2), state: "started" });
    const baseline = rssKiB(stack.host.pid, "VmRSS");
    await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(n * 2, "stopped").map((t, i) => ({ ...t, instanceId: `inst-${i % 50}` })) });
    const flows = Array.from({ length: n }, (_, r) => new ResourceFlow(stack, "TaskRunState", `mem-${r}`));
    let next = 0;
    await Promise.all(
        Array.from({ length: 16 }, async () => {
            while (next < n) {
                const r = next++;
                const instanceId = `inst-${r % 50}`;
                const mine = seedTasks(n * 2, "stopped")
                    .filter((_, i) => i % 50 === r % 50)
                    .slice(Math.floor(r / 50) * 2, Math.floor(r / 50) * 2 + 2);
                await flows[r].up({ instanceId, taskIds: mine.map((t) => t.taskId), state: "started" });
            }
        }),
    );
    for (const f of flows) await f.refresh();
    const hwm = rssKiB(stack.host.pid, "VmHWM");
    const bytes = JSON.stringify(flows.map((f) => f.state)).length;
    row(
        "host peak memory managing 1000 resources (up + refresh, 16 at a time)",
        `${(hwm / 1024).toFixed(0)} MiB peak RSS (state: ${(bytes / 1024).toFixed(0)} KiB)`,
        `same host just before these 1000 resources: ${(baseline / 1024).toFixed(0)} MiB RSS`,
    );
}

/** Targets of the stack table: calls at most this many times the minimum, per phase. */
const STACK_TARGETS: Record<string, number> = { "first up": 1.3, refresh: 1.5, drift: 1.5 };
const FLOW_CONTROL_LIMIT = 10;
/** A gateway stricter than the client's default rate: 60 × 7 tasks on 3,500 at 8 requests a second, within 1.3 × (minimum calls ÷ 8). */
const THROTTLED = { scenario: { ...DEFAULT_SCENARIO, resources: 60, tasksPerResource: 7, instanceTasks: 3500 }, limit: 8, target: 1.3 };

async function stackTables(s: StackScenario): Promise<string> {
    console.error(`  stack: ${JSON.stringify(s)} (BENCH_STACK=key=value,... to change)`);
    const phases = await stackPhases(s);
    const target = (p: PhaseFigures) => STACK_TARGETS[p.phase] ?? STACK_TARGETS.drift;
    const body = phases.map((p) => [
        p.phase,
        String(p.calls),
        String(p.reads),
        String(p.writes),
        String(p.throttled),
        String(p.failures),
        String(p.minimum),
        `${(p.calls / p.minimum).toFixed(2)} (≤ ${target(p).toFixed(1)})`,
        `${p.seconds.toFixed(1)} s`,
        `${p.alone} (${(p.alone / p.minimum).toFixed(1)})`,
    ]);
    return [
        `Stack: ${s.resources} TaskRunStates × ${s.tasksPerResource} tasks on one instance of ${s.instanceTasks} tasks, ${s.parallel} operations at a time, ${s.latencyMs} ms per call; each phase in a new host, with the provider's defaults`,
        table(["phase", "calls", "reads", "writes", "429s", "failed", "minimum", "ratio", "time", "each resource alone, computed (ratio)"], body),
        "",
        await flowControlTable(s, FLOW_CONTROL_LIMIT, 1.5),
    ].join("\n");
}

/** The stack's first up with the emulator enforcing the gateway's flow control on every operation. */
async function flowControlTable(s: StackScenario, limit: number, target: number): Promise<string> {
    console.error(`  flow control: ${limit} a second, ${JSON.stringify(s)}`);
    const fc = await underFlowControl(s, limit);
    const minimumSeconds = fc.minimumCalls / limit;
    return [
        `Under the gateway's flow control (emulator: ${limit} requests a second, all operations): first up of ${s.resources} TaskRunStates × ${s.tasksPerResource} tasks on one instance of ${s.instanceTasks} tasks, ${s.parallel} at a time, ${s.latencyMs} ms per call`,
        table(
            ["first up under flow control", "measured", "reference"],
            [
                ["resources failed", String(fc.failures), "0"],
                ["tasks converged", `${fc.converged} of ${fc.tasks}`, `${fc.tasks} of ${fc.tasks}`],
                [
                    "seconds",
                    `${fc.seconds.toFixed(1)} s (${(fc.seconds / minimumSeconds).toFixed(2)} × minimum calls ÷ ${limit})`,
                    `≤ ${(minimumSeconds * target).toFixed(1)} s (${target} ×)`,
                ],
                ["calls / answered 429", `${fc.calls} / ${fc.throttled}`, `minimum ${fc.minimumCalls}`],
            ],
        ),
    ].join("\n");
}

const throttledTable = () => flowControlTable(THROTTLED.scenario, THROTTLED.limit, THROTTLED.target);

async function selectorTable(s: SelectorScenario): Promise<string> {
    console.error(`  selectors: ${JSON.stringify(s)}`);
    const { phases, wholeListings } = await selectorPhases(s);
    const body = phases.map((p) => [
        p.phase,
        String(p.reads),
        String(p.minimumReads),
        (p.reads / p.minimumReads).toFixed(2),
        `${p.writes} (minimum ${p.minimumWrites})`,
        String(p.failures),
        `${p.seconds.toFixed(1)} s`,
        `${p.alone} (${(p.alone / p.minimumReads).toFixed(1)})`,
        `${p.whole} (${(p.whole / p.minimumReads).toFixed(1)})`,
    ]);
    return [
        `Selectors: ${s.resources} TaskRunStates with ${s.selectors} distinct selectors (taskTag; ${s.resources / s.selectors} resources each, ${s.tasksPerSelector} tasks each) on one instance of ${s.instanceTasks} tasks, ${s.parallel} operations at a time, ${s.latencyMs} ms per call; each phase in a new host, with the provider's defaults. Listings of the whole instance: ${wholeListings}.`,
        table(["phase", "read calls", "minimum", "ratio", "writes", "failed", "time", "each resource alone (ratio)", "whole instance each read (ratio)"], body),
    ].join("\n");
}

/** Targets for Check+Diff per resource: the plugin's own, the dynamic host's against the trivial provider in the same host. */
const HOT_PATH = { dynamic: "ratio of p50s ≤ 1.5", plugin: "p50 ≤ 2 ms, p99 ≤ 10 ms" };

async function main(): Promise<void> {
    // `BENCH_ONLY=<part>` prints one part alone: `selectors` (a minute instead of five),
    // `hot` (Check+Diff through both adapters, each beside a trivial provider), `stack` (the
    // stack table and its flow-control run), `throttled` (the stack under a stricter gateway),
    // `costs` (first-contact mistakes and odd instances, without the package's host), `federation`
    // (what an agency or OIDC federation costs: the exchange, once per identity per process).
    const only = process.env.BENCH_ONLY;
    if (only === "selectors") return console.log(await selectorTable(SELECTOR_SCENARIO));
    if (only === "stack") return console.log(await stackTables(scenarioFromEnv()));
    if (only === "throttled") return console.log(await throttledTable());
    if (only === "costs") {
        await costs();
        await federationCosts(row);
        return printRows();
    }
    if (only === "federation") {
        await federationCosts(row);
        return printRows();
    }
    if (only === "hot") {
        const stack = await startStack({ adapter: "dynamic", config: { "roma:maxRetries": "5" } });
        try {
            await hostLatency(stack, "dynamic host", HOT_PATH.dynamic);
        } finally {
            await stack.close();
        }
        await pluginLatencies();
        return printRows();
    }
    if (only === "plugin") {
        await pluginLatencies();
        return printRows();
    }
    if (only !== undefined) throw new Error(`BENCH_ONLY: "${only}" is not one of selectors, hot, plugin, stack, throttled, costs, federation`);
    console.error("pulumi-roma-tasks benchmark (packing and installing the package first)...");
    const stack = await startStack({ config: { "roma:maxRetries": "5" } });
    try {
        for (const [kind, p] of Object.entries(stack.providers)) row(`bytes of __provider (${kind})`, String(p.provider.length), "<= 2048");
        await callRatios(stack);
        await convergeTime(stack);
        await costs();
        await federationCosts(row);
        await hostLatency(stack, "dynamic host", HOT_PATH.dynamic);
        await hostMemory(stack);
    } finally {
        await stack.close();
    }
    await pluginLatencies();
    const stackReport = await stackTables(scenarioFromEnv());
    const throttledReport = await throttledTable();
    const selectorReport = await selectorTable(SELECTOR_SCENARIO);
    printRows();
    console.log(`\n${stackReport}`);
    console.log(`\n${throttledReport}`);
    console.log(`\n${selectorReport}`);
}

main().then(
    () => process.exit(0),
    (e: unknown) => {
        console.error(e);
        process.exit(1);
    },
);
