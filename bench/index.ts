// `npm run bench`: where we stand, each figure next to its reference. Runs the package as
// users get it (packed, installed into a fresh project) in the real dynamic-provider host,
// against the emulator on loopback.
import { readFileSync } from "node:fs";
import { createClients } from "../provider/api/clients";
import { resolveConfig } from "../provider/config/resolve";
import { INSTANCE, PROJECT, ResourceFlow, seedTasks, startAdapter, startStack, type Stack } from "../test/support/engine";
import { scenarioFromEnv, stackPhases, underFlowControl, type PhaseFigures, type StackScenario } from "../test/support/stack";
import { SELECTOR_SCENARIO, selectorPhases, type SelectorScenario } from "./selectors";

interface Row {
    metric: string;
    value: string;
    reference: string;
}
const rows: Row[] = [];
const row = (metric: string, value: string, reference: string) => {
    rows.push({ metric, value, reference });
    console.error(`  ${metric}: ${value}`);
};

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const ms = (n: number) => `${n.toFixed(1)} ms`;
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

/** `what` names the adapter in the rows: the dynamic-provider host or the roma plugin. */
async function hostLatency(stack: Stack, what: string): Promise<void> {
    const samples: number[] = [];
    const n = 300;
    for (let i = 0; i < n; i++) {
        const flow = new ResourceFlow(stack, "TaskRunState", `lat-${i}`);
        flow.id = `id-${i}`;
        flow.state = {
            instanceId: INSTANCE,
            taskIds: ids(10),
            state: "started",
            onDelete: "keep",
            tasks: ids(10).map((taskId) => ({ taskId, status: "started" })),
        };
        const t = performance.now();
        await flow.preview({ instanceId: INSTANCE, taskIds: ids(10), state: "started" });
        samples.push(performance.now() - t);
    }
    row(`Check+Diff per resource through the ${what}`, `p50 ${ms(pct(samples, 50))}, p99 ${ms(pct(samples, 99))} (${n} resources)`, "no network; a few ms");

    const colds: number[] = [];
    for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const host = await startAdapter(stack.adapter, stack.fixtureDir, stack.config, {});
        const flow = new ResourceFlow({ ...stack, host }, "TaskRunState", "cold");
        await flow.preview({ instanceId: INSTANCE, taskIds: ids(2), state: "started" });
        colds.push(performance.now() - t);
        await host.stop();
    }
    row(`${what} cold start (spawn to first Check answered)`, `p50 ${ms(pct(colds, 50))}, max ${ms(Math.max(...colds))}`, "paid once per `pulumi` run");
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

function table(head: string[], body: string[][]): string {
    const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(" | ")} |`;
    return [line(head), `|${w.map((n) => "-".repeat(n + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

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
    const fc = await underFlowControl(s, FLOW_CONTROL_LIMIT);
    const bound = (fc.minimumCalls / FLOW_CONTROL_LIMIT) * 1.5;
    const flow = table(
        ["first up under flow control", "measured", "reference"],
        [
            ["resources failed", String(fc.failures), "0"],
            ["tasks converged", `${fc.converged} of ${fc.tasks}`, `${fc.tasks} of ${fc.tasks}`],
            [
                "seconds",
                `${fc.seconds.toFixed(1)} s (${(fc.seconds / (fc.minimumCalls / FLOW_CONTROL_LIMIT)).toFixed(2)} × minimum calls ÷ ${FLOW_CONTROL_LIMIT})`,
                `≤ ${bound.toFixed(1)} s (1.5 ×)`,
            ],
            ["calls / answered 429", `${fc.calls} / ${fc.throttled}`, `minimum ${fc.minimumCalls}`],
        ],
    );
    return [
        `Stack: ${s.resources} TaskRunStates × ${s.tasksPerResource} tasks on one instance of ${s.instanceTasks} tasks, ${s.parallel} operations at a time, ${s.latencyMs} ms per call; each phase in a new host, with the provider's defaults`,
        table(["phase", "calls", "reads", "writes", "429s", "failed", "minimum", "ratio", "time", "each resource alone, computed (ratio)"], body),
        "",
        `Under the gateway's flow control (emulator: ${FLOW_CONTROL_LIMIT} requests a second, all operations)`,
        flow,
    ].join("\n");
}

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

async function main(): Promise<void> {
    // `BENCH_ONLY=selectors` prints the selector table alone (a minute instead of five).
    if (process.env.BENCH_ONLY === "selectors") {
        console.log(await selectorTable(SELECTOR_SCENARIO));
        return;
    }
    console.error("pulumi-roma-tasks benchmark (packing and installing the package first)...");
    const stack = await startStack({ config: { "roma:maxRetries": "5" } });
    try {
        for (const [kind, p] of Object.entries(stack.providers)) row(`bytes of __provider (${kind})`, String(p.provider.length), "<= 2048");
        await callRatios(stack);
        await convergeTime(stack);
        await hostLatency(stack, "dynamic host");
        await hostMemory(stack);
    } finally {
        await stack.close();
    }
    const plugin = await startStack({ adapter: "plugin", config: { "roma:maxRetries": "5" } });
    try {
        await hostLatency(plugin, "roma plugin");
    } finally {
        await plugin.close();
    }
    const stackReport = await stackTables(scenarioFromEnv());
    const selectorReport = await selectorTable(SELECTOR_SCENARIO);
    const w = [Math.max(...rows.map((r) => r.metric.length)), Math.max(...rows.map((r) => r.value.length))];
    console.log(`\n| ${"metric".padEnd(w[0])} | ${"measured".padEnd(w[1])} | reference |`);
    console.log(`|${"-".repeat(w[0] + 2)}|${"-".repeat(w[1] + 2)}|-----------|`);
    for (const r of rows) console.log(`| ${r.metric.padEnd(w[0])} | ${r.value.padEnd(w[1])} | ${r.reference} |`);
    console.log(`\n${stackReport}`);
    console.log(`\n${selectorReport}`);
    console.log(`\nnode ${process.version}, ${(await import("node:os")).cpus().length} cores`);
}

main().then(
    () => process.exit(0),
    (e: unknown) => {
        console.error(e);
        process.exit(1);
    },
);
