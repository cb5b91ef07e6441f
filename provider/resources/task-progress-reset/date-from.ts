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

function checkMs(ms: number): DateFromResult {
    if (!Number.isFinite(ms)) return { ok: false, reason: "must be a finite number" };
    if (!Number.isInteger(ms)) return { ok: false, reason: `must be whole milliseconds, got ${ms}` };
    if (ms < 0) return { ok: false, reason: `must not be negative, got ${ms}` };
    if (ms < SECONDS_THRESHOLD) return { ok: false, reason: `${ms} looks like seconds, not milliseconds (did you mean ${ms * 1000}?)` };
    if (ms > MAX_MS) return { ok: false, reason: `is after the year 9999: ${ms}` };
    return { ok: true, ms };
}
