// Every TaskRunState the provider process serves reads and writes tasks through here, so a
// stack of many small resources costs what one resource over all their tasks would.
// - Reads of one (endpoint, project, instance) share listings. An observation (`observe`:
//   refresh, the read before deciding what to write) may use a listing younger than
//   `listingMaxAgeMs`; a verification (`verify(after)`) only one that began after the write it
//   verifies was answered, and it waits for the instance's other writes in flight, so one
//   listing verifies them all. A cached listing may save calls, never decide a claim: a
//   resource verifies after the event its own operation began at (`verify(began)`) before it
//   calls a task already in state, and a task absent from any listing but a filtered read made
//   for the asker is read again by its ID.
// - A listing begins when its first request is dispatched (its rate-limiter slot granted; its
//   other pages and filtered reads go after it), not when it is planned: what it shows is what
//   held when its requests left, and under the limiter they may wait a second or more. So a
//   listing still waiting for its slot serves a verification of tasks it covers, whatever its
//   event, unless writes to the instance are out (the verification then waits for them, so one
//   listing verifies them all).
// - Starts and stops of one (endpoint, project, instance, action) asked for within `gatherMs`
//   (a call of fewer than 10 tasks waits up to `fillMs` for more) go out together in calls of
//   at most 10 tasks; each task's outcome goes back to whoever asked for it, so one resource's
//   failed task never fails another resource.
// Nothing is kept once answered except the latest listing of each instance.
import { BATCH_LIMIT, PAGE_LIMIT, pageThrough } from "../api/fdi-client";
import type { BatchOperationResult, FdiClient, FdiScope, ObservedTask, TaskAction, TaskOutcome } from "../api/types";
import { tick } from "./clock";
import { Coalescer } from "./coalesce";
import { begin, pick, rereadAbsent, serves, share, type Asker, type Freshness, type Snapshot } from "./snapshot";

export interface TaskCoordinatorOptions {
    /** How old a listing may be and still serve an observation. */
    listingMaxAgeMs: number;
    /** How long to gather concurrent requests before one call serves them all. */
    gatherMs?: number;
    /** A verification waits at most this long for the instance's other writes to be answered. */
    maxVerifyHoldMs?: number;
    /** Fewer than 10 tasks to start (or stop) wait at most this long for others to fill the call. Default 50 × gatherMs. */
    fillMs?: number;
    now?: () => number;
}

/** What a read returns: the requested tasks the instance lists (absent ones are missing), and when it began. */
export interface Listing {
    /** Order of the listing's begin, its first request's dispatch (see clock.ts); pass it as `after` to ask for a newer one. */
    seq: number;
    tasks: ReadonlyMap<string, ObservedTask>;
}

export interface WriteResult extends BatchOperationResult {
    /** Order of the answer (see clock.ts): a verifying read passes it as `after`. */
    answered: number;
}

/**
 * Up to this many tasks, per-task filtered reads cost no more than listing an instance of unknown
 * size: TaskRunState's reads and getTasks by ID both choose by it.
 */
export const FILTERED_READS_MAX = 3;

/** How a read gets its tasks, chosen by what costs fewer calls. */
export type ReadPlan = { mode: "whole" } | { mode: "filtered" } | { mode: "pages"; pages: number[] };

/**
 * How to read `ids` given what the last listing of the whole instance showed: its size
 * (`total`) and where each task stood (`positions`); with neither, the instance's size is unknown.
 */
export function planRead(known: { total?: number; positions?: ReadonlyMap<string, number> }, ids: ReadonlySet<string>): ReadPlan {
    if (known.total === undefined) return ids.size <= FILTERED_READS_MAX ? { mode: "filtered" } : { mode: "whole" };
    const whole = Math.max(1, Math.ceil(known.total / PAGE_LIMIT));
    const positions = known.positions;
    const pages =
        positions && [...ids].every((id) => positions.has(id))
            ? [...new Set([...ids].map((id) => Math.floor((positions.get(id) ?? 0) / PAGE_LIMIT)))]
            : undefined;
    // Ties go to the wider read: it serves more of the resources that come next.
    if (pages && pages.length < whole && pages.length <= ids.size) return { mode: "pages", pages };
    return ids.size < whole ? { mode: "filtered" } : { mode: "whole" };
}

/** What a read settles about absent tasks: the IDs it read by a `task_id` filter, and whether it listed the whole instance. */
interface Coverage {
    filtered: Set<string>;
    /**
     * Set once a listing of the whole instance came back complete: in one page (nothing can have
     * been skipped between pages) or in several.
     */
    whole?: "one page" | "paged";
}

/** A listing with what it settles about the tasks it lacks (see `read`). */
interface Read extends Listing, Readonly<Coverage> {}

/** A listing under way or done, with what it settles (filled in by the read as it goes). */
interface TaskSnapshot extends Snapshot<Map<string, ObservedTask>> {
    coverage: Coverage;
}

interface PendingRead extends Asker<Read> {
    ids: readonly string[];
    fresh: Freshness;
}

/** A read that must begin after an event: it waits for the writes and reads in flight. */
const verifies = (r: PendingRead) => "after" in r.fresh;

interface Instance {
    scope: FdiScope;
    latest?: TaskSnapshot;
    /** Size of the instance when last listed whole. */
    total?: number;
    /**
     * Where each task stood in that listing, so a read of a few tasks fetches only their pages.
     * [I] ListTasks keeps its order between calls (the emulator orders by creation); a task
     * not found where expected is looked for in a listing of the whole instance, so a shifted
     * order costs calls, never a wrong answer.
     */
    positions?: Map<string, number>;
    reads: PendingRead[];
    readTimer?: NodeJS.Timeout;
    readHoldSince?: number;
    writes: Map<TaskAction, Coalescer<WriteResult>>;
    /** Reads started and not yet answered. */
    readsInFlight: number;
}

export class TaskCoordinator {
    private readonly instances = new Map<string, Instance>();
    private readonly gatherMs: number;
    private readonly maxVerifyHoldMs: number;
    private readonly fillMs: number;
    private readonly now: () => number;

    constructor(
        private readonly fdi: FdiClient,
        /** Keeps coordinators of different endpoints apart in keys and logs. */
        private readonly endpoint: string,
        private readonly opts: TaskCoordinatorOptions,
    ) {
        this.gatherMs = opts.gatherMs ?? 5;
        this.maxVerifyHoldMs = opts.maxVerifyHoldMs ?? 1000;
        this.fillMs = opts.fillMs ?? 50 * this.gatherMs;
        this.now = opts.now ?? Date.now;
    }

    /** A point in the process's order of events: a read that passes it as `after` began later. */
    mark(): number {
        return tick();
    }

    /** Reads `taskIds`, from a listing younger than `listingMaxAgeMs` if there is one. */
    observe(scope: FdiScope, taskIds: readonly string[]): Promise<Listing> {
        return this.read(scope, taskIds, { maxAgeMs: this.opts.listingMaxAgeMs, now: this.now() });
    }

    /**
     * Reads `taskIds` from a listing that began after `after` (a write's `answered`, or a
     * `mark()`), so what it shows may be claimed; it waits for the instance's other writes.
     */
    verify(scope: FdiScope, taskIds: readonly string[], after: number): Promise<Listing> {
        return this.read(scope, taskIds, { after });
    }

    /**
     * A task the listing lacks is read again by its ID before it is reported missing: a listing
     * made for someone else may be older than the task, and a paged one may have skipped it. A
     * listing made for this read settles absences when it read the task by filter or listed the
     * whole instance in one page; one that listed the whole instance and found none of the tasks
     * says the tasks are elsewhere (a wrong instance or project far more often than that many
     * tasks skipped by paging), where a read by ID of each would only say it again, a call each.
     */
    private async read(scope: FdiScope, taskIds: readonly string[], fresh: Freshness): Promise<Listing> {
        const asked = tick();
        const inst = this.instance(scope);
        const latest = inst.latest;
        // A listing not sent yet serves a verification, unless writes are out: then one listing after them verifies them all.
        const reusable = serves(latest, taskIds, fresh) && !("after" in fresh && latest.unsent && this.writesOut(inst) > 0) ? latest : undefined;
        const listing: Read = reusable
            ? await reusable.result.then((all) => ({ seq: reusable.seq, tasks: pick(all, taskIds), ...reusable.coverage }))
            : await new Promise<Read>((resolve, reject) => {
                  inst.reads.push({ ids: taskIds, fresh, resolve, reject });
                  this.scheduleReads(inst, this.gatherMs);
              });
        // Only a read made for this call settles that a task is absent: a filtered read of it, or a whole listing of one page.
        const ownRead = listing.seq > asked;
        const settled = (id: string) => ownRead && (listing.filtered.has(id) || listing.whole === "one page");
        const absent = taskIds.filter((id) => !listing.tasks.has(id) && !settled(id));
        if (absent.length === 0 || (ownRead && listing.whole !== undefined && listing.tasks.size === 0)) return { seq: listing.seq, tasks: listing.tasks };
        const tasks = await rereadAbsent(listing.tasks, absent, (taskId) => this.fdi.listTasks(inst.scope, { taskId }));
        return { seq: listing.seq, tasks: pick(tasks, taskIds) };
    }

    /** Starts or stops `taskIds`, together with every other request for the same instance and action. */
    operate(scope: FdiScope, action: TaskAction, taskIds: readonly string[]): Promise<WriteResult> {
        const inst = this.instance(scope);
        let writes = inst.writes.get(action);
        if (!writes) inst.writes.set(action, (writes = this.writer(inst, action)));
        return writes.ask(taskIds);
    }

    /** Requests waiting for a call, across all instances: zero when nothing is under way. */
    pending(): number {
        let n = 0;
        for (const inst of this.instances.values()) {
            n += inst.reads.length;
            for (const writes of inst.writes.values()) n += writes.pending();
        }
        return n;
    }

    private instance(scope: FdiScope): Instance {
        const key = JSON.stringify([this.endpoint, scope.projectId, scope.instanceId]);
        let inst = this.instances.get(key);
        if (!inst) {
            inst = { scope: { ...scope }, reads: [], writes: new Map(), readsInFlight: 0 };
            this.instances.set(key, inst);
        }
        return inst;
    }

    /** Flushes the instance's pending reads after `delayMs`; `sooner` replaces a later flush already planned. */
    private scheduleReads(inst: Instance, delayMs: number, sooner = false): void {
        if (inst.readTimer && !sooner) return;
        clearTimeout(inst.readTimer);
        inst.readTimer = setTimeout(() => {
            inst.readTimer = undefined;
            this.flushReads(inst);
        }, delayMs);
    }

    private flushReads(inst: Instance): void {
        if (inst.reads.length === 0) return;
        // A read that must begin after an event (a verification, or a resource's first read of
        // its operation) waits for the other writes to this instance and for the read in flight
        // (which began too early to serve it), up to a bound, so one listing serves them all;
        // observations are never held back.
        const verifying = inst.reads.some(verifies);
        if (verifying && (this.writesOut(inst) > 0 || inst.readsInFlight > 0)) {
            inst.readHoldSince ??= this.now();
            const held = this.now() - inst.readHoldSince;
            if (held < this.maxVerifyHoldMs) {
                const observations = inst.reads.filter((r) => !verifies(r));
                inst.reads = inst.reads.filter(verifies);
                if (observations.length > 0) this.startRead(inst, observations);
                // Flushed sooner once the last write or read in flight is answered.
                return this.scheduleReads(inst, this.maxVerifyHoldMs - held);
            }
        }
        inst.readHoldSince = undefined;
        this.startRead(inst, inst.reads.splice(0));
    }

    /** One read (one listing, or the filtered reads or pages chosen) that serves every one of `reads`. */
    private startRead(inst: Instance, reads: PendingRead[]): void {
        const union = new Set(reads.flatMap((r) => r.ids));
        const plan = planRead(inst, union);
        // Grows to every task on the pages read once they are in, so the next resources' tasks there are served too.
        const covers = plan.mode === "whole" ? undefined : union;
        const coverage: Coverage = { filtered: plan.mode === "filtered" ? new Set(union) : new Set<string>() };
        // The same object as begin's: its `seq` is set when the first request is dispatched.
        const snapshot: TaskSnapshot = Object.assign(
            begin((sent) => this.list(inst, union, plan, sent, coverage), this.now(), covers, this.fdi.reportsDispatch === true),
            { coverage },
        );
        inst.readsInFlight++;
        const settled = () => {
            inst.readsInFlight--;
            this.readsMayGo(inst);
        };
        share(
            inst,
            snapshot,
            reads,
            (all) => {
                if (covers) for (const id of all.keys()) covers.add(id);
                return (r) => ({ seq: snapshot.seq, tasks: pick(all, r.ids), ...coverage });
            },
            settled,
        );
    }

    /**
     * The read of `plan`; `sent` is called as each of its requests is dispatched (the first is its
     * begin). What it settles about absent tasks goes into `coverage` (the snapshot's own fields).
     */
    private async list(inst: Instance, ids: ReadonlySet<string>, plan: ReadPlan, sent: () => void, coverage: Coverage): Promise<Map<string, ObservedTask>> {
        const hooks = { onDispatch: sent };
        if (plan.mode === "filtered") {
            const found = await Promise.all([...ids].map((taskId) => this.fdi.listTasks(inst.scope, { taskId }, hooks)));
            return new Map(found.flat().map((t) => [t.taskId, t]));
        }
        if (plan.mode === "pages") {
            const found = new Map<string, ObservedTask>();
            const positions = inst.positions ?? new Map<string, number>();
            await Promise.all(
                plan.pages.map(async (p) => {
                    const page = await this.fdi.listPage(inst.scope, p * PAGE_LIMIT, undefined, hooks);
                    page.tasks.forEach((t, i) => {
                        found.set(t.taskId, t);
                        positions.set(t.taskId, p * PAGE_LIMIT + i);
                    });
                }),
            );
            if ([...ids].every((id) => found.has(id))) return found;
        }
        // Once the first page says how big the instance is, the rest of it is listed only if
        // that costs no more calls than reading the tasks still lacking by ID (ties go to the
        // listing: it serves more of the resources that come next).
        const lacking = (first: { tasks: readonly ObservedTask[] }) => {
            const on = new Set(first.tasks.map((t) => t.taskId));
            return [...ids].filter((id) => !on.has(id));
        };
        const listed = await pageThrough(
            (...a) => this.fdi.listPage(...a),
            inst.scope,
            undefined,
            hooks,
            (first) => (first.total === undefined ? true : lacking(first).length >= Math.ceil(first.total / PAGE_LIMIT) - 1),
        );
        const all = new Map(listed.tasks.map((t) => [t.taskId, t]));
        inst.total = listed.total ?? (listed.complete ? listed.tasks.length : inst.total);
        inst.positions = new Map([...(listed.complete ? [] : (inst.positions ?? [])), ...listed.tasks.map((t, i): [string, number] => [t.taskId, i])]);
        if (listed.complete) {
            coverage.whole = listed.pages === 1 ? "one page" : "paged";
            return all;
        }
        const missing = [...ids].filter((id) => !all.has(id));
        const found = await Promise.all(missing.map((taskId) => this.fdi.listTasks(inst.scope, { taskId }, hooks)));
        for (const t of found.flat()) if (ids.has(t.taskId)) all.set(t.taskId, t);
        for (const id of missing) coverage.filtered.add(id);
        return all;
    }

    /**
     * Writes asked for and not yet answered, leaving out those waiting for others to fill their
     * call: reads never wait for those, or the resources that would fill the call (whose first
     * reads are held) could never ask.
     */
    private writesOut(inst: Instance): number {
        let n = 0;
        for (const writes of inst.writes.values()) n += writes.out();
        return n;
    }

    /** Starts the reads held for writes and reads in flight once none are left. */
    private readsMayGo(inst: Instance): void {
        if (this.writesOut(inst) === 0 && inst.readsInFlight === 0 && inst.reads.length > 0) this.scheduleReads(inst, 0, true);
    }

    /** The instance's starts (or stops), each task's outcome going back to whoever asked for it. */
    private writer(inst: Instance, action: TaskAction): Coalescer<WriteResult> {
        return new Coalescer<WriteResult>({
            gatherMs: this.gatherMs,
            fill: { limit: BATCH_LIMIT, fillMs: this.fillMs, now: this.now },
            changed: () => this.readsMayGo(inst),
            send: (batch) =>
                this.fdi.batchOperate(inst.scope, action, batch).then((result) => {
                    const answered = tick();
                    const byTask = (list: TaskOutcome[]) => new Map(list.map((o) => [o.taskId, o]));
                    const [succeeded, failed, unconfirmed] = [byTask(result.succeeded), byTask(result.failed), byTask(result.unconfirmed)];
                    return (ids) => {
                        const mine = (m: Map<string, TaskOutcome>) => ids.flatMap((id) => m.get(id) ?? []);
                        return { action, succeeded: mine(succeeded), failed: mine(failed), unconfirmed: mine(unconfirmed), calls: result.calls, answered };
                    };
                }),
        });
    }
}
