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

/**
 * OIDC federation (Terraform huaweicloud's `assume_role_with_oidc`): an ID token from the CI
 * system's identity provider, exchanged at IAM for a federated token and then temporary keys.
 * No stored secret: `idTokenFile` is read at each exchange.
 */
export interface OidcCredentials {
    kind: "oidc";
    idpId: string;
    idToken?: string;
    idTokenFile?: string;
    /** The scope of the federated token: this account (by name or ID), else the project. */
    domainName?: string;
    domainId?: string;
    durationSeconds: number;
}

export type Credentials = TokenCredentials | AkSkCredentials | PasswordCredentials | OidcCredentials;

/** An IAM agency to assume with the credentials in use (Terraform huaweicloud's `assume_role`). */
export interface AgencyRole {
    agencyName: string;
    domainName?: string;
    domainId?: string;
    durationSeconds: number;
}

/** Temporary keys from IAM (`credential { access, secret, securitytoken, expires_at }`). */
export interface TemporaryKeys {
    accessKey: string;
    secretKey: string;
    securityToken: string;
    expiresAt: Date;
}

/** A project-scoped IAM token and when it expires. */
export interface IamToken {
    token: string;
    expiresAt: Date;
}
