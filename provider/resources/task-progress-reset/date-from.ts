// `dateFrom` of a reset: UTC milliseconds, or an ISO-8601 date-time with a zone, normalised to
// milliseconds (what the API's `date_from` takes; its example is 13 digits).

/** Below this a number is far more likely seconds than ms (1e11 ms is March 1973). [I] */
const SECONDS_THRESHOLD = 1e11;
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export type DateFromResult = { ok: true; ms: number } | { ok: false; reason: string };

export function normalizeDateFrom(v: unknown): DateFromResult {
    if (typeof v === "number") return checkMs(v);
    if (typeof v === "string") {
        if (/^\d+$/.test(v)) return checkMs(Number(v));
        if (!ISO_WITH_ZONE.test(v))
            return { ok: false, reason: `must be UTC milliseconds or an ISO-8601 date-time with a zone (e.g. 2026-11-01T00:00:00Z), got "${v}"` };
        const ms = Date.parse(v);
        // Date.parse rolls 2021-02-30 over to March: check the calendar date itself.
        const [y, m, d] = v.slice(0, 10).split("-").map(Number);
        if (Number.isNaN(ms) || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate())
            return { ok: false, reason: `is not a valid date: "${v}"` };
        return checkMs(ms);
    }
    return { ok: false, reason: "must be a number (UTC milliseconds) or an ISO-8601 string" };
}

/**
 * Why a `dateFrom` cannot be sent `now`, or undefined. The reset moves a composite task's progress
 * back to a point it has already passed (ResetMultiTaskOffset, "Resetting the Progress of the
 * Combined Task"): a point after now is not one, and is most often a mistyped year or a local
 * time taken for UTC. Only a value that changes is judged: one applied earlier (then in the
 * future, by an older version) stays as it is, its reset long made.
 */
export function futureDateFromProblem(v: unknown, old: unknown, now: number): string | undefined {
    const r = normalizeDateFrom(v);
    if (!r.ok || r.ms <= now) return undefined;
    const was = old === undefined ? undefined : normalizeDateFrom(old);
    if (was?.ok && was.ms === r.ms) return undefined;
    return (
        `dateFrom ${new Date(r.ms).toISOString()} is in the future (now is ${new Date(now).toISOString()}): ` +
        "a reset moves the task's progress back to a point it has passed; give a past UTC time, or leave dateFrom out for the API's default"
    );
}

function checkMs(ms: number): DateFromResult {
    if (!Number.isFinite(ms)) return { ok: false, reason: "must be a finite number" };
    if (!Number.isInteger(ms)) return { ok: false, reason: `must be whole milliseconds, got ${ms}` };
    if (ms < 0) return { ok: false, reason: `must not be negative, got ${ms}` };
    if (ms < SECONDS_THRESHOLD) return { ok: false, reason: `${ms} looks like seconds, not milliseconds (did you mean ${ms * 1000}?)` };
    if (ms > MAX_MS) return { ok: false, reason: `is after the year 9999: ${ms}` };
    return { ok: true, ms };
}
