// Client-side flow control for one endpoint host. Huawei Cloud's gateway limits calls per user
// and API (typically 10 a second: Huawei's BSS API pages, "Request Throttling") and answers 429
// APIG.0308 above it ("The throttling threshold has been reached: policy user over ratelimit"). Every request to the host takes a slot here first: slots are spaced at
// the current rate; a 429 pauses every request to the host for its Retry-After and halves the
// rate (multiplicative decrease); each success raises the rate again by about one request per
// second per second of traffic (additive increase), up to the configured maximum.

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
    private readonly now: () => number;
    private readonly sleep: (ms: number) => Promise<void>;

    constructor(opts: RateLimiterOptions) {
        if (!(opts.maxPerSecond > 0)) throw new Error(`maxPerSecond must be positive, got ${opts.maxPerSecond}`);
        this.max = opts.maxPerSecond;
        this.min = Math.min(opts.minPerSecond ?? 0.5, this.max);
        this.rate = this.max;
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

    /** A 429: pause every request to this host, and halve the rate. */
    throttle(retryAfterMs: number | undefined): void {
        this.throttled++;
        this.rate = Math.max(this.min, this.rate / 2);
        const until = this.now() + (retryAfterMs ?? 1000 / this.rate);
        this.pausedUntil = Math.max(this.pausedUntil, until);
        this.nextSlot = Math.max(this.nextSlot, this.pausedUntil);
    }

    /** A request answered without throttling: climb back towards the maximum. */
    succeed(): void {
        if (this.rate < this.max) this.rate = Math.min(this.max, this.rate + 1 / this.rate);
    }

    stats(): RateLimiterStats {
        return { rate: this.rate, throttled: this.throttled, pausedUntil: this.pausedUntil > this.now() ? this.pausedUntil : 0 };
    }
}
