// One HTTP exchange with the API: build, authenticate, send with retries and a timeout, and
// turn the answer into validated data or one error that says what happened.
import { Agent, interceptors, request, type Dispatcher } from "undici";
import type { z } from "zod";
import type { Authenticator } from "../auth/types";
import { formatPath, RomaApiError, ResponseValidationError } from "../core/errors";
import { buildPath, OPERATIONS, type OperationName } from "../core/operations";
import { apiError, describeNetworkError } from "./error-body";
import { isRetryableStatus, parseRetryAfter, retryDelay, RETRYABLE_NETWORK_CODES } from "./retry-policy";
import type { ApiRequest, ApiResponse, Transport } from "./transport-types";

export interface TransportOptions {
    authenticator?: Authenticator;
    maxRetries: number;
    requestTimeoutMs: number;
    retryBaseDelayMs?: number;
    retryMaxDelayMs?: number;
    /** Give up rather than wait longer than this for a Retry-After. */
    maxRetryAfterMs?: number;
    dispatcher?: Dispatcher;
}

type RetryCallback = NonNullable<Parameters<typeof interceptors.retry>[0]>["retry"];

function headerValue(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
    const v = h[name];
    return Array.isArray(v) ? v[0] : v;
}

export function createTransport(opts: TransportOptions): Transport & { close(): Promise<void> } {
    const owned = opts.dispatcher === undefined;
    const base: Dispatcher = opts.dispatcher ?? new Agent({ connections: 16 });
    const backoff = { baseDelayMs: opts.retryBaseDelayMs ?? 500, maxDelayMs: opts.retryMaxDelayMs ?? 20_000 };
    const maxRetryAfterMs = opts.maxRetryAfterMs ?? 120_000;

    async function exchange<T, O extends OperationName>(
        req: ApiRequest<T, O>,
        attemptsSoFar: number,
    ): Promise<{ res: Dispatcher.ResponseData; text: string; attempts: number }> {
        const method = OPERATIONS[req.operation].method;
        const url = new URL(req.baseUrl + buildPath(req.operation, req.params));
        for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
        const body = req.body === undefined ? undefined : JSON.stringify(req.body);
        const headers: Record<string, string> = {
            "Content-Type": "application/json;charset=UTF-8",
            Accept: "application/json",
            ...(req.headers ?? {}),
        };
        if (req.authenticate !== false && opts.authenticator) {
            Object.assign(headers, await opts.authenticator.authorize({ method, url: url.toString(), headers: { ...headers }, body }));
        }
        let retries = 0;
        // Writes are retried too: [I] a repeated start answers FDI.3023 ("running"), which
        // callers count as done; a repeated stop or reset leaves the same end state.
        const retry: RetryCallback = (err, _context, cb) => {
            const e = err as Error & { statusCode?: number; code?: string; headers?: Record<string, string | string[] | undefined> };
            const status = e.statusCode;
            const retryable = status !== undefined ? isRetryableStatus(status) : e.code !== undefined && RETRYABLE_NETWORK_CODES.has(e.code);
            if (!retryable || retries >= opts.maxRetries) return cb(err);
            const after = parseRetryAfter(e.headers ? headerValue(e.headers, "retry-after") : undefined, Date.now());
            if (after !== undefined && after > maxRetryAfterMs) return cb(err);
            retries += 1;
            setTimeout(() => cb(null), retryDelay(retries, backoff, after));
        };
        const dispatcher = base.compose(interceptors.retry({ maxRetries: opts.maxRetries, throwOnError: false, methods: ["GET", "POST"], retry }));
        try {
            const res = await request(url, {
                method,
                headers,
                body,
                dispatcher,
                headersTimeout: opts.requestTimeoutMs,
                bodyTimeout: opts.requestTimeoutMs,
            });
            const text = await res.body.text();
            return { res, text, attempts: attemptsSoFar + retries + 1 };
        } catch (err) {
            throw new RomaApiError({
                operation: req.operation,
                ids: req.ids,
                errorMessage: describeNetworkError(err, opts.requestTimeoutMs, url),
                attempts: attemptsSoFar + retries + 1,
            });
        }
    }

    async function send<T, O extends OperationName>(req: ApiRequest<T, O>): Promise<ApiResponse<T>> {
        let { res, text, attempts } = await exchange(req, 0);
        // A cached IAM token can be revoked before it expires: fetch a new one, once.
        if (res.statusCode === 401 && req.authenticate !== false && opts.authenticator?.invalidate) {
            opts.authenticator.invalidate();
            ({ res, text, attempts } = await exchange(req, attempts));
        }
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(res.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
        const requestId = headers["x-request-id"];
        const status = res.statusCode;
        if (status < 200 || status > 299) throw apiError(req, status, text, requestId, attempts);
        return { status, body: validate(req.operation, req.schema, text, headers["content-type"], status, requestId), headers, requestId, attempts };
    }

    return {
        send,
        close: async () => {
            if (owned) await base.close();
        },
    };
}

function validate<T>(operation: string, schema: z.ZodType<T>, text: string, contentType: string | undefined, status: number, requestId: string | undefined): T {
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
