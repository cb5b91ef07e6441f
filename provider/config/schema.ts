// The provider's configuration: where each setting comes from (stack config key, then
// environment variable) and the validated, resolved shape the rest of the code uses.
import { z } from "zod";

/** Stack config key (in the `roma:` namespace) and environment variable(s) for each setting, in precedence order. */
export const CONFIG_SOURCES = {
    endpoint: { key: "roma:endpoint", env: ["ROMA_ENDPOINT"] },
    drsEndpoint: { key: "roma:drsEndpoint", env: ["DRS_ENDPOINT"] },
    region: { key: "roma:region", env: ["HW_REGION_NAME"] },
    projectId: { key: "roma:projectId", env: ["HW_PROJECT_ID"] },
    authToken: { key: "roma:authToken", env: ["HW_AUTH_TOKEN"] },
    accessKey: { key: "roma:accessKey", env: ["HW_ACCESS_KEY"] },
    secretKey: { key: "roma:secretKey", env: ["HW_SECRET_KEY"] },
    securityToken: { key: "roma:securityToken", env: ["HW_SECURITY_TOKEN"] },
    userName: { key: "roma:userName", env: ["HW_USER_NAME"] },
    password: { key: "roma:password", env: ["HW_USER_PASSWORD"] },
    domainName: { key: "roma:domainName", env: ["HW_DOMAIN_NAME"] },
    authUrl: { key: "roma:authUrl", env: ["HW_AUTH_URL"] },
    maxRetries: { key: "roma:maxRetries", env: ["HW_MAX_RETRIES"] },
    requestTimeoutSeconds: { key: "roma:requestTimeoutSeconds", env: ["ROMA_REQUEST_TIMEOUT_SECONDS"] },
} as const;
export type ConfigSetting = keyof typeof CONFIG_SOURCES;

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
        /** IAM endpoint including /v3; the token URL is `${authUrl}/auth/tokens`. */
        authUrl: z.string(),
    }),
]);
export type Credentials = z.infer<typeof Credentials>;

export const ResolvedConfig = z.object({
    /** ROMA Connect endpoint, no trailing slash. */
    endpoint: z.string(),
    drsEndpoint: z.string(),
    region: z.string().optional(),
    /** Default project for resources that do not set one. */
    projectId: z.string().optional(),
    credentials: Credentials,
    maxRetries: z.number().int().min(0).max(20),
    requestTimeoutMs: z.number().int().positive(),
});
export type ResolvedConfig = z.infer<typeof ResolvedConfig>;
