// What to call, given the desired run state and what was observed, and what a change of inputs
// or an observed drift plans: pure, so every branch is a plain unit test.
import type { ObservedStatus, ObservedTask, TaskAction, TaskOutcome, TaskRunStatus } from "../../api/types";
import { containsUnknown, UNKNOWN } from "../../core/unknown";
import { sameValue } from "../common/diff";
import type { Props } from "../common/inputs";
import { type OnDelete, type TaskRunStateState, type TaskView } from "./schema";

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

/** Each task last observed out of the desired state, as a path into the outputs (`unknown` and `missing` are out of state). */
export function driftTaskRunState(olds: TaskRunStateState, news: Props): string[] {
    if (containsUnknown(news.state)) return [];
    // A selector a refresh found matching nothing keeps no task in state: planned as an update,
    // which fails naming the selector, rather than passing silently.
    if (news.selector !== undefined && olds.selector !== undefined && olds.tasks.length === 0) return ["tasks"];
    return olds.tasks.flatMap((t, i) => (t.status === news.state ? [] : [`tasks[${i}].status`]));
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
