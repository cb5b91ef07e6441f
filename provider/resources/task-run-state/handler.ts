// TaskRunState: keep FDI tasks started or stopped.
import { describeQuery } from "../../api/fdi-queries";
import type { FdiScope, TaskOutcome, TaskRunStatus } from "../../api/types";
import type { Listing, Selection, TaskCoordinator } from "../../coordinator";
import { describeFailures, InputError, PartialFailureError, type ItemFailure } from "../../core/errors";
import { checkId } from "../../core/ids";
import type { HandlerContext, Props, ResourceDefinition, ResourceHandler, Written } from "../common/handler";
import { IMPORT_REFUSALS } from "../common/import-refusals";
import { MAX_IDS } from "../common/inputs";
import { countBy, trackProgress } from "../common/progress";
import { actionFor, driftTaskRunState, isAlreadyInState, planDelete, planRunState, plannedTaskRunState, recordInitialStatuses, viewTasks } from "./plan";
import { checkTaskChoice, TaskRunStateInputs, TaskRunStateState, type TaskSelector, type TaskView } from "./schema";

const viewsOf = (taskIds: readonly string[], listing: Listing): TaskView[] => viewTasks(taskIds, [...listing.tasks.values()]);

/**
 * Reads the resource's tasks: an observation may take a shared read younger than the age
 * bound; a verification only one that began after `after`, so what it shows may be claimed.
 */
interface Reader {
    observe(): Promise<Listing>;
    verify(after: number): Promise<Listing>;
}

/** Tasks by ID: the coordinator's shared listings. */
const byIds = (ctx: HandlerContext, scope: FdiScope, taskIds: readonly string[]): Reader => ({
    observe: () => ctx.api().tasks.observe(scope, taskIds),
    verify: (after) => ctx.api().tasks.verify(scope, taskIds, after),
});

/**
 * Tasks a selector chose, read through the selector (never the whole instance). `also` are
 * tasks chosen earlier that may have left the selection since (delete acts on the tasks last
 * resolved): those not in it are read by ID, by a read of the same kind.
 */
function bySelector(ctx: HandlerContext, scope: FdiScope, selector: TaskSelector, also: readonly string[] = []): Reader {
    const withLeavers = async (selection: Promise<Selection>, readById: (r: Reader) => Promise<Listing>): Promise<Listing> => {
        const sel = await selection;
        const tasks = new Map(sel.tasks.map((t) => [t.taskId, t]));
        const gone = also.filter((id) => !tasks.has(id));
        if (gone.length === 0) return { seq: sel.seq, tasks };
        const rest = await readById(byIds(ctx, scope, gone));
        for (const [id, t] of rest.tasks) tasks.set(id, t);
        return { seq: Math.min(sel.seq, rest.seq), tasks };
    };
    return {
        observe: () => withLeavers(ctx.api().selections.select(scope, selector), (r) => r.observe()),
        verify: (after) => withLeavers(ctx.api().selections.verify(scope, selector, after), (r) => r.verify(after)),
    };
}

/**
 * The tasks a selector matches now, and the listing that found them. Matching nothing fails:
 * a mistyped tag must not pass as a resource that keeps no task in state.
 */
async function resolveSelector(ctx: HandlerContext, scope: FdiScope, selector: TaskSelector, what: string): Promise<{ taskIds: string[]; listing: Listing }> {
    const sel = await ctx.api().selections.select(scope, selector);
    if (sel.tasks.length === 0) {
        throw new InputError(
            `TaskRunState ${what} on instance ${scope.instanceId}: the selector ${describeQuery(selector)} matches no task, so nothing was written; ` +
                "check the selector (taskTag is matched exactly and nameContains case-sensitively, as ListTasks does) and the instance, or name the tasks in taskIds",
        );
    }
    return { taskIds: sel.tasks.map((t) => t.taskId), listing: { seq: sel.seq, tasks: new Map(sel.tasks.map((t) => [t.taskId, t])) } };
}

/** Tasks last resolved that the selector no longer matches: left as they are, and said so once (the next state no longer holds them). */
function logLeavers(ctx: HandlerContext, scope: FdiScope, selector: TaskSelector, previous: readonly TaskView[], now: readonly string[]): void {
    const kept = new Set(now);
    const left = previous.filter((t) => !kept.has(t.taskId) && t.status !== "missing");
    if (left.length === 0) return;
    const list = left.map((t) => `${t.taskId}${t.taskName ? ` (${t.taskName})` : ""}, last seen ${t.status}`).join("; ");
    ctx.log(
        `TaskRunState: ${left.length} task(s) on instance ${scope.instanceId} no longer match the selector ${describeQuery(selector)} and are left as they are: ${list}`,
    );
}

/**
 * At create, tasks already in the target state that no record explains: after an `up` whose
 * provider process was killed mid-create (the engine records no pending operation then, only when
 * the CLI itself dies), those may be that `up`'s own writes, so what `initialStatuses` records for
 * them may not be what they were before. Said on the resource where it matters: `restore`.
 */
function noteUnexplained(ctx: HandlerContext, inputs: TaskRunStateInputs, before: readonly TaskView[]): void {
    if (inputs.onDelete !== "restore") return;
    const already = before.filter((v) => v.status === inputs.state).map((v) => v.taskId);
    if (already.length === 0) return;
    ctx.log(
        `TaskRunState create on instance ${inputs.instanceId}: ${already.length} task(s) were already ${inputs.state} before this resource changed anything ` +
            `(${already.join(", ")}), so onDelete "restore" will leave them ${inputs.state}. If an earlier \`pulumi up\` of this stack was killed while creating this resource, ` +
            `they may be its doing: see "Interrupted operations" in the README for what to check`,
    );
}

const notFound = (id: string): ItemFailure => ({ id, errorCode: "NOT_FOUND", errorMessage: "the task does not exist in this instance" });

interface Converged {
    before: TaskView[];
    views: TaskView[];
    failures: ItemFailure[];
}

/**
 * Re-reads until `settled` holds for every task of `waitFor`, or `timeoutSeconds` have passed.
 * Only listings that began after `after` (the write's answer) count, each newer than the last.
 */
async function settle(
    ctx: HandlerContext,
    read: Reader,
    taskIds: readonly string[],
    after: number,
    waitFor: ReadonlySet<string>,
    settled: (v: TaskView) => boolean,
    timeoutSeconds: number,
    /** What the tasks are waited for, e.g. `started`. */
    goal: string,
): Promise<TaskView[]> {
    let listing = await read.verify(after);
    let views = viewsOf(taskIds, listing);
    const deadline = ctx.now() + timeoutSeconds * 1000;
    const progress = trackProgress(ctx, timeoutSeconds * 1000);
    const waiting = () => views.filter((v) => waitFor.has(v.taskId));
    while (waiting().some((v) => !settled(v)) && ctx.now() < deadline) {
        progress.update((elapsed) => `waiting for ${waitFor.size} task(s) to be ${goal}: ${countBy(waiting().map((v) => v.status))} (${elapsed})`);
        await ctx.sleep(ctx.pollIntervalMs);
        listing = await read.verify(listing.seq);
        views = viewsOf(taskIds, listing);
    }
    const open = waiting().filter((v) => !settled(v));
    progress.done(
        open.length === 0
            ? `${waitFor.size} task(s) ${goal} after ${progress.elapsed()}`
            : `${waitFor.size - open.length} of ${waitFor.size} task(s) ${goal} after ${progress.elapsed()}; still ${countBy(open.map((v) => v.status))}`,
    );
    return views;
}

const described = (v: TaskView) => (v.status === "unknown" ? `in an unknown state (status ${v.rawStatus ?? "absent"})` : v.status);

/**
 * Reads, writes only what differs, re-reads; reports what failed, judged by the final status.
 * Reads and writes go through the coordinator, so resources converging side by side share them.
 */
async function converge(
    ctx: HandlerContext,
    scope: FdiScope,
    taskIds: readonly string[],
    state: TaskRunStatus,
    /** After a write the API acknowledged, how long to wait for the listing to show it. */
    settleTimeoutSeconds: number,
    read: Reader,
    /** The first statuses already recorded: a task without one must be read anew before anything is written. */
    initialStatuses: Readonly<Record<string, unknown>>,
    /** The coordinator's event when this operation began: claims come only from reads after it. */
    began: number,
    /** A read already made of the tasks (the one that resolved a selector). */
    initial?: Listing,
): Promise<Converged> {
    const { tasks } = ctx.api();
    // A listing another resource made before this operation began may save calls but never
    // decides what is recorded. It may choose what to write (a write of a task already in
    // state is harmless, and the read after the write checks every task); a task's first
    // status, and "nothing to write", come only from a read that began after this operation.
    const firstSight = taskIds.some((id) => initialStatuses[id] === undefined);
    let listing = initial !== undefined && (!firstSight || initial.seq > began) ? initial : await (firstSight ? read.verify(began) : read.observe());
    let plan = planRunState(state, viewsOf(taskIds, listing));
    if (plan.toChange.length === 0 && listing.seq <= began) {
        listing = await read.verify(began);
        plan = planRunState(state, viewsOf(taskIds, listing));
    }
    const before = viewsOf(taskIds, listing);
    if (plan.toChange.length === 0) return { before, views: before, failures: plan.missing.map(notFound) };

    const writes = new Writes(tasks, scope);
    let decidedOnFresh = listing.seq > began;
    let views = before;
    for (let toWrite = plan.toChange; toWrite.length > 0;) {
        const r = await writeThenVerify(ctx, read, taskIds, writes, [[state, toWrite]], settleTimeoutSeconds, state);
        if ("failures" in r) return { before, views: before, failures: r.failures };
        views = r.views;
        // What was left alone on the strength of an older listing is written now if this read,
        // which began after the operation did, shows it out of state.
        toWrite = decidedOnFresh ? [] : views.filter((v) => !writes.target.has(v.taskId) && v.status !== state && v.status !== "missing").map((v) => v.taskId);
        decidedOnFresh = true;
    }
    return { before, views, failures: judge(views, state, writes, settleTimeoutSeconds) };
}

/** What this operation wrote to each task, and what the API said of it. */
class Writes {
    /** Each task written, and the status it was written towards. */
    readonly target = new Map<string, TaskRunStatus>();
    readonly accepted = new Map<string, TaskOutcome>();
    /** Refused by the API (FDI.3023 on start is not a refusal: the task is already running). */
    readonly refused = new Map<string, TaskOutcome>();
    readonly alreadyDone = new Map<string, TaskOutcome>();
    /** In neither list of the answer, or in a call whose answer was lost: the re-read decides. */
    readonly unconfirmed = new Map<string, TaskOutcome>();
    /** The coordinator's event of the latest answer: a verification reads only after it. */
    answered = 0;

    constructor(
        private readonly tasks: TaskCoordinator,
        private readonly scope: FdiScope,
    ) {}

    async send(target: TaskRunStatus, ids: readonly string[]): Promise<void> {
        if (ids.length === 0) return;
        const action = actionFor(target);
        const r = await this.tasks.operate(this.scope, action, ids);
        for (const id of ids) this.target.set(id, target);
        for (const o of r.succeeded) this.accepted.set(o.taskId, o);
        for (const f of r.failed) (isAlreadyInState(action, f) ? this.alreadyDone : this.refused).set(f.taskId, f);
        for (const u of r.unconfirmed) this.unconfirmed.set(u.taskId, u);
        this.answered = Math.max(this.answered, r.answered);
    }

    /** Tasks written and not refused: waited for until the listing shows them at their target. */
    awaited(): Set<string> {
        return new Set([...this.target.keys()].filter((id) => !this.refused.has(id)));
    }
}

/**
 * The one write-then-verify routine of converge and delete: sends each list towards its
 * status, then re-reads `taskIds` until every task written (and not refused) shows its target or
 * `settleTimeoutSeconds` pass. Only the status read back says where a task is; `judge` then
 * names what failed. A read that fails after the writes went out is reported as REQUEST_FAILED
 * for every task written, so the caller keeps what it saw before instead of losing the write.
 */
async function writeThenVerify(
    ctx: HandlerContext,
    read: Reader,
    taskIds: readonly string[],
    writes: Writes,
    lists: readonly (readonly [TaskRunStatus, readonly string[]])[],
    settleTimeoutSeconds: number,
    /** What the tasks are waited for, e.g. `started`. */
    goal: string,
): Promise<{ views: TaskView[] } | { failures: ItemFailure[] }> {
    for (const [target, ids] of lists) await writes.send(target, ids);
    try {
        const settled = (v: TaskView) => v.status === writes.target.get(v.taskId);
        return { views: await settle(ctx, read, taskIds, writes.answered, writes.awaited(), settled, settleTimeoutSeconds, goal) };
    } catch (err) {
        const sent = [...new Set([...writes.target.values()].map(actionFor))].join(" and ");
        const why = `the ${sent} was sent but the tasks could not be read back: ${err instanceof Error ? err.message : String(err)}`;
        return { failures: [...writes.target.keys()].map((id) => ({ id, errorCode: "REQUEST_FAILED", errorMessage: why })) };
    }
}

/**
 * Each task judged by the status read back, whatever the API answered: at its target it is
 * done, otherwise the failure says what this operation did to it and what the API said.
 *
 * A status the API does not document (`unknown`) is never counted as the target, in converge
 * and in delete alike: the acknowledgement of a write says the API took it, not where the task
 * ended up, and a task recorded as done on a status nobody can read would pass silently (and
 * read as drift at the next preview). It fails UNKNOWN_STATUS with the raw value instead, after
 * the settle time (an undocumented value may be transitional), and the next run reads it again.
 */
function judge(
    views: readonly TaskView[],
    /** One status for every task, or each task's own (a task without one is not judged). */
    targets: TaskRunStatus | ReadonlyMap<string, TaskRunStatus>,
    writes: Writes,
    settleTimeoutSeconds: number,
): ItemFailure[] {
    const after = `after ${settleTimeoutSeconds} s (settleTimeoutSeconds)`;
    const failures: ItemFailure[] = [];
    for (const v of views) {
        const target = typeof targets === "string" ? targets : targets.get(v.taskId);
        if (target === undefined || v.status === target) continue; // whatever the API said, the task is where it should be
        if (v.status === "missing") {
            failures.push(notFound(v.taskId));
            continue;
        }
        const f = writes.refused.get(v.taskId);
        const u = writes.unconfirmed.get(v.taskId);
        const done = writes.alreadyDone.get(v.taskId);
        const ok = writes.accepted.get(v.taskId);
        // A refusal says why on its own (the README's troubleshooting table lists these messages).
        if (f) failures.push({ id: v.taskId, errorCode: f.errorCode, errorMessage: f.errorMessage });
        else if (u) failures.push({ id: v.taskId, errorCode: u.errorCode, errorMessage: `${u.errorMessage}, and the task is still ${described(v)} ${after}` });
        else if (v.status === "unknown")
            failures.push({
                id: v.taskId,
                errorCode: "UNKNOWN_STATUS",
                errorMessage: `the API reports status ${v.rawStatus ?? "(none)"}, which is not a documented value; not counted as ${target}`,
            });
        else if (done)
            failures.push({
                id: v.taskId,
                errorCode: done.errorCode,
                errorMessage: `${done.errorMessage ?? "already running"}: the API said the task was already running, so it was not started by this resource, yet it is ${v.status} ${after}; something else changes it: run \`pulumi up\` again`,
            });
        else if (!writes.target.has(v.taskId))
            failures.push({
                id: v.taskId,
                errorCode: "NOT_SETTLED",
                errorMessage: `not written by this resource (it was ${target} when read at the start of this operation), and it is now ${v.status}: something else changed it meanwhile; run \`pulumi up\` again`,
            });
        else
            failures.push({
                id: v.taskId,
                errorCode: "NOT_SETTLED",
                errorMessage: `the API accepted the ${actionFor(target)}${ok?.requestId ? ` (request ID ${ok.requestId})` : ""} but the task is still ${v.status} ${after}`,
            });
    }
    return failures;
}

async function apply(ctx: HandlerContext, id: string, olds: TaskRunStateState | undefined, inputs: TaskRunStateInputs): Promise<Written<TaskRunStateState>> {
    const scope = { projectId: ctx.projectId(inputs.projectId), instanceId: inputs.instanceId };
    const verb = inputs.state === "started" ? "start" : "stop";
    // Marked before the selector is resolved, so its read can serve as this operation's own.
    const began = ctx.api().tasks.mark();
    const initialStatuses = olds?.initialStatuses ?? {};
    let r: Converged;
    let count: number;
    if (inputs.selector !== undefined) {
        const { taskIds, listing } = await resolveSelector(ctx, scope, inputs.selector, verb);
        if (olds) logLeavers(ctx, scope, inputs.selector, olds.tasks, taskIds);
        count = taskIds.length;
        r = await converge(
            ctx,
            scope,
            taskIds,
            inputs.state,
            inputs.settleTimeoutSeconds,
            bySelector(ctx, scope, inputs.selector),
            initialStatuses,
            began,
            listing,
        );
    } else {
        const taskIds = inputs.taskIds ?? [];
        count = taskIds.length;
        r = await converge(ctx, scope, taskIds, inputs.state, inputs.settleTimeoutSeconds, byIds(ctx, scope, taskIds), initialStatuses, began);
    }
    if (!olds) noteUnexplained(ctx, inputs, r.before);
    const state = { ...inputs, tasks: r.views, initialStatuses: recordInitialStatuses(olds?.initialStatuses, r.before) };
    if (r.failures.length > 0) {
        const action = `TaskRunState ${verb} on instance ${inputs.instanceId}`;
        // Not one task found is rarely n deleted tasks: far more often a wrong project or instance.
        const noneFound = r.failures.length === count && r.failures.every((f) => f.errorCode === "NOT_FOUND");
        const from = inputs.projectId === undefined ? "roma:projectId (HW_PROJECT_ID)" : "the resource's projectId";
        const summary = noneFound
            ? `${action}: none of the ${count} tasks exists in instance ${scope.instanceId} of project ${scope.projectId} (from ${from}): ` +
              "check that instanceId and the project are right (the project ID is in the console under My Credentials, API Credentials)"
            : `${action}: ${r.failures.length} of ${count} tasks are not ${inputs.state}`;
        throw new PartialFailureError(summary, id, state, describeFailures("task", r.failures));
    }
    return state;
}

export const handler: ResourceHandler<TaskRunStateInputs, TaskRunStateState> = {
    drift: driftTaskRunState,

    planned: plannedTaskRunState,

    create: (ctx, id, inputs) => apply(ctx, id, undefined, inputs),

    update: (ctx, id, olds, news) => apply(ctx, id, olds, news),

    async read(ctx, _id, state) {
        const scope = { projectId: ctx.projectId(state.projectId), instanceId: state.instanceId };
        if (state.selector !== undefined) {
            // A task tagged since shows here (planned as an update if out of state); one that left is said once.
            const sel = await ctx.api().selections.select(scope, state.selector);
            const taskIds = sel.tasks.map((t) => t.taskId);
            logLeavers(ctx, scope, state.selector, state.tasks, taskIds);
            return { ...state, tasks: viewTasks(taskIds, sel.tasks) };
        }
        const taskIds = state.taskIds ?? [];
        const listing = await ctx.api().tasks.observe(scope, taskIds);
        return { ...state, tasks: viewsOf(taskIds, listing) };
    },

    adopt,

    async delete(ctx, id, state) {
        const { onDelete, instanceId } = state;
        // A selector's tasks are those it last resolved (kept in state), whatever it matches now.
        const taskIds = state.taskIds ?? state.tasks.filter((t) => t.status !== "missing").map((t) => t.taskId);
        if (onDelete === "keep") {
            ctx.log(`TaskRunState: onDelete is "keep", so ${taskIds.length} task(s) on instance ${instanceId} are left as they are`);
            return;
        }
        const scope = { projectId: ctx.projectId(state.projectId), instanceId };
        const { tasks } = ctx.api();
        const read = state.selector !== undefined ? bySelector(ctx, scope, state.selector, taskIds) : byIds(ctx, scope, taskIds);
        // What not to write is decided only from a read that began after this delete did.
        const views = viewsOf(taskIds, await read.verify(tasks.mark()));
        const plan = planDelete(onDelete, views, state.initialStatuses);
        const written = [...plan.start, ...plan.stop];
        let failures: ItemFailure[] = [];
        if (written.length > 0) {
            const writes = new Writes(tasks, scope);
            const reader = state.selector !== undefined ? bySelector(ctx, scope, state.selector, written) : byIds(ctx, scope, written);
            const lists = [["started", plan.start] as const, ["stopped", plan.stop] as const];
            const r = await writeThenVerify(ctx, reader, written, writes, lists, state.settleTimeoutSeconds, onDelete === "stop" ? "stopped" : "restored");
            failures = "failures" in r ? r.failures : judge(r.views, writes.target, writes, state.settleTimeoutSeconds);
        }
        if (failures.length > 0) {
            // The resource stays in the stack (a failed delete keeps it), so its state is unchanged.
            const summary = `TaskRunState delete (onDelete "${onDelete}") on instance ${instanceId} failed for ${failures.length} task(s)`;
            throw new PartialFailureError(summary, id, state, describeFailures("task", failures));
        }
    },
};

/** `<instanceId>/<taskId>,<taskId>,...` or `<projectId>/<instanceId>/<taskIds>`. */
export function parseImportId(importId: string): { projectId?: string; instanceId: string; taskIds: string[] } {
    const parts = importId.split("/");
    const usage = "use <instanceId>/<taskId>,<taskId>,... or <projectId>/<instanceId>/<taskId>,...";
    if (parts.length < 2 || parts.length > 3) throw new InputError(`TaskRunState import ID ${JSON.stringify(importId)} is not understood: ${usage}`);
    const projectId = parts.length === 3 ? parts[0] : undefined;
    const [instanceId, list] = parts.slice(-2) as [string, string];
    const taskIds = list.split(",").map((t) => t.trim());
    // Before any ID is read: each would cost a call, only for the inputs to be refused at the end.
    if (taskIds.length > MAX_IDS)
        throw new InputError(
            `TaskRunState import ID lists ${taskIds.length} task IDs; a TaskRunState holds at most ${MAX_IDS}: split them over several imports (one resource each)`,
        );
    if (projectId !== undefined) checkId("TaskRunState import: projectId", projectId);
    checkId("TaskRunState import: instanceId", instanceId);
    taskIds.forEach((t, i) => checkId(`TaskRunState import: task ${i + 1}`, t));
    const dup = taskIds.find((t, i) => taskIds.indexOf(t) !== i);
    if (dup !== undefined) throw new InputError(`TaskRunState import ID lists task ${dup} twice`);
    return { ...(projectId !== undefined && { projectId }), instanceId, taskIds };
}

/**
 * Reads the tasks an import ID names: `state` is their common status. Tasks in different
 * statuses are two resources' worth, and a missing or unknown task has no state to keep.
 */
async function adopt(ctx: HandlerContext, importId: string): Promise<{ inputs: Props; state: Written<TaskRunStateState> }> {
    const { projectId, instanceId, taskIds } = parseImportId(importId);
    const scope = { projectId: ctx.projectId(projectId), instanceId };
    const { tasks } = ctx.api();
    const views = viewsOf(taskIds, await tasks.verify(scope, taskIds, tasks.mark()));
    const odd = views.filter((v) => v.status !== "started" && v.status !== "stopped");
    if (odd.length > 0) {
        const list = odd.map((v) => `${v.taskId} (${v.status === "missing" ? "not found in this instance" : described(v)})`).join(", ");
        throw new InputError(`TaskRunState import on instance ${instanceId}: ${list}; import only tasks that exist and are started or stopped`);
    }
    const byStatus = (s: string) => views.filter((v) => v.status === s).map((v) => v.taskId);
    const [startedIds, stoppedIds] = [byStatus("started"), byStatus("stopped")];
    if (startedIds.length > 0 && stoppedIds.length > 0) {
        throw new InputError(
            `TaskRunState import on instance ${instanceId}: the tasks are in different states (started: ${startedIds.join(", ")}; stopped: ${stoppedIds.join(", ")}); ` +
                `split them into one import per state, e.g. ${[projectId, instanceId, startedIds.join(",")].filter(Boolean).join("/")}`,
        );
    }
    const inputs = TaskRunStateInputs.parse({
        instanceId,
        taskIds,
        state: startedIds.length > 0 ? "started" : "stopped",
        ...(projectId !== undefined && { projectId }),
    });
    return { inputs, state: { ...inputs, tasks: views, initialStatuses: recordInitialStatuses(undefined, views) } };
}

export const taskRunState: ResourceDefinition<TaskRunStateInputs, TaskRunStateState> = {
    type: "TaskRunState",
    inputs: TaskRunStateInputs,
    state: TaskRunStateState,
    migrations: {},
    crossCheck: checkTaskChoice,
    importRefusal: IMPORT_REFUSALS.TaskRunState,
    handler,
};
