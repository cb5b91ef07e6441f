// One HTTP exchange with the API: build, authenticate, send with retries and a timeout, and
// turn the answer into validated data or one error that says what happened. The retry loop is
// ours, not undici's interceptor: every attempt takes a slot from the host's rate limiter, is
// authorized afresh (a new X-Sdk-Date and signature; a new IAM token after a 401), and is
// classified from its whole answer (status, network error code, the body's error_code).
import type { Dispatcher } from "undici";
import type { z } from "zod";
import type { Authenticator } from "../auth/types";
import { sleepUnlessCancelled } from "../core/cancel";
import { CANCELLED_MESSAGE, formatPath, RomaApiError, ResponseValidationError } from "../core/errors";
import { buildPath, OPERATIONS, type OperationName } from "../core/operations";
import { describeNetworkError, parseErrorBody, type ParsedErrorBody } from "./error-body";
import { RateLimiter, type RateLimiterStats } from "./rate-limiter";
import { classifyAnswer, classifyNetworkError, networkCode, parseRetryAfter, refusedRetries, retryDelay } from "./retry-policy";
import type { ApiRequest, ApiResponse, Transport } from "./transport-types";

export interface TransportOptions {
    authenticator?: Authenticator;
    /** Retries after errors (5xx, FDI.9999, network); throttling (429) is bounded by the budget instead. */
    maxRetries: number;
    requestTimeoutMs: number;
    retryBaseDelayMs?: number;
    retryMaxDelayMs?: number;
    /**
     * How long one call may take from its first attempt, waits included. Under sustained flow
     * control a call keeps retrying while the gateway keeps answering 429, until this is spent.
     * Default: requestTimeoutMs × (maxRetries + 1).
     */
    callBudgetMs?: number;
    /** Client-side limit per endpoint host, requests per second. Absent: no limit. */
    maxRequestsPerSecond?: number;
    dispatcher?: Dispatcher;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    /** The engine's Cancel: aborts requests in flight and ends every wait (backoff, rate limiter). */
    signal?: AbortSignal;
}

/**
 * Longest pause one 429 imposes on every call to the host. A longer Retry-After (the gateway
 * has asked for an hour) fails the call that got it at once; the others go on at the limiter's
 * lowered pace instead of waiting out their whole budget behind it.
 */
export const MAX_SHARED_PAUSE_MS = 5000;

export interface HttpTransport extends Transport {
    /** Flow-control figures per endpoint host. */
    stats(): Record<string, RateLimiterStats>;
    close(): Promise<void>;
}

/**
 * undici, loaded at the first request rather than with this module: Check, Diff and a preview of
 * unchanged resources send none, and loading it is about a quarter of a provider's start
 * (`npm run bench`, cold starts).
 */
let undici: typeof import("undici") | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
const http = (): typeof import("undici") => (undici ??= require("undici") as typeof import("undici"));

export function createTransport(opts: TransportOptions): HttpTransport {
    // Our own connection pool, made at the first request (see `http`); none is made once closed.
    let ownAgent: Dispatcher | undefined;
    let closed = false;
    const dispatcher = (): Dispatcher => {
        if (opts.dispatcher) return opts.dispatcher;
        if (!ownAgent && closed) throw new Error("the API client was closed before its first request");
        return (ownAgent ??= new (http().Agent)({ connections: 16 }));
    };
    const backoff = { baseDelayMs: opts.retryBaseDelayMs ?? 500, maxDelayMs: opts.retryMaxDelayMs ?? 20_000 };
    const budgetMs = opts.callBudgetMs ?? opts.requestTimeoutMs * (opts.maxRetries + 1);
    const now = opts.now ?? Date.now;
    const { signal } = opts;
    const sleep = opts.sleep ?? ((ms: number) => sleepUnlessCancelled(ms, signal, "a retry wait was"));
    const limiterSleep = opts.sleep ?? ((ms: number) => sleepUnlessCancelled(ms, signal));
    const limiters = new Map<string, RateLimiter>();
    const limiterFor = (host: string): RateLimiter | undefined => {
        if (opts.maxRequestsPerSecond === undefined) return undefined;
        let l = limiters.get(host);
        if (!l) limiters.set(host, (l = new RateLimiter({ maxPerSecond: opts.maxRequestsPerSecond, now, sleep: limiterSleep })));
        return l;
    };

    async function send<T, O extends OperationName>(req: ApiRequest<T, O>): Promise<ApiResponse<T>> {
        const { method, idempotent } = OPERATIONS[req.operation];
        const url = new URL(req.baseUrl + buildPath(req.operation, req.params));
        for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
        const body = req.body === undefined ? undefined : JSON.stringify(req.body);
        const baseHeaders: Record<string, string> = { "Content-Type": "application/json;charset=UTF-8", Accept: "application/json", ...(req.headers ?? {}) };
        const authenticator = req.authenticate === false ? undefined : opts.authenticator;
        const limiter = limiterFor(url.host);

        let attempts = 0;
        let errorRetries = 0;
        let refusals = 0;
        let reauthorized = false;
        let firstAttemptAt: number | undefined;
        const withinBudget = (waitMs: number) => now() + waitMs - (firstAttemptAt ?? now()) <= budgetMs;
        // A wait ended by Cancel ends the call as one without an answer: its outcome is unknown.
        const pause = (ms: number) =>
            sleep(ms).catch((err: unknown) => {
                throw signal?.aborted ? new RomaApiError({ operation: req.operation, ids: req.ids, errorMessage: CANCELLED_MESSAGE, attempts }) : err;
            });

        for (;;) {
            try {
                await limiter?.acquire();
            } catch (err) {
                if (!signal?.aborted) throw err;
            }
            if (signal?.aborted) {
                const errorMessage = attempts === 0 ? `not sent: ${CANCELLED_MESSAGE}` : CANCELLED_MESSAGE;
                throw new RomaApiError({ operation: req.operation, ids: req.ids, errorMessage, attempts });
            }
            firstAttemptAt ??= now();
            attempts++;
            const headers = { ...baseHeaders };
            if (authenticator) Object.assign(headers, await authenticator.authorize({ method, url: url.toString(), headers: { ...headers }, body }));

            // Outside the try below: a failure to load undici or make the pool is not a network error.
            const { request } = http();
            const via = dispatcher();
            if (attempts === 1) req.onDispatch?.();
            let res: Dispatcher.ResponseData;
            let text: string;
            try {
                res = await request(url, {
                    method,
                    headers,
                    body,
                    dispatcher: via,
                    signal,
                    headersTimeout: opts.requestTimeoutMs,
                    bodyTimeout: opts.requestTimeoutMs,
                });
                text = await res.body.text();
            } catch (err) {
                // Aborted by Cancel: sent, maybe acted on, never answered. Not retried.
                if (signal?.aborted) throw new RomaApiError({ operation: req.operation, ids: req.ids, errorMessage: CANCELLED_MESSAGE, attempts });
                const delay = retryDelay(errorRetries + 1, backoff, undefined);
                const refused = networkCode(err) === "ECONNREFUSED";
                if (refused) refusals++;
                const retriesLeft = refused ? refusals <= refusedRetries(url.hostname) : true;
                // Writes are retried too when the table says sending them twice is harmless.
                if (classifyNetworkError(err, idempotent) === "retry" && retriesLeft && errorRetries < opts.maxRetries && withinBudget(delay)) {
                    errorRetries++;
                    await pause(delay);
                    continue;
                }
                throw new RomaApiError({
                    operation: req.operation,
                    ids: req.ids,
                    errorMessage: describeNetworkError(err, opts.requestTimeoutMs, url),
                    attempts,
                });
            }

            const headersOut: Record<string, string | undefined> = {};
            for (const [k, v] of Object.entries(res.headers)) headersOut[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
            const requestId = headersOut["x-request-id"];
            const status = res.statusCode;
            const failure: ParsedErrorBody = status >= 200 && status <= 299 ? { items: [] } : parseErrorBody(text, status);
            const verdict = classifyAnswer(status, failure.errorCode);
            const retryAfter = parseRetryAfter(headersOut["retry-after"], now());

            if (verdict === "ok") {
                limiter?.succeed();
                return {
                    status,
                    body: validate(req.schema, { operation: req.operation, text, contentType: headersOut["content-type"], status, requestId }),
                    headers: headersOut,
                    requestId,
                    attempts,
                };
            }
            // A cached IAM token can be revoked before it expires: fetch a new one, once per call.
            if (status === 401 && authenticator?.invalidate && !reauthorized) {
                reauthorized = true;
                authenticator.invalidate(url.toString());
                continue;
            }
            if (verdict === "throttled") {
                const wait = retryAfter ?? retryDelay(1, backoff, undefined);
                if (wait > MAX_SHARED_PAUSE_MS) {
                    limiter?.throttle(Math.min(MAX_SHARED_PAUSE_MS, budgetMs));
                    throw apiError(req, status, failure, requestId, attempts).withHint(
                        `the gateway asked to wait ${Math.ceil(wait / 1000)} s (Retry-After) before the next call, longer than this provider waits ` +
                            `(${MAX_SHARED_PAUSE_MS / 1000} s), so this call was not retried and the others go on at a reduced pace; ` +
                            "run `pulumi up` again later, and lower roma:maxRequestsPerSecond if other tools use the same account's API limits",
                    );
                }
                limiter?.throttle(wait);
                if (withinBudget(wait)) {
                    // With a limiter the pause is shared by every request to the host; without
                    // one (a bare transport) this call waits on its own.
                    if (!limiter) await pause(wait);
                    continue;
                }
            } else if (verdict === "retry" && idempotent) {
                const delay = retryDelay(errorRetries + 1, backoff, retryAfter);
                if (errorRetries < opts.maxRetries && withinBudget(delay)) {
                    errorRetries++;
                    await pause(delay);
                    continue;
                }
            }
            throw apiError(req, status, failure, requestId, attempts);
        }
    }

    return {
        reportsDispatch: true,
        send,
        stats: () => Object.fromEntries([...limiters].map(([host, l]) => [host, l.stats()])),
        close: async () => {
            closed = true;
            await ownAgent?.close();
        },
    };
}

function apiError(
    req: { operation: string; ids?: readonly string[]; params: Record<string, string> },
    status: number,
    failure: ParsedErrorBody,
    requestId: string | undefined,
    attempts: number,
): RomaApiError {
    const projectId = req.params.project_id;
    return new RomaApiError({ operation: req.operation, ids: req.ids, httpStatus: status, ...failure, requestId, attempts, projectId });
}

/** An answer's body as received, to check against its operation's schema. */
interface ReceivedBody {
    operation: string;
    text: string;
    contentType: string | undefined;
    status: number;
    requestId: string | undefined;
}

function validate<T>(schema: z.ZodType<T>, { operation, text, contentType, status, requestId }: ReceivedBody): T {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch {
        const kind = text.trim() === "" ? "is empty" : `is not JSON (content-type ${contentType ?? "none"}, ${text.length} bytes)`;
        throw new ResponseValidationError({ operation, field: "(body)", problem: kind, httpStatus: status, requestId });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ResponseValidationError({
            operation,
            field: formatPath(issue.path) || "(body)",
            problem: issue.message.replace(/^Invalid input: /, "is invalid: "),
            httpStatus: status,
            requestId,
        });
    }
    return parsed.data;
}
