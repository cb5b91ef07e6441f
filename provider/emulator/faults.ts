// Fault injection: decides, per API request, whether a rule fires. Rate-based rules use a
// seeded generator so a test run is reproducible.
import type { FaultRule } from "./model";

interface ActiveRule {
    rule: FaultRule;
    remaining?: number;
    /** flowControl: arrival times of the requests admitted in the last second. */
    admitted?: number[];
}

/** The gateway counts requests in a one-second window (reference official-models.md "Flow control"). */
const WINDOW_MS = 1000;

/** mulberry32: tiny seeded PRNG, enough for picking a share of requests. */
function seeded(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export class Faults {
    private rules: ActiveRule[] = [];
    private readonly random: () => number;

    constructor(seed = 1) {
        this.random = seeded(seed);
    }

    set(rules: FaultRule[]): void {
        this.rules = rules.map((rule) => ({ rule, remaining: rule.times }));
    }

    /** Rules that fire for this request, consuming `times` budgets. */
    pick(operation: string, now = Date.now()): FaultRule[] {
        const fired: FaultRule[] = [];
        for (const r of this.rules) {
            if (r.rule.operation !== undefined && r.rule.operation !== operation) continue;
            if (r.rule.kind === "flowControl") {
                if (this.overLimit(r, now)) fired.push({ ...r.rule, retryAfterSeconds: r.rule.retryAfterSeconds ?? 1 });
                continue;
            }
            if (r.remaining !== undefined && r.remaining <= 0) continue;
            if (r.rule.rate !== undefined && this.random() >= r.rule.rate) continue;
            if (r.remaining !== undefined) r.remaining -= 1;
            fired.push(r.rule);
        }
        return fired;
    }

    /** Admits the request into the rule's window, or says it is one too many. */
    private overLimit(r: ActiveRule, now: number): boolean {
        const admitted = (r.admitted ??= []);
        while (admitted.length > 0 && now - admitted[0] >= WINDOW_MS) admitted.shift();
        if (admitted.length >= (r.rule.limitPerSecond ?? 10)) return true;
        admitted.push(now);
        return false;
    }
}
