// TaskRunState's reads: its tasks by ID or through its selector, through the coordinator's shared reads.
import { describeQuery } from "../../api/fdi-queries";
import type { FdiScope } from "../../api/types";
import type { Listing, Selection } from "../../coordinator";
import { InputError } from "../../core/errors";
import type { HandlerContext } from "../common/handler";
import { viewTasks } from "./plan";
import type { TaskSelector, TaskView } from "./schema";

export const viewsOf = (taskIds: readonly string[], listing: Listing): TaskView[] => viewTasks(taskIds, [...listing.tasks.values()]);

/**
 * Reads the resource's tasks: an observation may take a shared read younger than the age
 * bound; a verification only one that began after `after`, so what it shows may be claimed.
 */
export interface Reader {
    observe(): Promise<Listing>;
    verify(after: number): Promise<Listing>;
}

/** Tasks by ID: the coordinator's shared listings. */
export const byIds = (ctx: HandlerContext, scope: FdiScope, taskIds: readonly string[]): Reader => ({
    observe: () => ctx.api().tasks.observe(scope, taskIds),
    verify: (after) => ctx.api().tasks.verify(scope, taskIds, after),
});

/**
 * Tasks a selector chose, read through the selector (never the whole instance). `also` are
 * tasks chosen earlier that may have left the selection since (delete acts on the tasks last
 * resolved): those not in it are read by ID, by a read of the same kind.
 */
export function bySelector(ctx: HandlerContext, scope: FdiScope, selector: TaskSelector, also: readonly string[] = []): Reader {
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
export async function resolveSelector(
    ctx: HandlerContext,
    scope: FdiScope,
    selector: TaskSelector,
    what: string,
    /** The tasks it resolved to last time: one the read lacks is confirmed by ID before it counts as gone. */
    before: readonly TaskView[] = [],
): Promise<{ taskIds: string[]; listing: Listing }> {
    const sel = await ctx.api().selections.select(scope, selector, present(before));
    if (sel.tasks.length === 0) {
        throw new InputError(
            `TaskRunState ${what} on instance ${scope.instanceId}: the selector ${describeQuery(selector)} matches no task, so nothing was written; ` +
                "check the selector (taskTag is matched exactly and nameContains case-sensitively, as ListTasks does) and the instance, or name the tasks in taskIds",
        );
    }
    return { taskIds: sel.tasks.map((t) => t.taskId), listing: { seq: sel.seq, tasks: new Map(sel.tasks.map((t) => [t.taskId, t])) } };
}

/** The IDs of the tasks a view found (a task missing then is not expected back). */
export const present = (views: readonly TaskView[]) => views.filter((t) => t.status !== "missing").map((t) => t.taskId);

/** Tasks last resolved that the selector no longer matches: left as they are, and said so once (the next state no longer holds them). */
export function logLeavers(ctx: HandlerContext, scope: FdiScope, selector: TaskSelector, previous: readonly TaskView[], now: readonly string[]): void {
    const kept = new Set(now);
    const left = previous.filter((t) => !kept.has(t.taskId) && t.status !== "missing");
    if (left.length === 0) return;
    const list = left.map((t) => `${t.taskId}${t.taskName ? ` (${t.taskName})` : ""}, last seen ${t.status}`).join("; ");
    ctx.log(
        `TaskRunState: ${left.length} task(s) on instance ${scope.instanceId} no longer match the selector ${describeQuery(selector)} and are left as they are: ${list}`,
    );
}
