// TaskRunState: keep FDI tasks started or stopped. How it reads (reading.ts), writes and judges
// (converge.ts), guards against another resource's claim (claims.ts) and imports (import.ts).
import type { Listing } from "../../coordinator";
import { describeFailures, PartialFailureError, type ItemFailure } from "../../core/errors";
import type { HandlerContext, ResourceDefinition, ResourceHandler, Written } from "../common/handler";
import { claimsOf, declareClaims, nameOf } from "./claims";
import { converge, described, judge, Writes, writeThenVerify } from "./converge";
import { adopt } from "./import";
import { driftTaskRunState, observedTaskStatus, planDelete, plannedTaskRunState, plannedTaskStatus, recordInitialStatuses, viewTasks } from "./plan";
import { byIds, bySelector, logLeavers, present, resolveSelector, viewsOf, type Reader } from "./reading";
import { checkTaskChoice, TASK_STATUS, TaskRunStateInputs, TaskRunStateState, type TaskView } from "./schema";

/**
 * Tasks this resource takes on (all at create, those new to it at an update) that were already in
 * the target state before it changed anything: after an `up` whose provider process was killed
 * mid-write (the engine records no pending operation then, only when the CLI itself dies), those
 * may be that `up`'s own writes, so what `initialStatuses` records for them may not be what they
 * were before. Said on the resource where it matters: `restore`.
 */
function noteUnexplained(
    ctx: HandlerContext,
    inputs: TaskRunStateInputs,
    before: readonly TaskView[],
    known: Readonly<Record<string, unknown>> | undefined,
): void {
    if (inputs.onDelete !== "restore") return;
    const already = before.filter((v) => v.status === inputs.state && !(known !== undefined && v.taskId in known)).map((v) => v.taskId);
    if (already.length === 0) return;
    const what = known === undefined ? "create" : "update";
    const doing = known === undefined ? "creating this resource" : "adding these tasks to this resource";
    ctx.log(
        `TaskRunState ${what} on instance ${inputs.instanceId}: ${already.length} task(s) were already ${inputs.state} before this resource changed anything ` +
            `(${already.join(", ")}), so onDelete "restore" will leave them ${inputs.state}. If an earlier \`pulumi up\` of this stack was killed while ${doing}, ` +
            `they may be its doing: see "Interrupted operations" in the README for what to check`,
    );
}

async function apply(ctx: HandlerContext, id: string, olds: TaskRunStateState | undefined, inputs: TaskRunStateInputs): Promise<Written<TaskRunStateState>> {
    const scope = { projectId: ctx.projectId(inputs.projectId), instanceId: inputs.instanceId };
    const verb = inputs.state === "started" ? "start" : "stop";
    // Marked before the selector is resolved, so its read can serve as this operation's own.
    const began = ctx.api().tasks.mark();
    // A create in the same process as a delete of this resource makes that delete a replacement's.
    if (!olds && ctx.urn !== undefined) ctx.api().claims.created(ctx.urn, id);
    const initialStatuses = olds?.initialStatuses ?? {};
    const claims = claimsOf(ctx, scope, inputs.state);
    try {
        claims.claim(inputs.taskIds ?? present(olds?.tasks ?? []));
        const mayWrite = (taskIds: readonly string[]) => () => claims.refuse(taskIds);
        let taskIds: readonly string[];
        let read: Reader;
        let listing: Listing | undefined;
        if (inputs.selector !== undefined) {
            const resolved = await resolveSelector(ctx, scope, inputs.selector, verb, olds?.tasks);
            if (olds) logLeavers(ctx, scope, inputs.selector, olds.tasks, resolved.taskIds);
            claims.claim(resolved.taskIds);
            claims.declare(resolved.taskIds);
            ({ taskIds, listing } = resolved);
            // A task resolved now and absent from a later read of the selection is read by its ID, not taken for missing.
            read = bySelector(ctx, scope, inputs.selector, taskIds);
        } else {
            taskIds = inputs.taskIds ?? [];
            read = byIds(ctx, scope, taskIds);
        }
        const count = taskIds.length;
        const r = await converge(ctx, {
            scope,
            taskIds,
            state: inputs.state,
            settleTimeoutSeconds: inputs.settleTimeoutSeconds,
            read,
            initialStatuses,
            began,
            mayWrite: mayWrite(taskIds),
            initial: listing,
        });
        noteUnexplained(ctx, inputs, r.before, olds?.initialStatuses);
        const state = {
            ...inputs,
            tasks: r.views,
            initialStatuses: recordInitialStatuses(olds?.initialStatuses, r.before),
            taskStatus: observedTaskStatus(r.views),
        };
        // Another resource's claim that arrived while this one ran: this one fails too, its state recorded.
        const claimed = claims.failures(taskIds).filter((f) => !r.failures.some((g) => g.id === f.id));
        r.failures.push(...claimed);
        if (r.failures.length > 0) {
            const action = `TaskRunState ${verb} on instance ${inputs.instanceId}`;
            // Not one task found is rarely n deleted tasks: far more often a wrong project or instance.
            const noneFound = r.failures.length === count && r.failures.every((f) => f.errorCode === "NOT_FOUND");
            const from = inputs.projectId === undefined ? "roma:projectId (HW_PROJECT_ID)" : "the resource's projectId";
            const summary = noneFound
                ? `${action}: none of the ${count} tasks exists in instance ${scope.instanceId} of project ${scope.projectId} (from ${from}): ` +
                  "check that instanceId and the project are right (the project ID is in the console under My Credentials, API Credentials)"
                : `${action}: ${r.failures.length} of ${count} tasks are not ${inputs.state}`;
            // The refusal's own line first, so roma-plan and a reader find it where a Check's would be.
            const refused = claimed.length > 0 ? claims.refusal(taskIds, "Its state is recorded as read") : undefined;
            throw new PartialFailureError(refused === undefined ? summary : `${refused}\n${summary}`, id, state, describeFailures("task", r.failures));
        }
        return state;
    } finally {
        claims.release();
    }
}

export const handler: ResourceHandler<TaskRunStateInputs, TaskRunStateState> = {
    drift: driftTaskRunState,

    planned: plannedTaskRunState,

    view: { key: TASK_STATUS, planned: plannedTaskStatus },

    create: (ctx, id, inputs) => apply(ctx, id, undefined, inputs),

    update: (ctx, id, olds, news) => apply(ctx, id, olds, news),

    async read(ctx, _id, state) {
        const scope = { projectId: ctx.projectId(state.projectId), instanceId: state.instanceId };
        if (state.selector !== undefined) {
            // A task tagged since shows here (planned as an update if out of state); one that left is said once.
            const sel = await ctx.api().selections.select(scope, state.selector, present(state.tasks));
            const taskIds = sel.tasks.map((t) => t.taskId);
            logLeavers(ctx, scope, state.selector, state.tasks, taskIds);
            const tasks = viewTasks(taskIds, sel.tasks);
            return { ...state, tasks, taskStatus: observedTaskStatus(tasks, state) };
        }
        const taskIds = state.taskIds ?? [];
        const tasks = viewsOf(taskIds, await ctx.api().tasks.observe(scope, taskIds));
        return { ...state, tasks, taskStatus: observedTaskStatus(tasks) };
    },

    adopt,

    declare: declareClaims,

    async delete(ctx, id, state) {
        const { onDelete, instanceId } = state;
        // A selector's tasks are those it last resolved (kept in state), whatever it matches now.
        const taskIds = state.taskIds ?? present(state.tasks);
        const action = `TaskRunState${ctx.urn === undefined ? "" : ` "${nameOf(ctx.urn)}"`} delete (onDelete "${onDelete}") on instance ${instanceId}`;
        if (onDelete === "keep") {
            ctx.log(`${action}: ${taskIds.length} task(s) left as they are (${taskIds.join(", ")})`);
            return;
        }
        const scope = { projectId: ctx.projectId(state.projectId), instanceId };
        const { tasks, claims } = ctx.api();
        // A task that a resource of this command declares is that resource's: undoing it would undo its claim.
        // Its own URN's claim is a replacement's only when a new instance was created in this command.
        const replaced = ctx.urn !== undefined && claims.replaced(ctx.urn, id);
        const kept = new Map<string, string>();
        for (const t of taskIds) {
            const wanting = [...claims.wanting(scope, t)].filter(([urn]) => urn !== ctx.urn || replaced);
            if (wanting.length > 0) kept.set(t, wanting.map(([urn, wants]) => keeper(ctx.urn, urn, wants)).join("; "));
        }
        const own = taskIds.filter((t) => !kept.has(t));
        const read = state.selector !== undefined ? bySelector(ctx, scope, state.selector, own) : byIds(ctx, scope, own);
        // What not to write is decided only from a read that began after this delete did.
        const views = own.length === 0 ? [] : viewsOf(own, await read.verify(tasks.mark()));
        const plan = planDelete(onDelete, views, state.initialStatuses);
        const written = [...plan.start, ...plan.stop];
        let failures: ItemFailure[] = [];
        if (written.length > 0) {
            const writes = new Writes(tasks, scope);
            const reader = state.selector !== undefined ? bySelector(ctx, scope, state.selector, written) : byIds(ctx, scope, written);
            const lists = [["started", plan.start] as const, ["stopped", plan.stop] as const];
            const r = await writeThenVerify(ctx, reader, writes, {
                taskIds: written,
                lists,
                settleTimeoutSeconds: state.settleTimeoutSeconds,
                goal: onDelete === "stop" ? "stopped" : "restored",
            });
            failures = "failures" in r ? r.failures : judge(r.views, writes.target, writes, state.settleTimeoutSeconds);
        }
        if (failures.length > 0) {
            // The resource stays in the stack (a failed delete keeps it), so its state is unchanged.
            const summary = `${action} failed for ${failures.length} task(s)`;
            throw new PartialFailureError(summary, id, state, describeFailures("task", failures));
        }
        ctx.log(`${action}: ${deleteOutcome(onDelete, views, plan, state.initialStatuses, kept).join("; ")}`);
        if (ctx.urn !== undefined && !replaced) claims.forget(ctx.urn);
    },
};

/** Who keeps a task a delete leaves alone, and what to do if that is a rename. */
function keeper(deleting: string | undefined, urn: string, wants: string): string {
    if (urn === deleting) return `left as is: the replacement of this resource wants ${wants}`;
    const [from, to] = [deleting === undefined ? "the old name" : JSON.stringify(nameOf(deleting)), JSON.stringify(nameOf(urn))];
    return (
        `left as is: resource ${to} of this stack wants ${wants}; if ${to} is this resource renamed, ` +
        `give it the alias ${from} (aliases: [{ name: ${from} }]) so Pulumi moves the state instead of deleting and creating`
    );
}

/** What the delete did to each task, grouped: what it was written to, and why the others were left. */
function deleteOutcome(
    onDelete: "stop" | "restore",
    views: readonly TaskView[],
    plan: { start: readonly string[]; stop: readonly string[] },
    initial: Readonly<Record<string, string>>,
    kept: ReadonlyMap<string, string>,
): string[] {
    const groups = new Map<string, string[]>();
    const add = (why: string, taskId: string) => {
        const ids = groups.get(why);
        if (ids) ids.push(taskId);
        else groups.set(why, [taskId]);
    };
    for (const v of views) {
        const target = onDelete === "stop" ? "stopped" : initial[v.taskId];
        if (plan.start.includes(v.taskId)) add("restored to started", v.taskId);
        else if (plan.stop.includes(v.taskId)) add(onDelete === "stop" ? "stopped" : "restored to stopped", v.taskId);
        else if (v.status === "missing") add("not found in the instance, nothing written", v.taskId);
        else if (target !== "started" && target !== "stopped")
            add(`left as is (${described(v)}): the status before this resource changed it is not known`, v.taskId);
        else add(`already ${target}, nothing written`, v.taskId);
    }
    for (const [taskId, why] of kept) add(why, taskId);
    return [...groups].map(([why, ids]) => `${ids.join(", ")} ${why}`);
}

export const taskRunState: ResourceDefinition<TaskRunStateInputs, TaskRunStateState> = {
    type: "TaskRunState",
    inputs: TaskRunStateInputs,
    state: TaskRunStateState,
    migrations: {},
    crossCheck: checkTaskChoice,
    importRefusal:
        "TaskRunState cannot be imported through the dynamic resource: declare it in the program and run `pulumi up`, which reads the tasks and changes only what differs, or use the roma provider plugin (`pulumi import roma:fdi:TaskRunState <name> <instanceId>/<taskIds>`)",
    handler,
};
