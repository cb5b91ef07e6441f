// The latest read of one key (an instance's tasks, a selection, a project's DRS jobs), kept so
// that later askers may share it instead of reading again. Whether a read may serve an asker is
// one rule for every coordinator: an observation takes a read younger than an age bound, a
// verification only one that began after its event (an order of the clock's counter, never a
// timestamp: see clock.ts).
//
// A read begins when its first request is dispatched (the rate limiter has granted its slot and
// it is about to go), not when a coordinator decides on it: under the limiter a request may wait
// a second or more for its slot, and what the API answers is what held when the request left.
// So a read whose client reports dispatch (`onDispatch`) takes its order then, and until then
// it serves every verification, whatever its event (it will begin later still). A read whose
// client does not report it keeps the order of its creation, which is earlier than any request
// it sends: never later than the truth, so a verification it serves did see its event.
import { tick } from "./clock";

/** A read under way or done. */
export interface Snapshot<T> {
    /**
     * Order of the read's begin, the dispatch of its first request (see clock.ts); pass it as
     * `after` to ask for a newer one. Read it once the result is in: it changes at dispatch.
     */
    seq: number;
    /** True while no request of the read has been dispatched (and its client will say when one is). */
    unsent: boolean;
    startedAt: number;
    /** The IDs the read covers; undefined for a read of all that its key names. */
    covers?: ReadonlySet<string>;
    result: Promise<T>;
}

/** Whoever waits for a read or a call to be answered. */
export interface Asker<R> {
    resolve(r: R): void;
    reject(e: unknown): void;
}

/** What read an asker takes: one younger than `maxAgeMs` at `now` (an observation), or one that began after `after` (a verification). */
export type Freshness = { maxAgeMs: number; now: number } | { after: number };

/**
 * Starts `read`, ordered before anything it answers. `read` is given `sent`, to call when its
 * first request is dispatched; with `reportsDispatch` the read begins then (`seq` is taken anew
 * and it stops serving every verification), otherwise it began here, before any request of it.
 */
export function begin<T>(read: (sent: () => void) => Promise<T>, startedAt: number, covers?: ReadonlySet<string>, reportsDispatch = false): Snapshot<T> {
    const order: Omit<Snapshot<T>, "result"> = { seq: tick(), unsent: reportsDispatch, startedAt, ...(covers && { covers }) };
    const result = read(() => {
        if (!order.unsent) return;
        order.unsent = false;
        order.seq = tick();
    });
    // Answered without a dispatch reported (a client that breaks its word): it keeps the order of
    // its creation, before any request it may have sent.
    const done = () => {
        order.unsent = false;
    };
    result.then(done, done);
    // The same object the dispatch updates: whoever holds the snapshot reads its begin as it is now.
    return Object.assign(order, { result });
}

/** Whether `s` holds all of `ids` and is fresh enough for the asker. */
export function serves<T>(s: Snapshot<T> | undefined, ids: readonly string[], fresh: Freshness): s is Snapshot<T> {
    if (!s) return false;
    const covers = s.covers;
    if (covers && !ids.every((id) => covers.has(id))) return false;
    // A read not sent yet begins after every event so far; with a max age of 0 no finished read
    // serves an observation (concurrent ones still share).
    return "after" in fresh ? s.unsent || s.seq > fresh.after : fresh.now - s.startedAt < fresh.maxAgeMs;
}

/** Makes `s` the latest read of `holder`: a failed read serves nobody later. */
export function keepLatest<T>(holder: { latest?: Snapshot<T> }, s: Snapshot<T>): void {
    holder.latest = s;
    s.result.catch(() => {
        if (holder.latest === s) holder.latest = undefined;
    });
}

/**
 * Makes `s` the latest read of `holder` and answers each of `askers` from it once it is in:
 * `answer` is given the value once and returns each asker's share. `settled` runs first,
 * whether the read succeeded or not.
 */
export function share<T, A extends Asker<R>, R>(
    holder: { latest?: Snapshot<T> },
    s: Snapshot<T>,
    askers: readonly A[],
    answer: (value: T) => (asker: A) => R,
    settled?: () => void,
): void {
    keepLatest(holder, s);
    s.result.then(
        (value) => {
            settled?.();
            const each = answer(value);
            askers.forEach((a) => a.resolve(each(a)));
        },
        (err: unknown) => {
            settled?.();
            askers.forEach((a) => a.reject(err));
        },
    );
}

/** The entries of `all` that `ids` name, in their order; absent ones are left out. */
export function pick<T>(all: ReadonlyMap<string, T>, ids: readonly string[]): Map<string, T> {
    const out = new Map<string, T>();
    for (const id of ids) {
        const v = all.get(id);
        if (v !== undefined) out.set(id, v);
    }
    return out;
}

/**
 * `have` with the tasks of `absent` each read again on its own (`readOne`: a read filtered to
 * that ID) before anyone calls them gone: a read made for someone else may be older than the
 * task, and a paged one skips a task when one before it is deleted between two pages.
 */
export async function rereadAbsent<T extends { taskId: string }>(
    have: ReadonlyMap<string, T>,
    absent: readonly string[],
    readOne: (taskId: string) => Promise<readonly T[]>,
): Promise<Map<string, T>> {
    const tasks = new Map(have);
    const found = await Promise.all(absent.map(readOne));
    for (const t of found.flat()) if (absent.includes(t.taskId)) tasks.set(t.taskId, t);
    return tasks;
}
