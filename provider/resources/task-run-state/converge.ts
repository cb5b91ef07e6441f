// TaskRunState's writes: read, write only what differs, re-read until the tasks show it, and judge
// each task by the status read back. Shared by up (converge) and destroy (writeThenVerify, judge).
import type { FdiScope, TaskOutcome, TaskRunStatus } from "../../api/types";
import type { Listing, TaskCoordinator } from "../../coordinator";
import type { ItemFailure } from "../../core/errors";
import type { HandlerContext } from "../common/handler";
import { countBy, trackProgress } from "../common/progress";
import { actionFor, isAlreadyInState, planRunState } from "./plan";
import { viewsOf, type Reader } from "./reading";
import type { TaskView } from "./schema";

export const notFound = (id: string): ItemFailure => ({ id, errorCode: "NOT_FOUND", errorMessage: "the task does not exist in this instance" });

interface Converged {
    before: TaskView[];
    views: TaskView[];
    failures: ItemFailure[];
}

/** A wait for written tasks to show their target. */
interface SettleRequest {
    taskIds: readonly string[];
    /** Only listings that began after this event (the write's answer) count. */
    after: number;
    waitFor: ReadonlySet<string>;
    settled: (v: TaskView) => boolean;
    timeoutSeconds: number;
    /** What the tasks are waited for, e.g. `started`. */
    goal: string;
    /** Told each read's views as it comes: what is known if a later read fails or the wait is cancelled. */
    seen: (views: TaskView[]) => void;
}

/**
 * Re-reads until `settled` holds for every task of `waitFor`, or `timeoutSeconds` have passed.
 * Only listings that began after `after` (the write's answer) count, each newer than the last.
 */
async function settle(ctx: HandlerContext, read: Reader, { taskIds, after, waitFor, settled, timeoutSeconds, goal, seen }: SettleRequest): Promise<TaskView[]> {
    let listing = await read.verify(after);
    let views = viewsOf(taskIds, listing);
    seen(views);
    const deadline = ctx.now() + timeoutSeconds * 1000;
    const progress = trackProgress(ctx, timeoutSeconds * 1000);
    const waiting = () => views.filter((v) => waitFor.has(v.taskId));
    while (waiting().some((v) => !settled(v)) && ctx.now() < deadline) {
        progress.update((elapsed) => `waiting for ${waitFor.size} task(s) to be ${goal}: ${countBy(waiting().map((v) => v.status))} (${elapsed})`);
        await ctx.sleep(ctx.pollIntervalMs);
        listing = await read.verify(listing.seq);
        views = viewsOf(taskIds, listing);
        seen(views);
    }
    const open = waiting().filter((v) => !settled(v));
    progress.done(
        open.length === 0
            ? `${waitFor.size} task(s) ${goal} after ${progress.elapsed()}`
            : `${waitFor.size - open.length} of ${waitFor.size} task(s) ${goal} after ${progress.elapsed()}; still ${countBy(open.map((v) => v.status))}`,
    );
    return views;
}

export const described = (v: TaskView) => (v.status === "unknown" ? `in an unknown state (status ${v.rawStatus ?? "absent"})` : v.status);

/** What one converge brings its tasks to, and what it starts from. */
export interface ConvergeRequest {
    scope: FdiScope;
    taskIds: readonly string[];
    state: TaskRunStatus;
    /** After a write the API acknowledged, how long to wait for the listing to show it. */
    settleTimeoutSeconds: number;
    read: Reader;
    /** The first statuses already recorded: a task without one must be read anew before anything is written. */
    initialStatuses: Readonly<Record<string, unknown>>;
    /** The coordinator's event when this operation began: claims come only from reads after it. */
    began: number;
    /** Throws when the tasks may not be written (another resource wants them in the other state): called before the first write. */
    mayWrite: () => void;
    /** A read already made of the tasks (the one that resolved a selector). */
    initial?: Listing;
}

/**
 * Reads, writes only what differs, re-reads; reports what failed, judged by the final status.
 * Reads and writes go through the coordinator, so resources converging side by side share them.
 */
export async function converge(
    ctx: HandlerContext,
    { scope, taskIds, state, settleTimeoutSeconds, read, initialStatuses, began, mayWrite, initial }: ConvergeRequest,
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
    mayWrite();

    const writes = new Writes(tasks, scope);
    let decidedOnFresh = listing.seq > began;
    let views = before;
    for (let toWrite = plan.toChange; toWrite.length > 0;) {
        const r = await writeThenVerify(ctx, read, writes, { taskIds, lists: [[state, toWrite]], settleTimeoutSeconds, goal: state });
        if ("failures" in r) return { before, views: r.views ?? before, failures: r.failures };
        views = r.views;
        // What was left alone on the strength of an older listing is written now if this read,
        // which began after the operation did, shows it out of state.
        toWrite = decidedOnFresh ? [] : views.filter((v) => !writes.target.has(v.taskId) && v.status !== state && v.status !== "missing").map((v) => v.taskId);
        decidedOnFresh = true;
    }
    return { before, views, failures: judge(views, state, writes, settleTimeoutSeconds) };
}

/** What this operation wrote to each task, and what the API said of it. */
export class Writes {
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
 * names what failed. A read that fails after the writes went out, or a wait the engine cancels
 * (Ctrl-C), ends it with what the last read showed: those views are recorded, and only the tasks
 * written and not yet at their target fail (REQUEST_FAILED). Without any read back, every task
 * written fails and the caller keeps what it saw before.
 */
export async function writeThenVerify(
    ctx: HandlerContext,
    read: Reader,
    writes: Writes,
    {
        taskIds,
        lists,
        settleTimeoutSeconds,
        goal,
    }: {
        /** The tasks re-read (all of the resource's, written or not). */
        taskIds: readonly string[];
        /** Each status, and the tasks written towards it. */
        lists: readonly (readonly [TaskRunStatus, readonly string[]])[];
        settleTimeoutSeconds: number;
        /** What the tasks are waited for, e.g. `started`. */
        goal: string;
    },
): Promise<{ views: TaskView[] } | { views?: TaskView[]; failures: ItemFailure[] }> {
    for (const [target, ids] of lists) await writes.send(target, ids);
    const settled = (v: TaskView) => v.status === writes.target.get(v.taskId);
    let last: TaskView[] | undefined;
    try {
        const request = { taskIds, after: writes.answered, waitFor: writes.awaited(), settled, timeoutSeconds: settleTimeoutSeconds, goal };
        return { views: await settle(ctx, read, { ...request, seen: (v) => (last = v) }) };
    } catch (err) {
        const sent = [...new Set([...writes.target.values()].map(actionFor))].join(" and ");
        const cause = err instanceof Error ? err.message : String(err);
        if (last === undefined) {
            const why = `the ${sent} was sent but the tasks could not be read back: ${cause}`;
            return { failures: [...writes.target.keys()].map((id) => ({ id, errorCode: "REQUEST_FAILED", errorMessage: why })) };
        }
        const open = last.filter((v) => writes.target.has(v.taskId) && !settled(v));
        const why = (v: TaskView) =>
            `the ${actionFor(writes.target.get(v.taskId) ?? "started")} was sent and the last read showed the task ${described(v)}, then the wait ended: ${cause}`;
        return { views: last, failures: open.map((v) => ({ id: v.taskId, errorCode: "REQUEST_FAILED", errorMessage: why(v) })) };
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
export function judge(
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
