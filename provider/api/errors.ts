// Errors a user sees. Each names the operation and the IDs involved, carries what the API
// said, and is built only from values that cannot hold a credential: never from request
// headers, bodies of auth calls, or config.

/** A zod-style path as people write it: `entities[2].status`. */
export function formatPath(path: readonly PropertyKey[]): string {
    let out = "";
    for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? String(p) : `.${String(p)}`;
    return out;
}

export interface ApiErrorDetails {
    /** SDK-style operation name, e.g. "BatchStartOrStopTasks". */
    operation: string;
    /** HTTP status, or undefined when no response came (network error, timeout). */
    httpStatus?: number;
    errorCode?: string;
    errorMessage?: string;
    /** Value of the X-Request-Id response header, when present. */
    requestId?: string;
    /** Task or job IDs the failed call was about. */
    ids?: readonly string[];
    /** Attempts made, counting retries. */
    attempts?: number;
    cause?: unknown;
}

function describe(d: ApiErrorDetails): string {
    const parts = [`${d.operation} failed`];
    if (d.ids && d.ids.length > 0) parts.push(`for ${d.ids.join(", ")}`);
    const facts: string[] = [];
    if (d.httpStatus !== undefined) facts.push(`HTTP ${d.httpStatus}`);
    if (d.errorCode) facts.push(d.errorCode);
    if (d.requestId) facts.push(`request ID ${d.requestId}`);
    if (d.attempts !== undefined && d.attempts > 1) facts.push(`after ${d.attempts} attempts`);
    let msg = parts.join(" ");
    if (facts.length) msg += ` (${facts.join(", ")})`;
    if (d.errorMessage) msg += `: ${d.errorMessage}`;
    return msg;
}

/** An API call failed: HTTP error status, network failure or timeout after retries. */
export class RomaApiError extends Error {
    readonly operation: string;
    readonly httpStatus?: number;
    readonly errorCode?: string;
    readonly errorMessage?: string;
    readonly requestId?: string;
    readonly ids: readonly string[];
    readonly attempts?: number;

    constructor(d: ApiErrorDetails) {
        super(describe(d), d.cause === undefined ? undefined : { cause: d.cause });
        this.name = "RomaApiError";
        this.operation = d.operation;
        this.httpStatus = d.httpStatus;
        this.errorCode = d.errorCode;
        this.errorMessage = d.errorMessage;
        this.requestId = d.requestId;
        this.ids = d.ids ?? [];
        this.attempts = d.attempts;
    }
}

/** A response body was not what the API documents. `field` is a dotted path, e.g. `entities[2].status`. */
export class ResponseValidationError extends Error {
    readonly operation: string;
    readonly field: string;
    readonly httpStatus?: number;
    readonly requestId?: string;

    constructor(d: { operation: string; field: string; problem: string; httpStatus?: number; requestId?: string }) {
        const where = [d.httpStatus !== undefined ? `HTTP ${d.httpStatus}` : undefined, d.requestId ? `request ID ${d.requestId}` : undefined]
            .filter(Boolean)
            .join(", ");
        super(`${d.operation} returned an unexpected response${where ? ` (${where})` : ""}: field \`${d.field}\` ${d.problem}`);
        this.name = "ResponseValidationError";
        this.operation = d.operation;
        this.field = d.field;
        this.httpStatus = d.httpStatus;
        this.requestId = d.requestId;
    }
}

/** Configuration is missing or invalid. Names the config key and environment variable to set. */
export class ConfigError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}
