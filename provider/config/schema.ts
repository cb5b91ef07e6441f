// The validated, resolved configuration the API layer is built from.
import { z } from "zod";
import type { AgencyRole as PublicAgencyRole, Credentials as PublicCredentials } from "../auth/types";
import type { Assert, Equal } from "../core/type-checks";
import { CONFIG_SOURCES } from "./sources";
import type { ResolvedConfig as PublicResolvedConfig } from "./types";

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
    z.object({
        kind: z.literal("oidc"),
        idpId: z.string().min(1),
        idToken: z.string().min(1).optional(),
        idTokenFile: z.string().min(1).optional(),
        domainName: z.string().min(1).optional(),
        domainId: z.string().min(1).optional(),
        durationSeconds: z.number().int(),
    }),
]);

export const AgencyRole = z.object({
    agencyName: z.string().min(1),
    domainName: z.string().min(1).optional(),
    domainId: z.string().min(1).optional(),
    durationSeconds: z.number().int(),
});

export const ResolvedConfig = z.object({
    /** ROMA Connect endpoint, no trailing slash. */
    endpoint: z.string(),
    drsEndpoint: z.string(),
    region: z.string().optional(),
    /** Default project for resources that do not set one. */
    projectId: z.string().optional(),
    credentials: Credentials,
    credentialSource: z.enum(["stack config", "environment"]).optional(),
    /** How errors name the credentials when no one place holds them as settings (a KooCLI profile, OIDC federation). */
    credentialLabel: z.string().optional(),
    /** The agency assumed on top of the credentials, and how errors name where it was set. */
    assumeRole: AgencyRole.optional(),
    agencyLabel: z.string().optional(),
    /** The IAM endpoint (including /v3) the exchanges go to, when an agency or OIDC federation is configured. */
    authUrl: z.string().optional(),
    maxRetries: z.number().int().min(CONFIG_SOURCES.maxRetries.min).max(CONFIG_SOURCES.maxRetries.max),
    requestTimeoutMs: z.number().int().positive(),
    /** Client-side limit per endpoint host, shared by every resource the process serves. */
    maxRequestsPerSecond: z.number().int().positive(),
    /** How old a task listing may be and still serve an observation (never a verification). */
    listingMaxAgeMs: z.number().int().nonnegative(),
});
export type ResolvedConfig = z.infer<typeof ResolvedConfig>;

/** The zod-free public types (auth/types.ts, config/types.ts) must be exactly what these schemas hold. */
export type PublicTypesMatch = [
    Assert<Equal<PublicCredentials, z.infer<typeof Credentials>>>,
    Assert<Equal<PublicAgencyRole, z.infer<typeof AgencyRole>>>,
    Assert<Equal<PublicResolvedConfig, ResolvedConfig>>,
];
