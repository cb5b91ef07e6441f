// When to retry and how long to wait: pure functions, so they are unit-tested without timing.

/**
 * The gateway's flow-control code in both spellings: APIG.0308 in Huawei's BSS API pages
 * ("Request Throttling"), APIGW.0308 in other Huawei clients (e.g. the Huawei Cloud logs
 * receiver in open-telemetry/opentelemetry-collector-contrib).
 */
export const THROTTLE_ERROR_CODES = new Set(["APIG.0308", "APIGW.0308"]);
/** FDI's internal network error: transient. */
export const RETRYABLE_ERROR_CODES = new Set(["FDI.9999"]);

/** undici/Node error codes of a request that never got (a whole) answer. */
export const RETRYABLE_NETWORK_CODES = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "EPIPE",
    "ETIMEDOUT",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "EAI_AGAIN",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
]);

/** What to do with an answer: `throttled` waits for the gateway, `retry` backs off, `final` gives up. */
export type Verdict = "ok" | "throttled" | "retry" | "final";

/**
 * Classifies an answer by its status and its body's error_code together: a throttling or
 * transient code counts whatever status it came with [I: they normally come with 429 and 500].
 * Every other 4xx (FDI.30xx validation errors above all) is final.
 */
export function classifyAnswer(status: number, errorCode: string | undefined): Verdict {
    if (status >= 200 && status <= 299) return "ok";
    if (status === 429 || (errorCode !== undefined && THROTTLE_ERROR_CODES.has(errorCode))) return "throttled";
    if ((status >= 500 && status <= 599) || (errorCode !== undefined && RETRYABLE_ERROR_CODES.has(errorCode))) return "retry";
    return "final";
}

/** Network errors raised before a byte of the request reached the server: safe to send again, whatever the call. */
export const NOT_SENT_NETWORK_CODES = new Set(["ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH", "EAI_AGAIN", "ENOTFOUND", "UND_ERR_CONNECT_TIMEOUT"]);

/**
 * A request that never got (a whole) answer is retried when its error code says so; a call that
 * is not idempotent only when the error proves the request was never sent.
 */
export function classifyNetworkError(err: unknown, idempotent = true): "retry" | "final" {
    const code = networkCode(err);
    if (code === undefined) return "final";
    return (idempotent ? RETRYABLE_NETWORK_CODES : NOT_SENT_NETWORK_CODES).has(code) ? "retry" : "final";
}

/**
 * Retries a refused connection gets. A refusal is an answer from the host's own network stack:
 * nothing listens on that port, now. A gateway node that restarts refuses for a moment, so one
 * retry; on a loopback host (a local emulator or proxy) nothing comes back between two attempts,
 * so none. More would only spend the user's time before the same message (a closed port took 5
 * retries and about 13 s).
 */
export function refusedRetries(hostname: string): number {
    return isLoopback(hostname) ? 0 : 1;
}

function isLoopback(hostname: string): boolean {
    const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** The error code of a network error (undici's or Node's), if it has one. */
export function networkCode(err: unknown): string | undefined {
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === "string" ? code : undefined;
}

/** Milliseconds a Retry-After header asks for (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
    if (value === undefined || value.trim() === "") return undefined;
    const v = value.trim();
    if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
    const at = Date.parse(v);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface BackoffOptions {
    baseDelayMs: number;
    maxDelayMs: number;
}

/**
 * Delay before retry number `retry` (1-based): exponential backoff with jitter, and never
 * shorter than Retry-After.
 */
export function retryDelay(retry: number, backoff: BackoffOptions, retryAfterMs: number | undefined, random: () => number = Math.random): number {
    const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (retry - 1));
    // Jitter in [ceiling/2, ceiling]: spreads a burst of clients without collapsing to zero.
    const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
    return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
