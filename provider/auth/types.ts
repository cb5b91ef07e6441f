// What the transport asks of an authenticator, once per attempt, and the credentials it
// authenticates with. Plain types (the zod schema of credentials is in config/schema.ts), so
// the package's public declarations never load zod.

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
    /** Drops the cached token the API rejected (401) for `url`'s project, so the next authorize fetches a new one. */
    invalidate?(url: string): void;
}

/** An IAM token, sent as X-Auth-Token. */
export interface TokenCredentials {
    kind: "token";
    token: string;
}

/** An access key pair; every request is signed with SDK-HMAC-SHA256. */
export interface AkSkCredentials {
    kind: "aksk";
    accessKey: string;
    secretKey: string;
    /** For a temporary key pair. */
    securityToken?: string;
}

/** An IAM user name and password, exchanged for a project-scoped token. */
export interface PasswordCredentials {
    kind: "password";
    userName: string;
    password: string;
    domainName: string;
    /** IAM endpoint including /v3, e.g. https://iam.cn-north-4.myhuaweicloud.com/v3. */
    authUrl: string;
}

export type Credentials = TokenCredentials | AkSkCredentials | PasswordCredentials;

/** A project-scoped IAM token and when it expires. */
export interface IamToken {
    token: string;
    expiresAt: Date;
}
