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

/** One field of an object setting: its own environment variable(s), as Terraform's huaweicloud provider names them. */
export interface FieldSpec {
    env: readonly string[];
    type: "string" | "integer";
    secret: boolean;
    description: string;
    /** For an integer field: its range and default. */
    range?: { min: number; max: number; default: number };
}

/**
 * A setting that is an object (`pulumi config set --path roma:assumeRole.agencyName ci`): its
 * fields each fall back to their own environment variable when stack config holds no object at
 * all. `typeName` names its type in the package schema.
 */
export interface ObjectSetting extends BaseSetting {
    type: "object";
    typeName: string;
    fields: Readonly<Record<string, FieldSpec>>;
    /** The field whose variable being set makes the environment hold this object (Terraform's rule). */
    envKey: string;
}

export type SettingSpec = TextSetting | CredentialSpec | EndpointSpec | IntegerSetting | ObjectSetting;

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

const field = (env: string, description: string, secret = false): FieldSpec => ({ env: [env], type: "string", secret, description });
/** IAM's range for `POST /v3.0/OS-CREDENTIAL/securitytokens` (Huawei IAM API reference, "Obtaining a Temporary Access Key and Security Token"). */
export const DEFAULT_DURATION_SECONDS = 3600;
/** The shortest life IAM gives temporary keys. */
export const MIN_DURATION_SECONDS = 900;
const duration: FieldSpec = {
    env: ["HW_ASSUME_ROLE_DURATION"],
    type: "integer",
    secret: false,
    range: { min: MIN_DURATION_SECONDS, max: 86_400, default: DEFAULT_DURATION_SECONDS },
    description: "How long the temporary keys last, in seconds (900–86400, default 3600); they are renewed before they expire.",
};
const object = (key: `roma:${string}`, typeName: string, envKey: string, fields: Record<string, FieldSpec>, description: string): ObjectSetting => ({
    key,
    env: [],
    type: "object",
    typeName,
    fields,
    envKey,
    secret: false,
    description,
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
    /** KooCLI's file (Terraform's `shared_config_file`), read when neither stack config nor the environment holds credentials. */
    sharedConfigFile: text(
        "roma:sharedConfigFile",
        "HW_SHARED_CONFIG_FILE",
        false,
        "KooCLI's configuration file, read for credentials when neither stack config nor the environment holds any; default `~/.hcloud/config.json`.",
    ),
    profile: text("roma:profile", "HW_PROFILE", false, "The profile of the shared configuration file to use; default the file's `current` profile."),
    assumeRole: object(
        "roma:assumeRole",
        "AssumeRole",
        "agencyName",
        {
            agencyName: field("HW_ASSUME_ROLE_AGENCY_NAME", "The IAM agency to assume."),
            domainName: field("HW_ASSUME_ROLE_DOMAIN_NAME", "The account (domain) name that created the agency."),
            domainId: field("HW_ASSUME_ROLE_DOMAIN_ID", "The account (domain) ID that created the agency, instead of its name."),
            durationSeconds: duration,
        },
        "An IAM agency assumed with the configured credentials: every call is signed with its temporary keys.",
    ),
    assumeRoleWithOidc: object(
        "roma:assumeRoleWithOidc",
        "AssumeRoleWithOidc",
        "idpId",
        {
            idpId: field("HW_ASSUME_ROLE_IDP_ID", "The ID of the OpenID Connect identity provider in IAM (sent as `X-Idp-Id`)."),
            idToken: field("HW_ASSUME_ROLE_ID_TOKEN", "The OIDC ID token itself (it cannot be renewed: prefer `idTokenFile`).", true),
            idTokenFile: field("HW_ASSUME_ROLE_ID_TOKEN_FILE", "A file holding the OIDC ID token, read at each exchange so a CI step can write a fresh one."),
            agencyName: field("HW_ASSUME_ROLE_AGENCY_NAME", "An agency the federated identity then assumes (optional)."),
            domainName: field("HW_ASSUME_ROLE_DOMAIN_NAME", "The account (domain) name the federated token is scoped to; default the project."),
            domainId: field("HW_ASSUME_ROLE_DOMAIN_ID", "The account (domain) ID the federated token is scoped to, instead of its name."),
            durationSeconds: duration,
        },
        "OIDC federation: an ID token exchanged at IAM for temporary keys, no stored secret. Needs no other credentials.",
    ),
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
/** The settings that are objects. */
export type ObjectConfigSetting = SettingsWith<{ type: "object" }>;
export const OBJECT_SETTINGS = SETTINGS.filter((s): s is ObjectConfigSetting => CONFIG_SOURCES[s].type === "object");
/** Every field of an object setting that is a secret, as `setting.field`. */
export const SECRET_FIELDS: readonly { setting: ObjectConfigSetting; field: string; env: readonly string[] }[] = OBJECT_SETTINGS.flatMap((setting) =>
    Object.entries(CONFIG_SOURCES[setting].fields)
        .filter(([, f]) => f.secret)
        .map(([field, f]) => ({ setting, field, env: f.env })),
);

/** A string field of an object setting's value: the object itself (YAML), or its JSON text (as stack config and the SDKs hold it). */
export function objectField(value: unknown, field: string): string | undefined {
    let object = value;
    if (typeof value === "string") {
        try {
            object = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    const f = object !== null && typeof object === "object" ? (object as Record<string, unknown>)[field] : undefined;
    return typeof f === "string" ? f : undefined;
}
