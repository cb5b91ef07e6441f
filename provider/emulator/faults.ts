// Fault injection: decides, per API request, whether a rule fires. Rate-based rules use a
// seeded generator so a test run is reproducible.
import type { FaultRule } from "./model";
import type { ActiveFaultRule } from "./types";

interface ActiveRule {
    rule: FaultRule;
    remaining?: number;
}

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

    /** The rules still in force (spent `times` rules are gone), with the calls each has left. */
    active(): ActiveFaultRule[] {
        return this.rules
            .filter((r) => r.remaining === undefined || r.remaining > 0)
            .map((r) => (r.remaining === undefined ? { ...r.rule } : { ...r.rule, remaining: r.remaining }));
    }

    /** Rules that fire for this request, consuming `times` budgets. */
    pick(operation: string): FaultRule[] {
        const fired: FaultRule[] = [];
        for (const r of this.rules) {
            if (r.rule.operation !== undefined && r.rule.operation !== operation) continue;
            if (r.remaining !== undefined && r.remaining <= 0) continue;
            if (r.rule.rate !== undefined && this.random() >= r.rule.rate) continue;
            if (r.remaining !== undefined) r.remaining -= 1;
            fired.push(r.rule);
        }
        return fired;
    }
}
