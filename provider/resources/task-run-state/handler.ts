// TaskRunState: keep FDI tasks started or stopped.
import type { FdiClient, FdiScope, ObservedTask, TaskAction, TaskOutcome, TaskRunStatus } from "../../api/types";
import { describeFailures, PartialFailureError, type ItemFailure } from "../../core/errors";
import type { HandlerContext, ResourceDefinition, ResourceHandler, Written } from "../common/handler";
import { diffTaskRunState, isAlreadyInState, planDelete, planRunState, recordInitialStatuses, viewTasks } from "./plan";
import { TaskRunStateInputs, TaskRunStateState, type TaskView } from "./schema";

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

const notFound = (id: string): ItemFailure => ({ id, errorCode: "NOT_FOUND", errorMessage: "the task does not exist in this instance" });

interface Converged {
    before: TaskView[];
    views: TaskView[];
    failures: ItemFailure[];
}

/** Re-reads until `settled` holds for every task of `waitFor`, or MAX_SETTLE_MS has passed. */
async function settle(
    ctx: HandlerContext,
    fdi: FdiClient,
    scope: FdiScope,
    taskIds: readonly string[],
    waitFor: ReadonlySet<string>,
    settled: (v: TaskView) => boolean,
): Promise<TaskView[]> {
    let views = await observe(fdi, scope, taskIds);
    const deadline = ctx.now() + MAX_SETTLE_MS;
    while (views.some((v) => waitFor.has(v.taskId) && !settled(v)) && ctx.now() < deadline) {
        await ctx.sleep(ctx.pollIntervalMs);
        views = await observe(fdi, scope, taskIds);
    }
    return views;
}

const described = (v: TaskView) => (v.status === "unknown" ? `in an unknown state (status ${v.rawStatus ?? "absent"})` : v.status);

/** Reads, writes only what differs, re-reads; reports what failed, judged by the final status. */
async function converge(ctx: HandlerContext, scope: FdiScope, taskIds: readonly string[], state: TaskRunStatus): Promise<Converged> {
    const { fdi } = ctx.clients();
    const before = await observe(fdi, scope, taskIds);
    const plan = planRunState(state, before);
    if (plan.toChange.length === 0) return { before, views: before, failures: plan.missing.map(notFound) };

    const result = await fdi.batchOperate(scope, plan.action, plan.toChange);
    const reportedFailure = new Map<string, TaskOutcome>();
    for (const f of result.failed) if (!isAlreadyInState(plan.action, f)) reportedFailure.set(f.taskId, f);
    // Tasks the answer did not mention are waited for like acknowledged ones: the re-read decides.
    const unconfirmed = new Map(result.unconfirmed.map((u) => [u.taskId, u]));
    const acknowledged = new Set(plan.toChange.filter((id) => !reportedFailure.has(id)));

    const views = await settle(ctx, fdi, scope, taskIds, acknowledged, (v) => v.status === state);
    const failures: ItemFailure[] = [];
    for (const v of views) {
        if (v.status === state) continue; // whatever the API said, the task is where it should be
        if (v.status === "missing") {
            failures.push(notFound(v.taskId));
            continue;
        }
        const f = reportedFailure.get(v.taskId);
        const u = unconfirmed.get(v.taskId);
        if (f) failures.push({ id: v.taskId, errorCode: f.errorCode, errorMessage: f.errorMessage });
        else if (u)
            failures.push({
                id: v.taskId,
                errorCode: u.errorCode,
                errorMessage: `${u.errorMessage}, and the task is still ${described(v)} after ${MAX_SETTLE_MS / 1000} s`,
            });
        else if (v.status === "unknown")
            failures.push({
                id: v.taskId,
                errorCode: "UNKNOWN_STATUS",
                errorMessage: `the API reports status ${v.rawStatus ?? "(none)"}, which is not a documented value; not counted as ${state}`,
            });
        else
            failures.push({
                id: v.taskId,
                errorCode: "NOT_SETTLED",
                errorMessage: `the API accepted the ${plan.action} but the task is still ${v.status} after ${MAX_SETTLE_MS / 1000} s`,
            });
    }
    return { before, views, failures };
}

async function apply(ctx: HandlerContext, id: string, olds: TaskRunStateState | undefined, inputs: TaskRunStateInputs): Promise<Written<TaskRunStateState>> {
    const scope = { projectId: ctx.projectId(inputs.projectId), instanceId: inputs.instanceId };
    const r = await converge(ctx, scope, inputs.taskIds, inputs.state);
    const state = { ...inputs, tasks: r.views, initialStatuses: recordInitialStatuses(olds?.initialStatuses, r.before) };
    if (r.failures.length > 0) {
        throw new PartialFailureError(
            `TaskRunState ${inputs.state === "started" ? "start" : "stop"} on instance ${inputs.instanceId}: ${r.failures.length} of ${inputs.taskIds.length} tasks are not ${inputs.state}`,
            id,
            state,
            describeFailures("task", r.failures),
        );
    }
    return state;
}

async function writeAll(fdi: FdiClient, scope: FdiScope, action: TaskAction, ids: string[]): Promise<{ failures: ItemFailure[]; unconfirmed: TaskOutcome[] }> {
    if (ids.length === 0) return { failures: [], unconfirmed: [] };
    const r = await fdi.batchOperate(scope, action, ids);
    const failures = r.failed.filter((f) => !isAlreadyInState(action, f)).map((f) => ({ id: f.taskId, errorCode: f.errorCode, errorMessage: f.errorMessage }));
    return { failures, unconfirmed: r.unconfirmed };
}

export const handler: ResourceHandler<TaskRunStateInputs, TaskRunStateState> = {
    diff: diffTaskRunState,

    create: (ctx, id, inputs) => apply(ctx, id, undefined, inputs),

    update: (ctx, id, olds, news) => apply(ctx, id, olds, news),

    async read(ctx, _id, state) {
        const { fdi } = ctx.clients();
        const tasks = await observe(fdi, { projectId: ctx.projectId(state.projectId), instanceId: state.instanceId }, state.taskIds);
        return { ...state, tasks };
    },

    async delete(ctx, id, state) {
        const { onDelete, taskIds, instanceId } = state;
        if (onDelete === "keep") {
            ctx.log(`TaskRunState: onDelete is "keep", so ${taskIds.length} task(s) on instance ${instanceId} are left as they are`);
            return;
        }
        const { fdi } = ctx.clients();
        const scope = { projectId: ctx.projectId(state.projectId), instanceId };
        const views = await observe(fdi, scope, taskIds);
        const plan = planDelete(onDelete, views, state.initialStatuses);
        const started = await writeAll(fdi, scope, "start", plan.start);
        const stopped = await writeAll(fdi, scope, "stop", plan.stop);
        const failures = [...started.failures, ...stopped.failures];
        // Tasks the API answered for in neither list: re-read, not assumed.
        const unconfirmed = [...started.unconfirmed, ...stopped.unconfirmed];
        if (unconfirmed.length > 0) {
            const target = new Map([...plan.start.map((t) => [t, "started"] as const), ...plan.stop.map((t) => [t, "stopped"] as const)]);
            const ids = unconfirmed.map((u) => u.taskId);
            const reread = await settle(ctx, fdi, scope, ids, new Set(ids), (v) => v.status === target.get(v.taskId));
            for (const v of reread) {
                const u = unconfirmed.find((x) => x.taskId === v.taskId);
                if (u && v.status !== target.get(v.taskId))
                    failures.push({ id: v.taskId, errorCode: u.errorCode, errorMessage: `${u.errorMessage}, and the task is still ${described(v)}` });
            }
        }
        if (failures.length > 0) {
            // The resource stays in the stack (a failed delete keeps it), so its state is unchanged.
            const summary = `TaskRunState delete (onDelete "${onDelete}") on instance ${instanceId} failed for ${failures.length} task(s)`;
            throw new PartialFailureError(summary, id, state, describeFailures("task", failures));
        }
    },
};

export const taskRunState: ResourceDefinition<TaskRunStateInputs, TaskRunStateState> = {
    type: "TaskRunState",
    inputs: TaskRunStateInputs,
    state: TaskRunStateState,
    migrations: {},
    importRefusal: "TaskRunState cannot be imported: declare it in the program and run `pulumi up`, which reads the tasks and changes only what differs",
    handler,
};
