// Contract between the HTTP transport (retries, timeouts, validation) and its users: the FDI
// and DRS clients, and the IAM token exchange.
import type { z } from "zod";

export type HttpMethod = "GET" | "POST";

export interface ApiRequest<T> {
    /** SDK-style operation name; appears in every error and in the emulator's request log. */
    operation: string;
    method: HttpMethod;
    /** Absolute URL without query string. */
    url: string;
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
    send<T>(req: ApiRequest<T>): Promise<ApiResponse<T>>;
}

/** What an authenticator sees of an outgoing request, after the transport has built it. */
export interface OutgoingRequest {
    method: string;
    /** Absolute URL including the query string exactly as sent. */
    url: string;
    headers: Record<string, string>;
    body?: string;
}

/** Adds auth headers. Called once per attempt, so AK/SK signatures carry a fresh X-Sdk-Date. */
export interface Authenticator {
    readonly kind: "token" | "aksk" | "password";
    authorize(req: OutgoingRequest): Promise<Record<string, string>>;
    /** Drops a cached token the API rejected (401), so the next authorize fetches a new one. */
    invalidate?(): void;
}
