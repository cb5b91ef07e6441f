// The provider's settings, one row each: where a setting comes from (its stack config key, then
// environment variable(s)), its type, range and default, whether it is secret, and what it is
// for; and what the resolver does with it: which credentials it belongs to, how the region gives
// an endpoint, which field of the resolved configuration a number sets. The resolver (resolve.ts,
// credentials.ts, endpoints.ts), the plugin's CheckConfig and its schema's `config` and provider
// inputs (plugin/), and the README's configuration table (checked by test/unit/config/settings.test.ts)
// all read this table.
import type { Credentials } from "../auth/types";
import type { Assert, Equal } from "../core/type-checks";
import type { ResolvedConfig } from "./types";

interface BaseSetting {
    key: `roma:${string}`;
    /** Environment variables, in precedence order, read when stack config does not set it. */
    env: readonly string[];
    secret: boolean;
    description: string;
}

/** A setting read as text (URLs, IDs, credentials). */
interface TextSetting extends BaseSetting {
    type: "string";
}

/** Part of one kind of credentials; `optional` when a set of that kind is complete without it. */
interface CredentialSpec extends TextSetting {
    credential: { kind: Credentials["kind"]; optional?: true };
}

/** An endpoint URL; unset, the region gives `https://<service>.<region>.<domain><path>`. */
interface EndpointSpec extends TextSetting {
    fromRegion: { service: string; path?: string };
}

/** The fields of the resolved configuration that are numbers. */
type NumberField = { [F in keyof ResolvedConfig]-?: ResolvedConfig[F] extends number ? F : never }[keyof ResolvedConfig];

/** A whole number within a range, with a default when unset. */
interface IntegerSetting extends BaseSetting {
    type: "integer";
    min: number;
    max: number;
    default: number;
    /** The resolved configuration's field it sets, and the factor from its unit to the field's (seconds to ms). */
    resolvesTo: { field: NumberField; factor: number };
}

export type SettingSpec = TextSetting | CredentialSpec | EndpointSpec | IntegerSetting;

const text = (key: `roma:${string}`, env: string, secret: boolean, description: string): TextSetting => ({
    key,
    env: [env],
    type: "string",
    secret,
    description,
});
const credential = (key: `roma:${string}`, env: string, secret: boolean, part: CredentialSpec["credential"], description: string): CredentialSpec => ({
    ...text(key, env, secret, description),
    credential: part,
});
const endpoint = (key: `roma:${string}`, env: string, fromRegion: EndpointSpec["fromRegion"], description: string): EndpointSpec => ({
    ...text(key, env, false, description),
    fromRegion,
});
const integer = <F extends NumberField>(
    key: `roma:${string}`,
    env: string,
    { range: [min, max], default: dflt }: { range: [number, number]; default: number },
    resolvesTo: { field: F; factor: number },
    description: string,
): IntegerSetting & { resolvesTo: { field: F } } => ({
    key,
    env: [env],
    type: "integer",
    min,
    max,
    default: dflt,
    resolvesTo,
    secret: false,
    // The range and default said from the row's own numbers, so the text cannot differ from them.
    description: `${description.replace(/\.$/, "")} (${min}–${max}, default ${dflt}).`,
});

/** Every setting of the provider, in the order the schema and the README list them. */
export const CONFIG_SOURCES = {
    endpoint: endpoint("roma:endpoint", "ROMA_ENDPOINT", { service: "roma" }, "ROMA Connect endpoint URL; default from `region`."),
    drsEndpoint: endpoint("roma:drsEndpoint", "DRS_ENDPOINT", { service: "drs" }, "DRS endpoint URL; default from `region`."),
    region: text("roma:region", "HW_REGION_NAME", false, "Huawei Cloud region, e.g. `cn-north-4`; gives the endpoints not set."),
    projectId: text("roma:projectId", "HW_PROJECT_ID", false, "Default project ID for resources that do not set one."),
    authToken: credential("roma:authToken", "HW_AUTH_TOKEN", true, { kind: "token" }, "An IAM token (sent as `X-Auth-Token`)."),
    accessKey: credential("roma:accessKey", "HW_ACCESS_KEY", true, { kind: "aksk" }, "Access key ID for AK/SK signing."),
    secretKey: credential("roma:secretKey", "HW_SECRET_KEY", true, { kind: "aksk" }, "Secret access key for AK/SK signing."),
    securityToken: credential(
        "roma:securityToken",
        "HW_SECURITY_TOKEN",
        true,
        { kind: "aksk", optional: true },
        "Security token of temporary AK/SK credentials.",
    ),
    userName: credential("roma:userName", "HW_USER_NAME", false, { kind: "password" }, "IAM user name, for a token by password."),
    password: credential("roma:password", "HW_USER_PASSWORD", true, { kind: "password" }, "IAM user password, for a token by password."),
    domainName: credential("roma:domainName", "HW_DOMAIN_NAME", false, { kind: "password" }, "IAM account (domain) name, for a token by password."),
    authUrl: endpoint("roma:authUrl", "HW_AUTH_URL", { service: "iam", path: "/v3" }, "IAM endpoint including `/v3`; default from `region`."),
    maxRetries: integer("roma:maxRetries", "HW_MAX_RETRIES", { range: [0, 20], default: 5 }, { field: "maxRetries", factor: 1 }, "Retries of a failed call."),
    requestTimeoutSeconds: integer(
        "roma:requestTimeoutSeconds",
        "ROMA_REQUEST_TIMEOUT_SECONDS",
        { range: [1, 3600], default: 30 },
        { field: "requestTimeoutMs", factor: 1000 },
        "Timeout of one call in seconds.",
    ),
    /**
     * Huawei Cloud's gateway commonly allows 10 calls a second per user and API (Huawei's BSS API
     * pages, "Request Throttling": "Traffic quota: 10/1(s)"; ROMA FDI documents no limit of its
     * own, and docs/configuration.md, "Stacks and flow control", says what we assume). Our limit counts every
     * API on the host together, so we stay within each API's quota on our own, and 9 rather than
     * 10 leaves room for the jitter of timers and the network: at exactly 10, requests spaced
     * evenly still reach the gateway 11 in one second now and then, and each such 429 costs a
     * pause and a halved rate. A 429 caused by other clients of the same account lowers the rate
     * further (api/rate-limiter.ts).
     */
    maxRequestsPerSecond: integer(
        "roma:maxRequestsPerSecond",
        "ROMA_MAX_REQUESTS_PER_SECOND",
        { range: [1, 10_000], default: 9 },
        { field: "maxRequestsPerSecond", factor: 1 },
        "Client-side limit of calls per second per endpoint host.",
    ),
    /** Long enough for the resources of one engine wave to share a listing, short enough to be "now". */
    listingMaxAgeSeconds: integer(
        "roma:listingMaxAgeSeconds",
        "ROMA_LISTING_MAX_AGE_SECONDS",
        { range: [0, 60], default: 2 },
        { field: "listingMaxAgeMs", factor: 1000 },
        "How old a task listing may be and still serve an observation.",
    ),
};
export type ConfigSetting = keyof typeof CONFIG_SOURCES;
type SettingsWith<Shape> = { [S in ConfigSetting]: (typeof CONFIG_SOURCES)[S] extends Shape ? S : never }[ConfigSetting];
/** The settings that are whole numbers. */
export type IntegerConfigSetting = SettingsWith<{ type: "integer" }>;
/** The settings that make up credentials. */
export type CredentialSetting = SettingsWith<{ credential: object }>;
/** The endpoint settings, each of which the region gives when unset. */
export type EndpointSetting = SettingsWith<{ fromRegion: object }>;

/** Every numeric field of the resolved configuration is set by a row: the resolver reads them from the table alone. */
export type NumberFieldsCovered = Assert<Equal<(typeof CONFIG_SOURCES)[IntegerConfigSetting]["resolvesTo"]["field"], NumberField>>;

/** The row of a setting, as the common shape. */
export const settingSpec = (setting: ConfigSetting): SettingSpec => CONFIG_SOURCES[setting];

/** Every setting, in the table's order. */
export const SETTINGS = Object.keys(CONFIG_SOURCES) as ConfigSetting[];
export const INTEGER_SETTINGS = SETTINGS.filter((s): s is IntegerConfigSetting => CONFIG_SOURCES[s].type === "integer");
export const CREDENTIAL_SETTINGS = SETTINGS.filter((s): s is CredentialSetting => "credential" in CONFIG_SOURCES[s]);
export const ENDPOINT_SETTINGS = SETTINGS.filter((s): s is EndpointSetting => "fromRegion" in CONFIG_SOURCES[s]);
