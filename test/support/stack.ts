// The stack table: many small TaskRunStates on one instance, driven through one real provider
// host the way the engine drives a stack (a fixed number of operations at a time), with the
// provider's default flow control and listing age. Each phase's API calls are set against the
// minimum the API allows and against what the same phase costs when each resource calls on its
// own (0.1.0's pattern, computed).
// Minimum reads are counted in ListTasks pages of PAGE_LIMIT tasks, as the client asks for them.
import { PAGE_LIMIT } from "../../provider/api/fdi-client";
import { INSTANCE, PROJECT, ResourceFlow, restartHost, startStack, type Stack } from "./engine";
import type { LoggedRequest } from "../../provider/emulator/types";

export interface StackScenario {
    resources: number;
    tasksPerResource: number;
    /** Tasks the instance holds in all (the resources' tasks among them). */
    instanceTasks: number;
    /** Operations the engine runs at a time. */
    parallel: number;
    latencyMs: number;
    /** Resources that get one task stopped by hand before the drift phase. */
    drifted: number;
}

export const DEFAULT_SCENARIO: StackScenario = { resources: 100, tasksPerResource: 5, instanceTasks: 2500, parallel: 16, latencyMs: 20, drifted: 50 };

/** Reads the scenario from `BENCH_STACK`, e.g. `resources=20,instanceTasks=500`. */
export function scenarioFromEnv(raw = process.env.BENCH_STACK): StackScenario {
    const s: StackScenario = { ...DEFAULT_SCENARIO };
    for (const part of (raw ?? "").split(",").filter(Boolean)) {
        const [k, v] = part.split("=");
        if (!(k in s) || !/^\d+$/.test(v ?? "")) throw new Error(`BENCH_STACK: "${part}" is not one of ${Object.keys(s).join(", ")}=<number>`);
        s[k as keyof StackScenario] = Number(v);
    }
    return s;
}

export interface PhaseFigures {
    phase: string;
    calls: number;
    reads: number;
    writes: number;
    throttled: number;
    minimum: number;
    /** Calls when each resource reads and writes on its own (0.1.0). */
    alone: number;
    seconds: number;
    failures: number;
}

/** 0.1.0 listed up to 3 tasks one by one and more as a whole instance. */
const aloneRead = (s: StackScenario) => (s.tasksPerResource <= 3 ? s.tasksPerResource : Math.ceil(s.instanceTasks / PAGE_LIMIT));

const taskId = (i: number) => `task-${String(i).padStart(5, "0")}`;
const tasksOf = (s: StackScenario, r: number) => Array.from({ length: s.tasksPerResource }, (_, t) => taskId(r * s.tasksPerResource + t));

function seed(s: StackScenario) {
    return {
        replace: true,
        tasks: Array.from({ length: s.instanceTasks }, (_, i) => ({ projectId: PROJECT, instanceId: INSTANCE, taskId: taskId(i), status: "stopped" as const })),
    };
}

/** Runs `work` over every flow with `parallel` at a time, as the engine's step executor does; counts failures. */
export async function each(flows: ResourceFlow[], parallel: number, work: (f: ResourceFlow, i: number) => Promise<unknown>): Promise<number> {
    let next = 0;
    let failures = 0;
    await Promise.all(
        Array.from({ length: parallel }, async () => {
            while (next < flows.length) {
                const i = next++;
                await work(flows[i], i).catch(() => failures++);
            }
        }),
    );
    return failures;
}

/** What one `pulumi` command cost: the emulator's request log for it, its time and the operations that failed. */
export interface CommandRun {
    log: LoggedRequest[];
    seconds: number;
    failures: number;
}

/** One `pulumi` command: a new provider host, as the engine starts, then the command's calls (`run` counts failures). */
export async function runCommand(stack: Stack, run: () => Promise<number>): Promise<CommandRun> {
    await restartHost(stack);
    await stack.emulator.admin.clearRequests();
    const t = performance.now();
    const failures = await run();
    const seconds = (performance.now() - t) / 1000;
    return { log: await stack.emulator.admin.requests(), seconds, failures };
}

/** Reads, writes and throttled answers in a command's request log. */
export const callsOf = (log: LoggedRequest[]) => ({
    reads: log.filter((r) => r.operation === "ListTasks").length,
    writes: log.filter((r) => r.operation === "BatchStartOrStopTasks").length,
    throttled: log.filter((r) => r.status === 429).length,
});

async function measure(stack: Stack, phase: string, minimum: number, alone: number, run: () => Promise<number>): Promise<PhaseFigures> {
    const { log, seconds, failures } = await runCommand(stack, run);
    return { phase, calls: log.length, ...callsOf(log), minimum, alone, seconds, failures };
}

/** The provider's own defaults for flow control and listing reuse: the test harness raises the rate and disables listing reuse. */
export const PROVIDER_DEFAULTS = { "roma:listingMaxAgeSeconds": "", "roma:maxRequestsPerSecond": "" };

export async function stackPhases(s: StackScenario): Promise<PhaseFigures[]> {
    const stack = await startStack({ config: PROVIDER_DEFAULTS });
    try {
        await stack.emulator.admin.seed(seed(s));
        await stack.emulator.admin.setFaults([{ kind: "latency", latencyMs: s.latencyMs }]);
        const pages = Math.ceil(s.instanceTasks / PAGE_LIMIT);
        const flows = Array.from({ length: s.resources }, (_, r) => new ResourceFlow(stack, "TaskRunState", `stack-${r}`));
        const inputs = (r: number) => ({ instanceId: INSTANCE, taskIds: tasksOf(s, r), state: "started" });
        const writesFor = (tasks: number) => Math.ceil(tasks / 10);
        const read = aloneRead(s);

        const up = await measure(stack, "first up", 2 * pages + writesFor(s.resources * s.tasksPerResource), s.resources * (2 * read + 1), () =>
            each(flows, s.parallel, (f, r) => f.up(inputs(r))),
        );
        const refresh = await measure(stack, "refresh", pages, s.resources * read, () => each(flows, s.parallel, (f) => f.refresh()));

        // One task of each of the first `drifted` resources is stopped out of band.
        await stack.emulator.admin.seed({
            tasks: Array.from({ length: s.drifted }, (_, r) => ({
                projectId: PROJECT,
                instanceId: INSTANCE,
                taskId: tasksOf(s, r)[0],
                status: "stopped" as const,
            })),
        });
        const driftRefresh = await measure(stack, "drift: refresh", pages, s.resources * read, () => each(flows, s.parallel, (f) => f.refresh()));
        const driftUp = await measure(stack, "drift: up", 2 * pages + writesFor(s.drifted), s.drifted * (2 * read + 1), () =>
            each(flows, s.parallel, (f, r) => f.up(inputs(r))),
        );
        const drift: PhaseFigures = {
            phase: `${s.drifted} tasks stopped by hand, then refresh + up`,
            calls: driftRefresh.calls + driftUp.calls,
            reads: driftRefresh.reads + driftUp.reads,
            writes: driftRefresh.writes + driftUp.writes,
            throttled: driftRefresh.throttled + driftUp.throttled,
            minimum: driftRefresh.minimum + driftUp.minimum,
            alone: driftRefresh.alone + driftUp.alone,
            seconds: driftRefresh.seconds + driftUp.seconds,
            failures: driftRefresh.failures + driftUp.failures,
        };
        return [up, refresh, drift];
    } finally {
        await stack.close();
    }
}

export interface FlowControlFigures {
    failures: number;
    converged: number;
    tasks: number;
    seconds: number;
    minimumCalls: number;
    calls: number;
    throttled: number;
}

/** The first up again, with the emulator enforcing the gateway's flow control on every operation. */
export async function underFlowControl(s: StackScenario, limitPerSecond: number): Promise<FlowControlFigures> {
    const stack = await startStack({ config: PROVIDER_DEFAULTS });
    try {
        await stack.emulator.admin.seed(seed(s));
        await stack.emulator.admin.setFaults([
            { kind: "flowControl", limitPerSecond },
            { kind: "latency", latencyMs: s.latencyMs },
        ]);
        await stack.emulator.admin.clearRequests();
        const flows = Array.from({ length: s.resources }, (_, r) => new ResourceFlow(stack, "TaskRunState", `fc-${r}`));
        const t = performance.now();
        const failures = await each(flows, s.parallel, (f, r) => f.up({ instanceId: INSTANCE, taskIds: tasksOf(s, r), state: "started" }));
        const seconds = (performance.now() - t) / 1000;
        const log = await stack.emulator.admin.requests();
        const state = await stack.emulator.admin.state();
        const wanted = new Set(Array.from({ length: s.resources }, (_, r) => tasksOf(s, r)).flat());
        const converged = state.tasks.filter((t) => wanted.has(t.taskId) && t.status === 1).length;
        return {
            failures,
            converged,
            tasks: wanted.size,
            seconds,
            minimumCalls: 2 * Math.ceil(s.instanceTasks / PAGE_LIMIT) + Math.ceil(wanted.size / 10),
            calls: log.length,
            throttled: log.filter((r) => r.status === 429).length,
        };
    } finally {
        await stack.close();
    }
}
