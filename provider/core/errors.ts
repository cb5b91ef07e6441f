// Errors a user sees. Each names the operation and the IDs involved, carries what the API
// said, and is built only from values that cannot hold a credential: never from request
// headers, bodies of auth calls, or config.

/** Stable, machine-readable kind of every error this package throws. */
export type RomaErrorCode = "API_ERROR" | "UNEXPECTED_RESPONSE" | "CONFIG" | "INPUT" | "PARTIAL_FAILURE" | "CANCELLED";

/**
 * Codes this package gives a single task or job when the API itself gave none. API codes
 * (`FDI.3083`, `DRS.…`) pass through as the API sent them, so an item's code is
 * `ItemErrorCode | string`.
 */
export type ItemErrorCode =
    /** The task is not in the instance (ListTasks does not show it). */
    | "NOT_FOUND"
    /** The API accepted the write but the task did not reach the desired status in time. */
    | "NOT_SETTLED"
    /** The API answered the call but said nothing about this item. */
    | "NO_RESULT"
    /** A job the resource has not retried yet (an earlier call for it failed as a whole). */
    | "NOT_RETRIED"
    /** A job did not reach its target status before `timeoutSeconds`. */
    | "TIMEOUT"
    /** The answer to a write could not be read, so its outcome is unknown. */
    | "INVALID_RESPONSE"
    /** The call for this item got no usable answer (network, timeout, HTTP error without a code). */
    | "REQUEST_FAILED"
    /** The API reports a task status this package does not know (kept as the task's `rawStatus`). */
    | "UNKNOWN_STATUS"
    /** Another resource of the stack wants the task in the opposite state (docs/conflicting-claims.md). */
    | "CLAIMED_TWICE";

/** Base class of every error this package throws; `code` is stable across versions. */
export abstract class RomaError extends Error {
    abstract readonly code: RomaErrorCode;
}

/**
 * `err` again, of its class and with its fields, but for `changes`. An error is held by more than
 * one layer at once (the handler that threw it, the operations, an adapter, a test), so one that
 * needs another message or other state is a new error: none of those layers sees another's edit.
 * It is built by `Error` itself, so it is a native error (`util.types.isNativeError`) as the
 * original was, without running the subclass's constructor (which would compose the message anew).
 */
export function copyError<E extends Error>(err: E, changes: Partial<E> & { toString?: () => string }): E {
    const copy = Reflect.construct(Error, [], err.constructor) as E;
    Object.defineProperties(copy, Object.getOwnPropertyDescriptors(err));
    for (const [key, value] of Object.entries(changes)) {
        const enumerable = Object.getOwnPropertyDescriptor(err, key)?.enumerable ?? false;
        Object.defineProperty(copy, key, { value, enumerable, writable: true, configurable: true });
    }
    return copy;
}

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
    /** Per-item codes an error body carried (DRS answers a 400 with `results[]`). */
    items?: readonly ItemFailure[];
    cause?: unknown;
    /**
     * On an authentication (401) or permission (403) error: which credentials were used and
     * where they came from, e.g. `AK/SK from stack config (roma:accessKey, roma:secretKey)`.
     */
    credentials?: string;
    /** The project in the call's URL, named when a token was scoped to another one. */
    projectId?: string;
    /** The credentials were refused by IAM in an exchange (an agency, an ID token), not by the API called. */
    exchange?: true;
    /**
     * The likely cause, what the failure means for the user and what to do, said after what the
     * API said (e.g. which setting names an unreachable host; that a reset may have been applied).
     */
    hint?: string;
}

/**
 * The gateway answers 403 both for a missing IAM permission and for a token scoped to another
 * project than the URL's; only its message tells them apart (the emulator's says so as the
 * gateway does, provider/emulator/verify-auth.ts).
 */
const OTHER_SCOPE = /scoped to (another project|a domain)/i;

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
    if (d.items && d.items.length > 0) msg += `${d.errorMessage ? ";" : ":"} ${d.items.map(describeItem).join("; ")}`;
    if (d.hint) msg += `; ${d.hint}`;
    if (d.credentials === undefined) return msg;
    if (d.exchange) return `IAM refused ${d.credentials}: ${msg}`;
    if (d.httpStatus === 403 && OTHER_SCOPE.test(d.errorMessage ?? "")) {
        const project = d.projectId === undefined ? "the call's project" : `project ${d.projectId}`;
        return (
            `${d.credentials} gave a token scoped to another project than ${project} (not a missing IAM permission): ` +
            `use a token of ${project}, or AK/SK or user name and password, which work for any project the account may use: ${msg}`
        );
    }
    return d.httpStatus === 403
        ? `${d.credentials} lacks a permission this needs (see the IAM permissions in the README): ${msg}`
        : `${d.credentials} was refused: ${msg}`;
}

/** An API call failed: HTTP error status, network failure or timeout after retries. */
export class RomaApiError extends RomaError {
    readonly code = "API_ERROR";
    readonly operation: string;
    readonly httpStatus?: number;
    readonly errorCode?: string;
    readonly errorMessage?: string;
    readonly requestId?: string;
    readonly ids: readonly string[];
    readonly attempts?: number;
    /** Per-item codes from the error body, when it had them instead of (or besides) a top-level code. */
    readonly items: readonly ItemFailure[];
    readonly credentials?: string;
    readonly projectId?: string;
    readonly hint?: string;
    private readonly details: ApiErrorDetails;

    constructor(d: ApiErrorDetails) {
        super(describe(d), d.cause === undefined ? undefined : { cause: d.cause });
        this.name = "RomaApiError";
        this.details = d;
        this.credentials = d.credentials;
        this.projectId = d.projectId;
        this.hint = d.hint;
        this.operation = d.operation;
        this.httpStatus = d.httpStatus;
        this.errorCode = d.errorCode;
        this.errorMessage = d.errorMessage;
        this.requestId = d.requestId;
        this.ids = d.ids ?? [];
        this.attempts = d.attempts;
        this.items = d.items ?? [];
    }

    /** The same error, saying which credentials were refused and where they came from. */
    withCredentials(credentials: string): RomaApiError {
        return new RomaApiError({ ...this.details, credentials });
    }

    /** The same error, as IAM's refusal of an exchange (an agency, an ID token) that `what` names. */
    refusedInExchange(what: string): RomaApiError {
        return new RomaApiError({ ...this.details, credentials: what, exchange: true });
    }

    /** The same error, naming its likely cause and what to do. */
    withHint(hint: string): RomaApiError {
        return new RomaApiError({ ...this.details, hint });
    }

    /** No answer came, or one from a gateway or server in trouble: the call may have acted. */
    get outcomeUnknown(): boolean {
        return this.httpStatus === undefined || this.httpStatus >= 500;
    }
}

/** A response body was not what the API documents. `field` is a dotted path, e.g. `entities[2].status`. */
export class ResponseValidationError extends RomaError {
    readonly code = "UNEXPECTED_RESPONSE";
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
export class ConfigError extends RomaError {
    readonly code = "CONFIG";
    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}

/** A value the user gave (an input, an ID, a stored property) cannot be used as it is. */
export class InputError extends RomaError {
    readonly code = "INPUT";
    constructor(message: string) {
        super(message);
        this.name = "InputError";
    }
}

/** What a wait or a call that the engine's Cancel ended says. */
export const CANCELLED_MESSAGE = "cancelled: the engine asked the provider to stop (Ctrl-C or a cancelled update) before this finished";

/** A wait ended by the engine's Cancel (a call in flight ends as a RomaApiError without an answer). */
export class CancelledError extends RomaError {
    readonly code = "CANCELLED";
    constructor(what: string) {
        super(`${what} ${CANCELLED_MESSAGE}`);
        this.name = "CancelledError";
    }
}

/** One task or job that did not end where the resource wanted it. */
export interface ItemFailure {
    id: string;
    errorCode?: ItemErrorCode | (string & {});
    errorMessage?: string;
}

function describeItem(f: ItemFailure): string {
    return `${f.id}: ${f.errorCode ?? "error"}${f.errorMessage ? ` ${f.errorMessage}` : ""}`;
}

export function describeFailures(what: "task" | "job", failures: readonly ItemFailure[]): string[] {
    return failures.map((f) => `${what} ${describeItem(f)}`);
}

/**
 * Some tasks or jobs of a create or update failed while others changed. The dynamic-provider
 * host turns an error with `id`, `properties` and `reasons` into ErrorResourceInitFailed, so
 * the engine saves `properties` as the resource's true state and runs an update on the next
 * `up`. `properties` must hold `__provider` (the host does not add it), or refresh and destroy
 * of that resource break.
 */
export class PartialFailureError extends RomaError {
    readonly code = "PARTIAL_FAILURE";
    constructor(
        readonly summary: string,
        readonly id: string,
        readonly properties: Record<string, unknown>,
        readonly reasons: string[],
    ) {
        super(`${summary}:\n  ${reasons.join("\n  ")}`);
        this.name = "PartialFailureError";
    }

    /**
     * The reasons as the engine gets them (ErrorResourceInitFailed): the CLI prints these as
     * `N errors occurred: * …` and never the message, so the summary (what the failures have in
     * common and what to do) goes first.
     */
    get engineReasons(): string[] {
        return [this.summary, ...this.reasons];
    }

    /** The same failure (message, ID, reasons) storing `properties` instead. */
    withProperties(properties: Record<string, unknown>): PartialFailureError {
        return copyError<PartialFailureError>(this, { properties });
    }
}
