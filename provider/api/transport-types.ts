// Contract between the HTTP transport (retries, timeouts, validation) and its users: the FDI
// and DRS clients, and the IAM token exchange.
import type { z } from "zod";
import type { OperationName, PathParams } from "../core/operations";

export interface ApiRequest<T, O extends OperationName = OperationName> {
    /** Row of the operation table: gives the method and path template. */
    operation: O;
    /** Base URL of the service (scheme, host, optional path prefix), no trailing slash. */
    baseUrl: string;
    params: PathParams<O>;
    query?: Record<string, string | number | undefined>;
    /** JSON-serialised by the transport; the exact bytes sent are the bytes signed. */
    body?: unknown;
    /** Validates the 2xx body. */
    schema: z.ZodType<T>;
    /** Task or job IDs this call is about, for error messages. */
    ids?: readonly string[];
    /** Extra request headers, e.g. DRS's X-Language. */
    headers?: Record<string, string>;
    /** False only for the IAM token call itself. Default true. */
    authenticate?: boolean;
    /**
     * Called once, when the request is dispatched: its rate-limiter slot granted and nothing left
     * but to send it (retries go later still). A read begins then, not when it was asked for.
     */
    onDispatch?: () => void;
}

export interface ApiResponse<T> {
    status: number;
    body: T;
    /** Lower-cased response header names. */
    headers: Record<string, string | undefined>;
    requestId?: string;
    attempts: number;
}

export interface Transport {
    /** True when `send` calls every request's `onDispatch`: only then may a caller rely on it. */
    readonly reportsDispatch?: boolean;
    send<T, O extends OperationName>(req: ApiRequest<T, O>): Promise<ApiResponse<T>>;
}
