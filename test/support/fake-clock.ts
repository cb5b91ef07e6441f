// Time that moves only when a test or the code under test says so (no real pause to blur what
// happened before what). For code that waits on setTimeout itself, see fake-timers.ts.

/**
 * The tests' one fake clock: `now` reads it and `sleep` waits on it. Held, a sleep waits until
 * the test releases it (to look at who is waiting, and until when); otherwise it moves the clock
 * on at once (the handlers' fake context, fakes.ts).
 */
export class FakeClock {
    at: number;
    hold: boolean;
    private waiting: { until: number; resolve: () => void }[] = [];
    private watchers: { count: number; resolve: () => void }[] = [];

    constructor(opts: { start?: number; hold?: boolean } = {}) {
        this.at = opts.start ?? Date.UTC(2026, 10, 23, 12, 0, 0);
        this.hold = opts.hold ?? true;
    }

    readonly now = (): number => this.at;

    readonly sleep = (ms: number): Promise<void> =>
        new Promise<void>((resolve) => {
            this.waiting.push({ until: this.at + ms, resolve });
            for (const w of this.watchers.filter((w) => this.waiting.length >= w.count)) w.resolve();
            if (!this.hold) this.release();
        });

    /** Until when each held sleep waits. */
    pending(): number[] {
        return this.waiting.map((w) => w.until);
    }

    /** Resolves once `count` sleeps are held: an event, not a poll. */
    held(count: number): Promise<void> {
        return this.waiting.length >= count ? Promise.resolve() : new Promise((resolve) => this.watchers.push({ count, resolve }));
    }

    /** Moves the clock to the end of every held sleep and ends them; later sleeps no longer wait. */
    release(): void {
        this.hold = false;
        const due = this.waiting;
        this.waiting = [];
        this.at = Math.max(this.at, ...due.map((w) => w.until));
        for (const w of due) w.resolve();
    }
}
