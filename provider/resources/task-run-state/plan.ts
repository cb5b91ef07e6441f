// What to call, given the desired run state and what was observed, and what a change of inputs
// or an observed drift plans: pure, so every branch is a plain unit test.
import type { ObservedStatus, ObservedTask, TaskAction, TaskOutcome, TaskRunStatus } from "../../api/types";
import { containsUnknown, UNKNOWN } from "../../core/unknown";
import { sameValue } from "../common/diff";
import type { Props } from "../common/inputs";
import { TASK_STATUS, type OnDelete, type TaskRunStateState, type TaskStatusEntry, type TaskStatusView, type TaskView } from "./schema";

export interface RunStatePlan {
    action: TaskAction;
    /** Tasks to write, in the user's order. */
    toChange: string[];
    alreadyDone: string[];
    missing: string[];
}

export const actionFor = (state: TaskRunStatus): TaskAction => (state === "started" ? "start" : "stop");

/** One view per wanted task, in the order given; tasks the listing lacks are `missing`. */
export function viewTasks(taskIds: readonly string[], observed: readonly ObservedTask[]): TaskView[] {
    const byId = new Map(observed.map((t) => [t.taskId, t]));
    return taskIds.map((taskId) => {
        const t = byId.get(taskId);
        if (!t) return { taskId, status: "missing" };
        return { taskId, taskName: t.taskName, status: t.status, ...(t.rawStatus !== undefined && { rawStatus: t.rawStatus }), executeStatus: t.executeStatus };
    });
}

/** A task in an unknown state is not in state: it is written, then judged by the re-read. */
export function planRunState(state: TaskRunStatus, views: readonly TaskView[]): RunStatePlan {
    const plan: RunStatePlan = { action: actionFor(state), toChange: [], alreadyDone: [], missing: [] };
    for (const v of views) {
        if (v.status === "missing") plan.missing.push(v.taskId);
        else if (v.status === state) plan.alreadyDone.push(v.taskId);
        else plan.toChange.push(v.taskId);
    }
    return plan;
}

/**
 * Failures that still count as done: FDI.3023 ("running") on start means the task already is.
 * Anything else is judged by the status re-read after the writes.
 */
export function isAlreadyInState(action: TaskAction, outcome: TaskOutcome): boolean {
    return action === "start" && outcome.errorCode === "FDI.3023";
}

/**
 * Statuses to remember for `onDelete: "restore"`: the first status this resource saw for each
 * task, before it changed anything. Tasks added later get theirs when first seen. A task first
 * seen in an unknown state is remembered as `unknown`, so a later (post-write) status never
 * passes for its initial one.
 */
export function recordInitialStatuses(
    previous: Readonly<Record<string, ObservedStatus>> | undefined,
    views: readonly TaskView[],
): Record<string, ObservedStatus> {
    const out: Record<string, ObservedStatus> = { ...(previous ?? {}) };
    for (const v of views) if (out[v.taskId] === undefined && v.status !== "missing") out[v.taskId] = v.status;
    return out;
}

/**
 * Writes a delete makes: per action, the tasks whose current status differs from the target.
 * Only a known target is written: `stop`, or `restore` of a task first seen started or stopped.
 * A task now in an unknown state is written towards a known target (stop is what was asked,
 * and the API answers a stop of a stopped task without harm); one first seen in an unknown
 * state has nothing to restore and is left alone.
 */
export function planDelete(
    onDelete: OnDelete,
    views: readonly TaskView[],
    initial: Readonly<Record<string, ObservedStatus>>,
): { start: string[]; stop: string[] } {
    const plan = { start: [] as string[], stop: [] as string[] };
    if (onDelete === "keep") return plan;
    for (const v of views) {
        if (v.status === "missing") continue;
        const target = onDelete === "stop" ? "stopped" : initial[v.taskId];
        if (target !== "started" && target !== "stopped") continue;
        if (target === v.status) continue;
        (target === "started" ? plan.start : plan.stop).push(v.taskId);
    }
    return plan;
}

/** Where a task's entry of `taskStatus` is, as a property path the engine parses (any ID, quoted). */
export const taskStatusPath = (taskId: string): string => `${TASK_STATUS}[${JSON.stringify(taskId)}]`;

const entryOf = (v: TaskView): TaskStatusEntry => ({ ...(v.taskName !== undefined && { name: v.taskName }), status: v.status });

/**
 * `taskStatus` as observed: each task's last status. With `previous` (the state a refresh starts
 * from, for a selector), the tasks that match since the last `up` are marked `joins` and those
 * that no longer match are kept with their last status, marked `leaves`, so the next plan can
 * name them. The last `up`'s tasks are the previous view's, less those it marked as joining.
 */
export function observedTaskStatus(views: readonly TaskView[], previous?: TaskRunStateState): TaskStatusView {
    const out: TaskStatusView = {};
    if (previous === undefined) {
        for (const v of views) out[v.taskId] = entryOf(v);
        return out;
    }
    const last: TaskStatusView = previous.taskStatus ?? observedTaskStatus(previous.tasks);
    const applied = Object.keys(last).filter((id) => last[id]?.selection !== "joins");
    const now = new Set(views.map((v) => v.taskId));
    for (const v of views) out[v.taskId] = applied.includes(v.taskId) ? entryOf(v) : { ...entryOf(v), selection: "joins" };
    for (const id of applied) {
        const e = last[id];
        if (!now.has(id) && e !== undefined && e.status !== "missing")
            out[id] = { ...(e.name !== undefined && { name: e.name }), status: e.status, selection: "leaves" };
    }
    return out;
}

const isEntry = (v: unknown): v is TaskStatusEntry => v !== null && typeof v === "object" && typeof (v as { status?: unknown }).status === "string";

/** A `taskStatus` held in a property bag, if it is one. */
export function taskStatusOf(v: unknown): TaskStatusView | undefined {
    if (v === null || typeof v !== "object" || Array.isArray(v) || !Object.values(v).every(isEntry)) return undefined;
    return v as TaskStatusView;
}

/**
 * The `taskStatus` Check adds to the inputs: each task the next `up` keeps, in the status it will
 * be left in, named as last observed. Planned from the program's inputs and the old inputs alone
 * (no call): the tasks of a selector are those the old view holds (a refresh writes it), less
 * those leaving; a joining task stays marked until it is in state. Unknown while an input it
 * depends on is; absent when the tasks cannot be known (a new or changed selector, or a selector
 * whose stored inputs hold no view: the `up` reads them).
 */
export function plannedTaskStatus(oldInputs: Props, news: Props): TaskStatusView | typeof UNKNOWN | undefined {
    if (containsUnknown(news.state) || containsUnknown(news.taskIds) || containsUnknown(news.selector)) return UNKNOWN;
    const target = news.state as TaskStatusEntry["status"];
    const old = taskStatusOf(oldInputs[TASK_STATUS]);
    let ids: string[];
    if (news.selector !== undefined) {
        if (old === undefined || oldInputs.selector === undefined || !sameValue(oldInputs.selector, news.selector)) return undefined;
        ids = Object.keys(old).filter((id) => old[id]?.selection !== "leaves");
    } else if (Array.isArray(news.taskIds)) ids = news.taskIds.map(String);
    else return undefined;
    const out: TaskStatusView = {};
    for (const id of ids) {
        const o = old?.[id];
        out[id] = {
            ...(o?.name !== undefined && { name: o.name }),
            status: target,
            ...(o?.selection === "joins" && o.status !== target && { selection: "joins" as const }),
        };
    }
    return out;
}

/** A task the plan changes: its path into `taskStatus`, and whether it joins or leaves the view. */
export interface TaskChange {
    path: string;
    kind?: "add" | "delete";
}

/**
 * What the plan changes per task: each task last observed (`taskStatus` of the stored outputs, or
 * `tasks` in state written before it existed) whose status differs from the one Check planned,
 * each task planned that was not observed (a new task ID), and each observed task the plan drops
 * (a task ID removed, a task a refresh found leaving the selector). The path is the task's whole entry, or its
 * `status` alone where the names differ (a view planned before any refresh named the tasks), so
 * the engine draws `status: "stopped" => "started"` beside the task's ID and name. Without a
 * planned view (the selector changed, or stored inputs from before it existed), each task last
 * observed out of `state`, as a path into `tasks`.
 */
export function driftTaskRunState(olds: TaskRunStateState, news: Props): TaskChange[] {
    if (containsUnknown(news.state)) return [];
    // A selector a refresh found matching nothing keeps no task in state: planned as an update,
    // which fails naming the selector, rather than passing silently.
    if (news.selector !== undefined && olds.selector !== undefined && olds.tasks.length === 0) return [{ path: "tasks" }];
    const planned = taskStatusOf(news[TASK_STATUS]);
    if (planned === undefined) {
        if (news.selector !== undefined && !sameValue(olds.selector, news.selector)) return [];
        return olds.tasks.flatMap((t, i) => (t.status === news.state ? [] : [{ path: `tasks[${i}].status` }]));
    }
    const observed = olds.taskStatus ?? observedTaskStatus(olds.tasks);
    // A selector's plan knows its tasks from the stored inputs, which an `up` that met a task
    // joining or leaving (without a refresh before it) did not see: only the leavers a refresh
    // marked are dropped; by ID, the tasks planned are exactly the ones the `up` keeps.
    const byId = news.selector === undefined;
    const changes: TaskChange[] = [];
    for (const [id, o] of Object.entries(observed)) {
        const n = planned[id];
        if (n === undefined) {
            if (byId || o.selection === "leaves") changes.push({ path: taskStatusPath(id), kind: "delete" });
        } else if (o.status !== n.status) changes.push({ path: sameValue(o.name, n.name) ? taskStatusPath(id) : `${taskStatusPath(id)}.status` });
    }
    if (byId) for (const id of Object.keys(planned)) if (observed[id] === undefined) changes.push({ path: taskStatusPath(id), kind: "add" });
    return changes;
}

/**
 * The outputs an update or create would store, planned without a call: every task in the
 * desired status (what a successful up leaves) unless last seen missing, its name as last seen, its run status unknown;
 * the first statuses known only for tasks seen before.
 */
export function plannedTaskRunState(olds: TaskRunStateState | undefined, news: Props): Props {
    // A selector's tasks are known only once it is read; an unchanged one plans the tasks it last matched.
    const sameSelector = news.selector !== undefined && olds?.selector !== undefined && sameValue(olds.selector, news.selector);
    const taskIds = news.selector === undefined ? news.taskIds : sameSelector ? olds?.tasks.map((t) => t.taskId) : UNKNOWN;
    const known = Array.isArray(taskIds) && !containsUnknown(taskIds) && !containsUnknown(news.state);
    const seen = new Map((olds?.tasks ?? []).map((t) => [t.taskId, t]));
    const tasks = known
        ? (taskIds as string[]).map((taskId) => ({
              taskId,
              ...(seen.get(taskId)?.taskName !== undefined && { taskName: seen.get(taskId)?.taskName }),
              // A task the instance did not list cannot be planned into any state.
              status: seen.get(taskId)?.status === "missing" ? UNKNOWN : news.state,
              executeStatus: UNKNOWN,
          }))
        : UNKNOWN;
    const initial = olds?.initialStatuses ?? {};
    const allSeen = known && (taskIds as string[]).every((id) => initial[id] !== undefined);
    return { ...news, tasks, initialStatuses: allSeen ? initial : UNKNOWN };
}
