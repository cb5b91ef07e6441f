// TaskRunState: keep FDI tasks started or stopped.
import type { FdiClient, FdiScope, ObservedTask, TaskAction, TaskOutcome, TaskRunStatus } from "../../api/types";
import { describeFailures, PartialFailureError, type ItemFailure } from "../../core/errors";
import type { HandlerContext, ResourceDefinition, ResourceHandler, Written } from "../common/handler";
import { diffTaskRunState, isAlreadyInState, planDelete, planRunState, recordInitialStatuses, viewTasks } from "./plan";
import { TaskRunStateInputs, TaskRunStateState, type TaskView } from "./schema";

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

/** Reads, writes only what differs, re-reads; reports what failed, judged by the final status. */
async function converge(
    ctx: HandlerContext,
    scope: FdiScope,
    taskIds: readonly string[],
    state: TaskRunStatus,
    /** After a write the API acknowledged, how long to wait for the listing to show it. */
    settleTimeoutSeconds: number,
): Promise<Converged> {
    const { fdi } = ctx.clients();
    const before = await observe(fdi, scope, taskIds);
    const plan = planRunState(state, before);
    if (plan.toChange.length === 0) return { before, views: before, failures: plan.missing.map(notFound) };

    const result = await fdi.batchOperate(scope, plan.action, plan.toChange);
    const reportedFailure = new Map<string, TaskOutcome>();
    for (const f of result.failed) if (!isAlreadyInState(plan.action, f)) reportedFailure.set(f.taskId, f);
    const acknowledged = new Set(plan.toChange.filter((id) => !reportedFailure.has(id)));

    let views = await observe(fdi, scope, taskIds);
    const deadline = ctx.now() + settleTimeoutSeconds * 1000;
    while (views.some((v) => acknowledged.has(v.taskId) && v.status !== state) && ctx.now() < deadline) {
        await ctx.sleep(ctx.pollIntervalMs);
        views = await observe(fdi, scope, taskIds);
    }
    const failures: ItemFailure[] = [];
    for (const v of views) {
        if (v.status === state) continue; // whatever the API said, the task is where it should be
        if (v.status === "missing") {
            failures.push(notFound(v.taskId));
            continue;
        }
        const f = reportedFailure.get(v.taskId);
        failures.push(
            f
                ? { id: v.taskId, errorCode: f.errorCode, errorMessage: f.errorMessage }
                : {
                      id: v.taskId,
                      errorCode: "NOT_SETTLED",
                      errorMessage: `the API accepted the ${plan.action} but the task is still ${v.status} after ${settleTimeoutSeconds} s (settleTimeoutSeconds)`,
                  },
        );
    }
    return { before, views, failures };
}

async function apply(ctx: HandlerContext, id: string, olds: TaskRunStateState | undefined, inputs: TaskRunStateInputs): Promise<Written<TaskRunStateState>> {
    const scope = { projectId: ctx.projectId(inputs.projectId), instanceId: inputs.instanceId };
    const r = await converge(ctx, scope, inputs.taskIds, inputs.state, inputs.settleTimeoutSeconds);
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

async function writeAll(fdi: FdiClient, scope: FdiScope, action: TaskAction, ids: string[]): Promise<ItemFailure[]> {
    if (ids.length === 0) return [];
    const r = await fdi.batchOperate(scope, action, ids);
    return r.failed.filter((f) => !isAlreadyInState(action, f)).map((f) => ({ id: f.taskId, errorCode: f.errorCode, errorMessage: f.errorMessage }));
}

export const handler: ResourceHandler<TaskRunStateInputs, TaskRunStateState> = {
    diff: diffTaskRunState,

    create: (ctx, id, inputs) => apply(ctx, id, undefined, inputs),

    update: (ctx, id, olds, news) => apply(ctx, id, olds, news),

    async read(ctx, _id, state) {
        const scope = { projectId: ctx.projectId(state.projectId), instanceId: state.instanceId };
        const tasks = await observe(ctx.clients().fdi, scope, state.taskIds);
        return { ...state, tasks };
    },

    async delete(ctx, id, state) {
        const { onDelete, taskIds, instanceId } = state;
        if (onDelete === "keep") {
            ctx.log(`TaskRunState: onDelete is "keep", so ${taskIds.length} task(s) on instance ${instanceId} are left as they are`);
            return;
        }
        const scope = { projectId: ctx.projectId(state.projectId), instanceId };
        const { fdi } = ctx.clients();
        const views = await observe(fdi, scope, taskIds);
        const plan = planDelete(onDelete, views, state.initialStatuses);
        const failures = [...(await writeAll(fdi, scope, "start", plan.start)), ...(await writeAll(fdi, scope, "stop", plan.stop))];
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
