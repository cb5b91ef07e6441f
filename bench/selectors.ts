// The selector table of `npm run bench`: a stack of TaskRunStates that choose their tasks by tag
// on one large instance, driven through one real provider host per phase the way the engine
// drives a stack, with the provider's default flow control and listing age. Each phase's read
// calls are set against the minimum (one read per distinct selector before the writes and one
// after, each as many pages as its selection fills) and against two ways to do worse: every
// resource reading on its own, and every read listing the whole instance.
import { INSTANCE, PROJECT, ResourceFlow, startStack, type Stack } from "../test/support/engine";
import { PAGE_LIMIT } from "../provider/api/fdi-client";
import { callsOf, each, PROVIDER_DEFAULTS, runCommand } from "../test/support/stack";

export interface SelectorScenario {
    resources: number;
    /** Distinct selectors; resources take them in turn, so several share each one. */
    selectors: number;
    /** Tasks each selector matches. */
    tasksPerSelector: number;
    instanceTasks: number;
    parallel: number;
    latencyMs: number;
}

export const SELECTOR_SCENARIO: SelectorScenario = { resources: 30, selectors: 10, tasksPerSelector: 30, instanceTasks: 3000, parallel: 16, latencyMs: 20 };

export interface SelectorPhase {
    phase: string;
    reads: number;
    writes: number;
    minimumReads: number;
    /** Every task to change, 10 a call, all selectors together. */
    minimumWrites: number;
    /** Each resource reading its selection on its own. */
    alone: number;
    /** Each resource listing the whole instance for every read. */
    whole: number;
    seconds: number;
    failures: number;
}

async function measure(stack: Stack, run: () => Promise<number>) {
    const { log, seconds, failures } = await runCommand(stack, run);
    return {
        ...callsOf(log),
        wholeListings: log.filter((r) => r.operation === "ListTasks" && !r.query.task_tag && !r.query.task_id).length,
        seconds,
        failures,
    };
}

export async function selectorPhases(s: SelectorScenario): Promise<{ phases: SelectorPhase[]; wholeListings: number }> {
    const stack = await startStack({ config: PROVIDER_DEFAULTS });
    try {
        const tag = (k: number) => `team-${k}`;
        // The tagged tasks are spread over the whole instance: every `spread`-th task, in turn for each selector.
        const spread = Math.max(1, Math.floor(s.instanceTasks / (s.selectors * s.tasksPerSelector)));
        const tagOf = (i: number) => (i % spread === 0 && i / spread < s.selectors * s.tasksPerSelector ? tag((i / spread) % s.selectors) : "");
        await stack.emulator.admin.seed({
            replace: true,
            tasks: Array.from({ length: s.instanceTasks }, (_, i) => ({
                projectId: PROJECT,
                instanceId: INSTANCE,
                taskId: `task-${String(i).padStart(5, "0")}`,
                taskType: "TIMING" as const,
                status: "stopped" as const,
                taskTag: tagOf(i),
            })),
        });
        await stack.emulator.admin.setFaults([{ kind: "latency", latencyMs: s.latencyMs }]);
        const flows = Array.from({ length: s.resources }, (_, r) => new ResourceFlow(stack, "TaskRunState", `sel-${r}`));
        const inputs = (r: number) => ({ instanceId: INSTANCE, selector: { taskTag: tag(r % s.selectors) }, state: "started" });
        const pagesPerSelection = Math.max(1, Math.ceil(s.tasksPerSelector / PAGE_LIMIT));
        const wholePages = Math.ceil(s.instanceTasks / PAGE_LIMIT);
        let wholeListings = 0;

        const up = await measure(stack, () => each(flows, s.parallel, (f, r) => f.up(inputs(r))));
        const refresh = await measure(stack, () => each(flows, s.parallel, (f) => f.refresh()));
        // One untagged task joins each selection (tagged in the console), then refresh + up.
        const untagged = Array.from({ length: s.instanceTasks }, (_, i) => i).filter((i) => tagOf(i) === "");
        await stack.emulator.admin.seed({
            tasks: Array.from({ length: s.selectors }, (_, k) => ({
                projectId: PROJECT,
                instanceId: INSTANCE,
                taskId: `task-${String(untagged[untagged.length - 1 - k]).padStart(5, "0")}`,
                taskTag: tag(k),
            })),
        });
        const joinRefresh = await measure(stack, () => each(flows, s.parallel, (f) => f.refresh()));
        const joinUp = await measure(stack, () => each(flows, s.parallel, (f, r) => f.up(inputs(r))));
        wholeListings = [up, refresh, joinRefresh, joinUp].reduce((n, p) => n + p.wholeListings, 0);
        const row = (phase: string, m: Awaited<ReturnType<typeof measure>>, readsPerSelector: number, changed: number): SelectorPhase => ({
            phase,
            reads: m.reads,
            writes: m.writes,
            minimumReads: s.selectors * readsPerSelector * pagesPerSelection,
            minimumWrites: Math.ceil(changed / 10),
            alone: s.resources * readsPerSelector * pagesPerSelection,
            whole: s.resources * readsPerSelector * wholePages,
            seconds: m.seconds,
            failures: m.failures,
        });
        return {
            phases: [
                row("first up", up, 2, s.selectors * s.tasksPerSelector),
                row("refresh", refresh, 1, 0),
                row(
                    `${s.selectors} tasks tagged later: refresh + up`,
                    {
                        ...joinUp,
                        reads: joinRefresh.reads + joinUp.reads,
                        writes: joinRefresh.writes + joinUp.writes,
                        seconds: joinRefresh.seconds + joinUp.seconds,
                        failures: joinRefresh.failures + joinUp.failures,
                    },
                    3,
                    s.selectors,
                ),
            ],
            wholeListings,
        };
    } finally {
        await stack.close();
    }
}
