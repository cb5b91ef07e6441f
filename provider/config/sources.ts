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

const text = (key: `roma:${string}`, env: string, secret: boolean, description: string): TextSetting => ({
    key,
    env: [env],
    type: "string",
    secret,
    description,
});
const integer = (key: `roma:${string}`, env: string, [min, max]: [number, number], dflt: number, description: string): IntegerSetting => ({
    key,
    env: [env],
    type: "integer",
    min,
    max,
    default: dflt,
    secret: false,
    description,
});

/** Every setting of the provider, in the order the schema and the README list them. */
export const CONFIG_SOURCES = {
    endpoint: text("roma:endpoint", "ROMA_ENDPOINT", false, "ROMA Connect endpoint URL; default from `region`."),
    drsEndpoint: text("roma:drsEndpoint", "DRS_ENDPOINT", false, "DRS endpoint URL; default from `region`."),
    region: text("roma:region", "HW_REGION_NAME", false, "Huawei Cloud region, e.g. `cn-north-4`; gives the endpoints not set."),
    projectId: text("roma:projectId", "HW_PROJECT_ID", false, "Default project ID for resources that do not set one."),
    authToken: text("roma:authToken", "HW_AUTH_TOKEN", true, "An IAM token (sent as `X-Auth-Token`)."),
    accessKey: text("roma:accessKey", "HW_ACCESS_KEY", true, "Access key ID for AK/SK signing."),
    secretKey: text("roma:secretKey", "HW_SECRET_KEY", true, "Secret access key for AK/SK signing."),
    securityToken: text("roma:securityToken", "HW_SECURITY_TOKEN", true, "Security token of temporary AK/SK credentials."),
    userName: text("roma:userName", "HW_USER_NAME", false, "IAM user name, for a token by password."),
    password: text("roma:password", "HW_USER_PASSWORD", true, "IAM user password, for a token by password."),
    domainName: text("roma:domainName", "HW_DOMAIN_NAME", false, "IAM account (domain) name, for a token by password."),
    authUrl: text("roma:authUrl", "HW_AUTH_URL", false, "IAM endpoint including `/v3`; default from `region`."),
    maxRetries: integer("roma:maxRetries", "HW_MAX_RETRIES", [0, 20], 5, "Retries of a failed call (0–20, default 5)."),
    requestTimeoutSeconds: integer(
        "roma:requestTimeoutSeconds",
        "ROMA_REQUEST_TIMEOUT_SECONDS",
        [1, 3600],
        30,
        "Timeout of one call in seconds (1–3600, default 30).",
    ),
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
    maxRequestsPerSecond: integer(
        "roma:maxRequestsPerSecond",
        "ROMA_MAX_REQUESTS_PER_SECOND",
        [1, 10_000],
        9,
        "Client-side limit of calls per second per endpoint host (default 9).",
    ),
    /** Long enough for the resources of one engine wave to share a listing, short enough to be "now". */
    listingMaxAgeSeconds: integer(
        "roma:listingMaxAgeSeconds",
        "ROMA_LISTING_MAX_AGE_SECONDS",
        [0, 60],
        2,
        "How old a task listing may be and still serve an observation (0–60, default 2).",
    ),
};
export type ConfigSetting = keyof typeof CONFIG_SOURCES;
/** The settings that are whole numbers. */
export type IntegerConfigSetting = { [S in ConfigSetting]: (typeof CONFIG_SOURCES)[S] extends { type: "integer" } ? S : never }[ConfigSetting];

/** The row of a setting, as the common shape. */
export const settingSpec = (setting: ConfigSetting): SettingSpec => CONFIG_SOURCES[setting];
