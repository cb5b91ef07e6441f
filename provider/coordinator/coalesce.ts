// Requests for one key (an instance and action to write, a project's DRS jobs to poll, a
// selection to read) asked for within `gatherMs` go out as one call for all their IDs (the
// client splits it into the API's calls of at most its limit); each asker gets back only its
// own IDs' outcome, so one asker's failed item never fails another's.
import type { Asker } from "./snapshot";

export interface CoalescerOptions<A> {
    gatherMs: number;
    /**
     * Resources of a stack ask for their writes a few at a time (5 tasks each is common): a call
     * of fewer than `limit` IDs waits up to `fillMs` for others, so two halves make one call.
     */
    fill?: { limit: number; fillMs: number; now: () => number };
    /** One call for `ids`; its answer, as the share of it that goes to an asker of some of them. */
    send(ids: string[]): Promise<(askerIds: readonly string[]) => A>;
    /** Runs whenever requests stop waiting to be filled or are answered. */
    changed?(): void;
}

interface Request<A> extends Asker<A> {
    ids: readonly string[];
}

const idsOf = <A>(requests: readonly Request<A>[]) => [...new Set(requests.flatMap((r) => r.ids))];

export class Coalescer<A> {
    private queue: Request<A>[] = [];
    private timer?: NodeJS.Timeout;
    /** Since when a call of fewer than `limit` IDs has waited to be filled. */
    private fillingSince?: number;
    /** Requests queued or sent and not yet answered. */
    private unanswered = 0;

    constructor(private readonly opts: CoalescerOptions<A>) {}

    ask(ids: readonly string[]): Promise<A> {
        return new Promise<A>((resolve, reject) => {
            this.queue.push({ ids, resolve, reject });
            this.unanswered++;
            // A call being filled goes as soon as it is full.
            const full = this.fillingSince !== undefined && idsOf(this.queue).length >= (this.opts.fill?.limit ?? Infinity);
            if (full) clearTimeout(this.timer);
            if (full || this.timer === undefined) this.timer = setTimeout(() => this.flush(), this.opts.gatherMs);
        });
    }

    /** Requests queued or sent and not yet answered: zero when nothing is under way. */
    pending(): number {
        return this.unanswered;
    }

    /** Requests sent or about to be, leaving out those waiting for others to fill their call. */
    out(): number {
        return this.unanswered - (this.fillingSince !== undefined ? this.queue.length : 0);
    }

    private flush(): void {
        this.timer = undefined;
        const { fill } = this.opts;
        const size = idsOf(this.queue).length;
        const since = this.fillingSince ?? fill?.now() ?? 0;
        if (fill && size < fill.limit && fill.now() - since < fill.fillMs) {
            this.fillingSince = since;
            this.timer = setTimeout(() => this.flush(), fill.fillMs - (fill.now() - since));
            return this.opts.changed?.();
        }
        this.fillingSince = undefined;
        // Send the longest run of requests that fills whole calls; the rest waits to be filled.
        let cut = this.queue.length;
        if (fill && size % fill.limit !== 0 && fill.fillMs > 0) {
            const seen = new Set<string>();
            this.queue.forEach((r, i) => {
                r.ids.forEach((id) => seen.add(id));
                if (seen.size % fill.limit === 0) cut = i + 1;
            });
        }
        const batch = this.queue.slice(0, cut);
        this.queue = this.queue.slice(cut);
        if (fill && this.queue.length > 0) {
            this.fillingSince = fill.now();
            this.timer = setTimeout(() => this.flush(), fill.fillMs);
        }
        this.opts.changed?.();
        const settle = () => {
            this.unanswered -= batch.length;
            this.opts.changed?.();
        };
        this.opts.send(idsOf(batch)).then(
            (shareOf) => {
                settle();
                for (const r of batch) r.resolve(shareOf(r.ids));
            },
            (err: unknown) => {
                settle();
                batch.forEach((r) => r.reject(err));
            },
        );
    }
}
