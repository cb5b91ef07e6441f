// Every TaskRunState with a selector (tasks chosen by tag, name or type) reads its tasks
// through here. A selection is read with ListTasks' own filters, so it costs the pages of
// what it matches and never a listing of the whole instance; resources with the same
// selector on one instance (same endpoint and project) share one read:
// - asked for within `gatherMs` of each other, they wait for the same read;
// - an observation (`select`: refresh, the read before deciding what to write) may use a read
//   younger than `listingMaxAgeMs`; a verification (`verify(after)`) only one that began after
//   that event. A read begins when its first page's request is dispatched (its rate-limiter
//   slot granted; the later pages go after it), so one still waiting for its slot serves every
//   verification of its selection: under the limiter a verification arriving a second after a
//   read was asked for joins it instead of queueing a second read of the same selection.
// Nothing is kept but the latest read of each selection.
import type { FdiClient, FdiScope, TaskQuery, TaskRecord } from "../api/types";
import { Coalescer } from "./coalesce";
import { begin, keepLatest, rereadAbsent, serves, type Freshness, type Snapshot } from "./snapshot";

export interface SelectionCoordinatorOptions {
    listingMaxAgeMs: number;
    gatherMs?: number;
    now?: () => number;
}

/** The tasks a selector matched, in the API's order, and when the read began. */
export interface Selection {
    /** Order of the read's begin, its first request's dispatch (see clock.ts); pass it as `after` to ask for a newer one. */
    seq: number;
    tasks: readonly TaskRecord[];
}

interface Entry {
    latest?: Snapshot<TaskRecord[]>;
    /** Asks within `gatherMs` of each other wait for one read. */
    reads: Coalescer<Selection>;
}

/** The query with its fields in one order and unset ones dropped, so equal selectors share a key. */
export function canonicalQuery(q: TaskQuery): TaskQuery {
    return {
        ...(q.taskTag !== undefined && { taskTag: q.taskTag }),
        ...(q.nameContains !== undefined && { nameContains: q.nameContains }),
        ...(q.taskType !== undefined && { taskType: q.taskType }),
        ...(q.taskId !== undefined && { taskId: q.taskId }),
    };
}

export class SelectionCoordinator {
    private readonly entries = new Map<string, Entry>();
    private readonly gatherMs: number;
    private readonly now: () => number;
    /** ListTasks pages read for selections, for the benchmark and tests. */
    calls = 0;

    constructor(
        private readonly fdi: FdiClient,
        private readonly endpoint: string,
        private readonly opts: SelectionCoordinatorOptions,
    ) {
        this.gatherMs = opts.gatherMs ?? 5;
        this.now = opts.now ?? Date.now;
    }

    /**
     * The tasks `query` matches on the instance, from a read younger than `listingMaxAgeMs` if
     * there is one. `expected`: the tasks the selection held before; one the read lacks is read
     * again by its ID with the selector's filters, and counts as gone only if that read lacks it too.
     */
    select(scope: FdiScope, query: TaskQuery, expected: readonly string[] = []): Promise<Selection> {
        return this.confirmed(scope, query, expected, this.read(scope, query, { maxAgeMs: this.opts.listingMaxAgeMs, now: this.now() }));
    }

    /** The tasks `query` matches on the instance, from a read that began after `after`; `expected` as for `select`. */
    verify(scope: FdiScope, query: TaskQuery, after: number, expected: readonly string[] = []): Promise<Selection> {
        return this.confirmed(scope, query, expected, this.read(scope, query, { after }));
    }

    /**
     * The selection with each of `expected` it lacks confirmed by its own filtered read: a paged
     * read skips a task when one on an earlier page is deleted while a later page's request is
     * out, and the task must not be called a leaver (nor dropped from a destroy) for that.
     */
    private async confirmed(scope: FdiScope, query: TaskQuery, expected: readonly string[], read: Promise<Selection>): Promise<Selection> {
        const sel = await read;
        const have = new Map(sel.tasks.map((t) => [t.taskId, t]));
        const absent = expected.filter((id) => !have.has(id));
        if (absent.length === 0) return sel;
        const q = canonicalQuery(query);
        const found = await rereadAbsent(have, absent, (taskId) =>
            this.fdi.findTasks(scope, { ...q, taskId }).then((r) => {
                this.calls += r.calls;
                return r.tasks;
            }),
        );
        const back = absent.filter((id) => found.has(id));
        if (back.length === 0) return sel;
        // Each where it stood before: after the task that preceded it in `expected`.
        const tasks = [...sel.tasks];
        for (const id of back) {
            const before = expected.slice(0, expected.indexOf(id)).reverse();
            const after = before.map((b) => tasks.findIndex((t) => t.taskId === b)).find((i) => i !== -1);
            tasks.splice(after === undefined ? 0 : after + 1, 0, found.get(id) as TaskRecord);
        }
        return { seq: sel.seq, tasks };
    }

    /** Asks not yet answered: zero when nothing is under way. */
    pending(): number {
        let n = 0;
        for (const e of this.entries.values()) n += e.reads.pending();
        return n;
    }

    private read(scope: FdiScope, query: TaskQuery, fresh: Freshness): Promise<Selection> {
        const q = canonicalQuery(query);
        const key = JSON.stringify([this.endpoint, scope.projectId, scope.instanceId, q]);
        let entry = this.entries.get(key);
        if (!entry) this.entries.set(key, (entry = this.entry({ ...scope }, q)));
        const latest = entry.latest;
        if (serves(latest, [], fresh)) return latest.result.then((tasks) => ({ seq: latest.seq, tasks }));
        return entry.reads.ask([]);
    }

    private entry(scope: FdiScope, query: TaskQuery): Entry {
        const e: Entry = {
            reads: new Coalescer<Selection>({
                gatherMs: this.gatherMs,
                send: () => {
                    const read = begin(
                        (sent) =>
                            this.fdi.findTasks(scope, query, { onDispatch: sent }).then((r) => {
                                this.calls += r.calls;
                                return r.tasks;
                            }),
                        this.now(),
                        undefined,
                        this.fdi.reportsDispatch === true,
                    );
                    keepLatest(e, read);
                    return read.result.then((tasks) => () => ({ seq: read.seq, tasks }));
                },
            }),
        };
        return e;
    }
}
