// When to retry and how long to wait: pure functions, so they are unit-tested without timing.

/** Gateway throttling (APIG.0308) and FDI's internal network error (FDI.9999) are transient. */
export const RETRYABLE_ERROR_CODES = new Set(["APIG.0308", "FDI.9999"]);

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
    "UND_ERR_CLOSED",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
]);

/** 429 and 5xx are transient; every other 4xx (FDI.30xx validation errors above all) is final. */
export function isRetryableStatus(status: number): boolean {
    return status === 429 || (status >= 500 && status <= 599);
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
 * Delay before retry number `retry` (1-based): exponential backoff with full jitter, and never
 * shorter than Retry-After. A Retry-After beyond `maxRetryAfterMs` is honoured by giving up
 * instead of retrying early.
 */
export function retryDelay(retry: number, backoff: BackoffOptions, retryAfterMs: number | undefined, random: () => number = Math.random): number {
    const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (retry - 1));
    // Jitter in [ceiling/2, ceiling]: spreads a burst of clients without collapsing to zero.
    const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
    return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
