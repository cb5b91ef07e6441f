// The resolved configuration as the package's public declarations show it: plain types, so
// users' compilers never load zod. schema.ts holds the schema and checks it matches.
import type { AgencyRole, Credentials } from "../auth/types";

/** Where the credentials in use came from: all of them from one place, never mixed. */
export type CredentialSource = "stack config" | "environment";

/** The validated, resolved configuration the API clients are built from (see `resolveConfig`). */
export interface ResolvedConfig {
    /** ROMA Connect endpoint, no trailing slash. */
    endpoint: string;
    /** DRS endpoint, no trailing slash. */
    drsEndpoint: string;
    region?: string;
    /** Default project for resources that do not set one. */
    projectId?: string;
    credentials: Credentials;
    /** Named in every authentication error, so a refused credential can be traced to where it was set. */
    credentialSource?: CredentialSource;
    /** How errors name the credentials when no one place holds them as settings (a KooCLI profile, OIDC federation). */
    credentialLabel?: string;
    /** The agency assumed on top of the credentials, and how errors name where it was set. */
    assumeRole?: AgencyRole;
    agencyLabel?: string;
    /** The IAM endpoint (including /v3) the exchanges go to, when an agency or OIDC federation is configured. */
    authUrl?: string;
    maxRetries: number;
    requestTimeoutMs: number;
    /** Client-side limit per endpoint host, shared by every resource the process serves. */
    maxRequestsPerSecond: number;
    /** How old a task listing may be and still serve an observation (never a verification). */
    listingMaxAgeMs: number;
}
