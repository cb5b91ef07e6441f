// What the transport asks of an authenticator, once per attempt.
import { z } from "zod";

/** What an authenticator sees of an outgoing request, after the transport has built it. */
export interface OutgoingRequest {
    method: string;
    /** Absolute URL including the query string exactly as sent. */
    url: string;
    headers: Record<string, string>;
    body?: string;
}

export type AuthKind = "token" | "aksk" | "password";

/** Adds auth headers. Called once per attempt, so AK/SK signatures carry a fresh X-Sdk-Date. */
export interface Authenticator {
    readonly kind: AuthKind;
    authorize(req: OutgoingRequest): Promise<Record<string, string>>;
    /** Drops a cached token the API rejected (401), so the next authorize fetches a new one. */
    invalidate?(): void;
}

export const Credentials = z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("token"), token: z.string().min(1) }),
    z.object({
        kind: z.literal("aksk"),
        accessKey: z.string().min(1),
        secretKey: z.string().min(1),
        securityToken: z.string().min(1).optional(),
    }),
    z.object({
        kind: z.literal("password"),
        userName: z.string().min(1),
        password: z.string().min(1),
        domainName: z.string().min(1),
        /** IAM endpoint including /v3, e.g. https://iam.cn-north-4.myhuaweicloud.com/v3. */
        authUrl: z.string(),
    }),
]);
export type Credentials = z.infer<typeof Credentials>;
export type PasswordCredentials = Extract<Credentials, { kind: "password" }>;

/** A project-scoped IAM token and when it expires. */
export interface IamToken {
    token: string;
    expiresAt: Date;
}
