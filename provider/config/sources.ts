// The provider's settings, one row each: where a setting comes from (its stack config key, then
// environment variable(s)), its type, range and default, whether it is secret, and what it is
// for. The resolver (resolve.ts), the plugin's CheckConfig and its schema's `config` and provider
// inputs (plugin/), and the README's configuration table (checked by test/unit/config/settings.test.ts)
// all read this table.

/** A setting read as text (URLs, IDs, credentials). */
interface TextSetting {
    key: `roma:${string}`;
    /** Environment variables, in precedence order, read when stack config does not set it. */
    env: readonly string[];
    type: "string";
    secret: boolean;
    description: string;
}

/** A whole number within a range, with a default when unset. */
interface IntegerSetting extends Omit<TextSetting, "type"> {
    type: "integer";
    min: number;
    max: number;
    default: number;
}

export type SettingSpec = TextSetting | IntegerSetting;

/** Every setting of the provider, in the order the schema and the README list them. */
export const CONFIG_SOURCES = {
    endpoint: { key: "roma:endpoint", env: ["ROMA_ENDPOINT"], type: "string", secret: false, description: "ROMA Connect endpoint URL; default from `region`." },
    drsEndpoint: { key: "roma:drsEndpoint", env: ["DRS_ENDPOINT"], type: "string", secret: false, description: "DRS endpoint URL; default from `region`." },
    region: {
        key: "roma:region",
        env: ["HW_REGION_NAME"],
        type: "string",
        secret: false,
        description: "Huawei Cloud region, e.g. `cn-north-4`; gives the endpoints not set.",
    },
    projectId: {
        key: "roma:projectId",
        env: ["HW_PROJECT_ID"],
        type: "string",
        secret: false,
        description: "Default project ID for resources that do not set one.",
    },
    authToken: { key: "roma:authToken", env: ["HW_AUTH_TOKEN"], type: "string", secret: true, description: "An IAM token (sent as `X-Auth-Token`)." },
    accessKey: { key: "roma:accessKey", env: ["HW_ACCESS_KEY"], type: "string", secret: true, description: "Access key ID for AK/SK signing." },
    secretKey: { key: "roma:secretKey", env: ["HW_SECRET_KEY"], type: "string", secret: true, description: "Secret access key for AK/SK signing." },
    securityToken: {
        key: "roma:securityToken",
        env: ["HW_SECURITY_TOKEN"],
        type: "string",
        secret: true,
        description: "Security token of temporary AK/SK credentials.",
    },
    userName: { key: "roma:userName", env: ["HW_USER_NAME"], type: "string", secret: false, description: "IAM user name, for a token by password." },
    password: { key: "roma:password", env: ["HW_USER_PASSWORD"], type: "string", secret: true, description: "IAM user password, for a token by password." },
    domainName: {
        key: "roma:domainName",
        env: ["HW_DOMAIN_NAME"],
        type: "string",
        secret: false,
        description: "IAM account (domain) name, for a token by password.",
    },
    authUrl: { key: "roma:authUrl", env: ["HW_AUTH_URL"], type: "string", secret: false, description: "IAM endpoint including `/v3`; default from `region`." },
    maxRetries: {
        key: "roma:maxRetries",
        env: ["HW_MAX_RETRIES"],
        type: "integer",
        min: 0,
        max: 20,
        default: 5,
        secret: false,
        description: "Retries of a failed call (0–20, default 5).",
    },
    requestTimeoutSeconds: {
        key: "roma:requestTimeoutSeconds",
        env: ["ROMA_REQUEST_TIMEOUT_SECONDS"],
        type: "integer",
        min: 1,
        max: 3600,
        default: 30,
        secret: false,
        description: "Timeout of one call in seconds (1–3600, default 30).",
    },
    /**
     * Huawei Cloud's gateway commonly allows 10 calls a second per user and API (Huawei's BSS API
     * pages, "Request Throttling": "Traffic quota: 10/1(s)"; ROMA FDI documents no limit of its
     * own, and the README's "Stacks and flow control" says what we assume). Our limit counts every
     * API on the host together, so we stay within each API's quota on our own, and 9 rather than
     * 10 leaves room for the jitter of timers and the network: at exactly 10, requests spaced
     * evenly still reach the gateway 11 in one second now and then, and each such 429 costs a
     * pause and a halved rate. A 429 caused by other clients of the same account lowers the rate
     * further (api/rate-limiter.ts).
     */
    maxRequestsPerSecond: {
        key: "roma:maxRequestsPerSecond",
        env: ["ROMA_MAX_REQUESTS_PER_SECOND"],
        type: "integer",
        min: 1,
        max: 10_000,
        default: 9,
        secret: false,
        description: "Client-side limit of calls per second per endpoint host (default 9).",
    },
    /** Long enough for the resources of one engine wave to share a listing, short enough to be "now". */
    listingMaxAgeSeconds: {
        key: "roma:listingMaxAgeSeconds",
        env: ["ROMA_LISTING_MAX_AGE_SECONDS"],
        type: "integer",
        min: 0,
        max: 60,
        default: 2,
        secret: false,
        description: "How old a task listing may be and still serve an observation (0–60, default 2).",
    },
} as const satisfies Record<string, SettingSpec>;
export type ConfigSetting = keyof typeof CONFIG_SOURCES;
/** The settings that are whole numbers. */
export type IntegerConfigSetting = { [S in ConfigSetting]: (typeof CONFIG_SOURCES)[S] extends { type: "integer" } ? S : never }[ConfigSetting];

/** The row of a setting, as the common shape. */
export const settingSpec = (setting: ConfigSetting): SettingSpec => CONFIG_SOURCES[setting];
