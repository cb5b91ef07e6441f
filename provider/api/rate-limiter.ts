// Client-side flow control for one endpoint host. Huawei Cloud's gateway limits calls per user
// and API (typically 10 a second: Huawei's BSS API pages, "Request Throttling") and answers 429
// APIG.0308 above it ("The throttling threshold has been reached: policy user over ratelimit").
// Every request to the host takes a slot here first: slots are spaced at
// the current rate; a 429 pauses every request to the host for its Retry-After and lowers the
// rate; each success raises the rate again by about one request per second per second of
// traffic (additive increase), up to the configured maximum, or up to the limit a 429 revealed.
//
// How far a 429 lowers the rate: the gateway counts requests in a one-second window, so the
// answers this host gave in the second before it refused are about what it admits a second.
// The rate drops to just under that count (and climbs no higher than it), instead of halving
// and climbing back into the same refusal: a gateway at 8 a second met with 9 a second then costs
// one pause, not one every few seconds. With no such count (the first answers were refused, or
// the 429 follows another) it halves, as before.

/** The gateway's flow-control window. */
const WINDOW_MS = 1000;

export interface RateLimiterOptions {
    /** Requests per second at most; also where the rate starts. */
    maxPerSecond: number;
    /** The rate never drops below this (requests per second). */
    minPerSecond?: number;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
}

export interface RateLimiterStats {
    /** Current rate, requests per second. */
    rate: number;
    throttled: number;
    /** Epoch ms until which every request waits, 0 when not paused. */
    pausedUntil: number;
}

export class RateLimiter {
    private rate: number;
    private readonly max: number;
    private readonly min: number;
    /** Earliest time the next slot may be handed out. */
    private nextSlot = 0;
    private pausedUntil = 0;
    private throttled = 0;
    /** Highest rate the gateway's answers allow, learnt from a 429; starts at the maximum. */
    private ceiling: number;
    /** When the answers since the last 429 came, the last second of them (see throttle). */
    private answered: number[] = [];
    private readonly now: () => number;
    private readonly sleep: (ms: number) => Promise<void>;

    constructor(opts: RateLimiterOptions) {
        if (!(opts.maxPerSecond > 0)) throw new Error(`maxPerSecond must be positive, got ${opts.maxPerSecond}`);
        this.max = opts.maxPerSecond;
        this.min = Math.min(opts.minPerSecond ?? 0.5, this.max);
        this.rate = this.max;
        this.ceiling = this.max;
        this.now = opts.now ?? Date.now;
        this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    }

    /**
     * Waits for this request's slot. Slots are reserved in call order, so concurrent callers
     * are spread evenly instead of bursting; a pause announced while waiting is honoured.
     */
    async acquire(): Promise<void> {
        for (;;) {
            const now = this.now();
            const slot = Math.max(now, this.nextSlot, this.pausedUntil);
            if (slot <= now) {
                this.nextSlot = now + 1000 / this.rate;
                return;
            }
            // Reserve the slot before sleeping; re-check afterwards in case a 429 moved the pause.
            this.nextSlot = slot + 1000 / this.rate;
            await this.sleep(slot - now);
            if (this.now() >= this.pausedUntil) return;
        }
    }

    /** A 429: pause every request to this host, and lower the rate to what the gateway admitted (else halve it). */
    throttle(retryAfterMs: number | undefined): void {
        this.throttled++;
        const admitted = this.recentAnswers();
        this.answered = [];
        if (admitted >= 2) {
            // Half a request a second under the count: slots exactly at the window's limit would
            // meet a refusal whenever the network delays one request and hurries the next.
            this.ceiling = Math.max(this.min, Math.min(this.ceiling, admitted - 0.5));
            this.rate = Math.min(this.rate, this.ceiling);
        } else {
            this.rate = Math.max(this.min, this.rate / 2);
        }
        const until = this.now() + (retryAfterMs ?? 1000 / this.rate);
        this.pausedUntil = Math.max(this.pausedUntil, until);
        this.nextSlot = Math.max(this.nextSlot, this.pausedUntil);
    }

    /** A request answered without throttling: climb back towards the maximum. */
    succeed(): void {
        this.answered.push(this.now());
        this.recentAnswers();
        // The learnt limit may have been shared with a client that has since stopped: it rises by
        // one request a second per minute of traffic, so it is tried again now and then, not never.
        if (this.ceiling < this.max) this.ceiling = Math.min(this.max, this.ceiling + 1 / (60 * this.rate));
        if (this.rate < this.ceiling) this.rate = Math.min(this.ceiling, this.rate + 1 / this.rate);
    }

    /** Answers in the last second (the gateway's window), dropping older ones. */
    private recentAnswers(): number {
        const since = this.now() - WINDOW_MS;
        let old = 0;
        while (old < this.answered.length && this.answered[old] <= since) old++;
        if (old > 0) this.answered.splice(0, old);
        return this.answered.length;
    }

    stats(): RateLimiterStats {
        return { rate: this.rate, throttled: this.throttled, pausedUntil: this.pausedUntil > this.now() ? this.pausedUntil : 0 };
    }
}
