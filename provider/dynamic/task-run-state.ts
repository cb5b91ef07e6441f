// TaskRunState in the provider host: keep FDI tasks started or stopped.
import { randomUUID } from "node:crypto";
import type { FdiClient, FdiScope, ObservedTask, TaskAction, TaskOutcome, TaskRunStatus } from "../api/types";
import { diffTaskRunState } from "../plan/diff";
import { describeFailures, partialFailure, type ItemFailure } from "../plan/failures";
import { checkInputs, parseChecked, TaskRunStateInputs } from "../plan/inputs";
import { isAlreadyInState, planDelete, planRunState, recordInitialStatuses, viewTasks, type OnDelete, type TaskView } from "../plan/run-state";
import { getClients, pollIntervalMs, projectIdFor, sleep } from "./context";
import { toOutputs, type Props, type ResourceHandlers } from "./provider-types";

/** After a write the API acknowledged, how long to wait for the listing to show it. */
const MAX_SETTLE_MS = 60_000;
/** Up to this many tasks, per-task filtered listings beat listing a whole (possibly large) instance. */
const FILTERED_LISTING_MAX = 3;

async function observe(fdi: FdiClient, scope: FdiScope, taskIds: readonly string[]): Promise<TaskView[]> {
    let observed: ObservedTask[];
    if (taskIds.length <= FILTERED_LISTING_MAX) {
        observed = (await Promise.all(taskIds.map((taskId) => fdi.listTasks(scope, { taskId })))).flat();
    } else {
        observed = await fdi.listTasks(scope);
    }
    return viewTasks(taskIds, observed);
}

function scopeOf(props: Props): FdiScope {
    return { projectId: projectIdFor(props.projectId), instanceId: String(props.instanceId) };
}

interface Converged {
    views: TaskView[];
    failures: ItemFailure[];
    writes: number;
}

/** Reads, writes only what differs, re-reads; reports what failed, judged by the final status. */
async function converge(fdi: FdiClient, scope: FdiScope, taskIds: readonly string[], state: TaskRunStatus): Promise<Converged & { before: TaskView[] }> {
    const before = await observe(fdi, scope, taskIds);
    const plan = planRunState(state, before);
    if (plan.toChange.length === 0) {
        return { before, views: before, writes: 0, failures: plan.missing.map((id) => ({ id, errorCode: "NOT_FOUND", errorMessage: "the task does not exist in this instance" })) };
    }
    const result = await fdi.batchOperate(scope, plan.action, plan.toChange);
    const reportedFailure = new Map<string, TaskOutcome>();
    for (const f of result.failed) if (!isAlreadyInState(plan.action, f)) reportedFailure.set(f.taskId, f);
    const ackd = new Set(plan.toChange.filter((id) => !reportedFailure.has(id)));

    let views = await observe(fdi, scope, taskIds);
    const deadline = Date.now() + MAX_SETTLE_MS;
    while (views.some((v) => ackd.has(v.taskId) && v.status !== state) && Date.now() < deadline) {
        await sleep(pollIntervalMs());
        views = await observe(fdi, scope, taskIds);
    }
    const failures: ItemFailure[] = [];
    for (const v of views) {
        if (v.status === state) continue; // whatever the API said, the task is where it should be
        if (v.status === "missing") {
            failures.push({ id: v.taskId, errorCode: "NOT_FOUND", errorMessage: "the task does not exist in this instance" });
            continue;
        }
        const f = reportedFailure.get(v.taskId);
        failures.push(
            f
                ? { id: v.taskId, errorCode: f.errorCode, errorMessage: f.errorMessage }
                : { id: v.taskId, errorCode: "NOT_SETTLED", errorMessage: `the API accepted the ${plan.action} but the task is still ${v.status} after ${MAX_SETTLE_MS / 1000} s` },
        );
    }
    return { before, views, failures, writes: result.calls };
}

function outputs(inputs: Props, views: TaskView[], initialStatuses: Record<string, TaskRunStatus>): Props {
    return toOutputs({ ...inputs, tasks: views, initialStatuses });
}

async function apply(id: string, olds: Props | undefined, news: Props): Promise<Props> {
    const inputs = parseChecked(TaskRunStateInputs, news);
    const scope = scopeOf(inputs);
    const { fdi } = getClients();
    const r = await converge(fdi, scope, inputs.taskIds, inputs.state);
    const initial = recordInitialStatuses(olds?.initialStatuses as Record<string, TaskRunStatus> | undefined, r.before);
    const { __provider, ...rest } = news;
    const outs = outputs(rest, r.views, initial);
    if (r.failures.length > 0) {
        const reasons = describeFailures("task", r.failures);
        throw partialFailure(
            `TaskRunState ${inputs.state === "started" ? "start" : "stop"} on instance ${inputs.instanceId}: ${r.failures.length} of ${inputs.taskIds.length} tasks are not ${inputs.state}`,
            id,
            { ...outs, __provider },
            reasons,
        );
    }
    return outs;
}

async function writeAll(fdi: FdiClient, scope: FdiScope, action: TaskAction, ids: string[]): Promise<ItemFailure[]> {
    if (ids.length === 0) return [];
    const r = await fdi.batchOperate(scope, action, ids);
    return r.failed.filter((f) => !isAlreadyInState(action, f)).map((f) => ({ id: f.taskId, errorCode: f.errorCode, errorMessage: f.errorMessage }));
}

export const taskRunState: ResourceHandlers = {
    async check(_olds, news) {
        return checkInputs(TaskRunStateInputs, news);
    },

    async diff(_id, olds, news) {
        return diffTaskRunState(olds, news);
    },

    async create(inputs) {
        const id = randomUUID();
        return { id, outs: await apply(id, undefined, inputs) };
    },

    async update(id, olds, news) {
        return { outs: await apply(id, olds, news) };
    },

    async read(id, props) {
        if (!props || props.taskIds === undefined) {
            throw new Error("TaskRunState cannot be imported: declare it in the program and run `pulumi up`, which reads the tasks and changes only what differs");
        }
        const { fdi } = getClients();
        const taskIds = (props.taskIds as unknown[]).map(String);
        const views = await observe(fdi, scopeOf(props), taskIds);
        return { id, props: toOutputs({ ...props, tasks: views }) };
    },

    async delete(_id, props) {
        const onDelete = (props.onDelete as OnDelete | undefined) ?? "keep";
        const taskIds = (props.taskIds as unknown[]).map(String);
        if (onDelete === "keep") {
            console.log(`TaskRunState: onDelete is "keep", so ${taskIds.length} task(s) on instance ${String(props.instanceId)} are left as they are`);
            return;
        }
        const { fdi } = getClients();
        const scope = scopeOf(props);
        const views = await observe(fdi, scope, taskIds);
        const plan = planDelete(onDelete, views, (props.initialStatuses as Record<string, TaskRunStatus> | undefined) ?? {});
        const failures = [...(await writeAll(fdi, scope, "start", plan.start)), ...(await writeAll(fdi, scope, "stop", plan.stop))];
        if (failures.length > 0) {
            throw new Error(`TaskRunState delete (onDelete "${onDelete}") on instance ${scope.instanceId} failed for ${failures.length} task(s):\n  ${describeFailures("task", failures).join("\n  ")}`);
        }
    },
};
