// Resolves the provider's configuration: stack config (`roma:*`) first, then the environment
// variables Huawei Cloud users already have; credentials come whole from one of the two. Runs
// inside the provider process, never in the user's program, so no value here is ever captured
// into `__provider`.
import type { Credentials } from "../auth/types";
import { ConfigError } from "../core/errors";
import { idProblem } from "../core/ids";
import { ResolvedConfig as ResolvedConfigSchema } from "./schema";
import { CONFIG_SOURCES, type ConfigSetting, type IntegerConfigSetting } from "./sources";
import type { CredentialSource, ResolvedConfig } from "./types";

export type ConfigGetter = (key: string) => string | undefined;
export type Environment = Record<string, string | undefined>;

/**
 * One problem with the configuration: its sentence, the setting it is about (the property a
 * plugin's CheckConfig names; absent when no single setting is at fault), and whether it is only
 * something missing (a preview needs nothing, and a resource may name its own project).
 */
export interface ConfigProblem {
    text: string;
    setting?: ConfigSetting;
    missing?: true;
}

function where(setting: ConfigSetting): string {
    const s = CONFIG_SOURCES[setting];
    return `${s.key} (${s.env.join(", ")})`;
}

/** A setting as one source alone gives it: trimmed, empty is unset. */
function fromSource(getConfig: ConfigGetter, env: Environment, source: CredentialSource, setting: ConfigSetting): string | undefined {
    const values = source === "stack config" ? [getConfig(CONFIG_SOURCES[setting].key)] : CONFIG_SOURCES[setting].env.map((name) => env[name]);
    return values.find((v) => v !== undefined && v.trim() !== "")?.trim();
}

/** A setting's value: stack config first, then its environment variables; trimmed, empty is unset. */
export function lookupSetting(getConfig: ConfigGetter, env: Environment, setting: ConfigSetting): string | undefined {
    return fromSource(getConfig, env, "stack config", setting) ?? fromSource(getConfig, env, "environment", setting);
}

/** How a message names a source. */
const placeOf = (source: CredentialSource) => (source === "stack config" ? "stack config" : "the environment");

/** Huawei's EU sovereign region lives under its own domain. */
function domainFor(region: string): string {
    return region === "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com";
}

export function isLoopbackHost(hostname: string): boolean {
    const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** One ConfigError for every problem found, each naming the config key and variable to set. */
function configError(found: readonly ConfigProblem[]): ConfigError {
    const head = "pulumi-roma-tasks configuration";
    const problems = found.map((p) => p.text);
    if (problems.length === 1) return new ConfigError(`${head}: ${problems[0]}`);
    return new ConfigError(`${head}: ${problems.length} problems:\n  - ${problems.join("\n  - ")}`);
}

const NO_PROJECT: ConfigProblem = { text: `no project: set the resource's projectId, or ${where("projectId")}`, missing: true };

/**
 * The project of a resource: its own `projectId` input, else the configured one. A resource
 * that names its project needs nothing else here. When the project is missing or invalid, the
 * error also lists every other configuration problem, so a first run with nothing configured
 * gets one error that names everything to set.
 */
export function resolveProjectId(input: string | undefined, getConfig: ConfigGetter, env: Environment): string {
    if (input !== undefined && input !== "") return input;
    const configured = lookupSetting(getConfig, env, "projectId");
    if (configured !== undefined && idProblem(configured) === undefined) return configured;
    // An invalid configured project is already among the configuration's problems.
    const problems = collect(getConfig, env).problems;
    throw configError(configured === undefined ? [...problems, NO_PROJECT] : problems);
}

/** Checks an endpoint URL; returns it without trailing slashes, or a problem sentence. */
function checkEndpoint(value: string, setting: ConfigSetting): { url?: string; problem?: string } {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return { problem: `${where(setting)} is not a valid URL: "${value}"` };
    }
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
        return { problem: `${where(setting)} uses plain http:// for a host that is not loopback ("${url.host}"); use https://` };
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        return { problem: `${where(setting)} must be an https:// URL, got "${url.protocol}"` };
    }
    if (url.search || url.hash || url.username || url.password) {
        return { problem: `${where(setting)} must not contain a query, fragment or user info` };
    }
    return { url: url.toString().replace(/\/+$/, "") };
}

/** An integer setting within its range (sources.ts), or its default when unset or refused. */
function parseInteger(raw: string | undefined, setting: IntegerConfigSetting, problems: ConfigProblem[]): number {
    const { min, max, default: fallback } = CONFIG_SOURCES[setting];
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        problems.push({ text: `${where(setting)} must be a whole number from ${min} to ${max}, got "${raw}"`, setting });
        return fallback;
    }
    return Number(raw);
}

/** The settings that make up credentials: all of them are taken from stack config, or all from the environment. */
const CREDENTIAL_SETTINGS = [
    "authToken",
    "accessKey",
    "secretKey",
    "securityToken",
    "userName",
    "password",
    "domainName",
] as const satisfies readonly ConfigSetting[];

/**
 * How messages name the configuration a getter reads. The dynamic host reads stack config
 * (`roma:accessKey`); the plugin reads its provider's properties, which are the stack config for
 * the default provider and the program's arguments for an explicit `roma.Provider`
 * (`accessKey`).
 */
export interface ConfigOrigin {
    /** Where the values were set, e.g. "stack config", "the arguments of provider roma-eu". */
    place: string;
    /** How that place spells a setting. */
    name(setting: ConfigSetting): string;
}

export const STACK_CONFIG: ConfigOrigin = { place: "stack config", name: (s) => CONFIG_SOURCES[s].key };

/** A setting's name as one source spells it. */
function nameIn(source: CredentialSource, setting: ConfigSetting, origin: ConfigOrigin = STACK_CONFIG): string {
    return source === "stack config" ? origin.name(setting) : CONFIG_SOURCES[setting].env.join(" or ");
}

const KIND_LABEL: Record<Credentials["kind"], string> = { token: "the IAM token", aksk: "AK/SK", password: "user name and password" };
const KIND_SETTINGS: Record<Credentials["kind"], readonly ConfigSetting[]> = {
    token: ["authToken"],
    aksk: ["accessKey", "secretKey"],
    password: ["userName", "password", "domainName"],
};

/**
 * Which credentials are in use and where they came from, for error messages: e.g.
 * `AK/SK from stack config (roma:accessKey, roma:secretKey)`. Never a value.
 */
export function describeCredentials(kind: Credentials["kind"], source?: CredentialSource, origin: ConfigOrigin = STACK_CONFIG): string {
    if (source === undefined) return KIND_LABEL[kind];
    const names = KIND_SETTINGS[kind].map((s) => nameIn(source, s, origin)).join(", ");
    return `${KIND_LABEL[kind]} from ${source === "stack config" ? origin.place : placeOf(source)} (${names})`;
}

export type EndpointSetting = "endpoint" | "drsEndpoint" | "authUrl";

/** Where an endpoint's value came from, for errors about the host it names. */
export interface EndpointSource {
    /** e.g. `roma:endpoint from stack config`, `ROMA_ENDPOINT from the environment`, `roma:region "cn-north-9"`. */
    label: string;
    /** The region the host was derived from, when no setting named the endpoint. */
    region?: string;
}

/** Where each endpoint's value comes from: its own setting in config or the environment, or the region. */
export function endpointSources(
    getConfig: ConfigGetter,
    env: Environment,
    origin: ConfigOrigin = STACK_CONFIG,
): Record<EndpointSetting, EndpointSource | undefined> {
    const sourceOf = (setting: ConfigSetting): { name: string; place: string } | undefined => {
        if (fromSource(getConfig, env, "stack config", setting) !== undefined) return { name: origin.name(setting), place: origin.place };
        const variable = CONFIG_SOURCES[setting].env.find((n) => env[n] !== undefined && env[n].trim() !== "");
        return variable === undefined ? undefined : { name: origin.name(setting), place: `the environment (${variable})` };
    };
    const region = lookupSetting(getConfig, env, "region");
    const regionSource = sourceOf("region");
    const one = (setting: EndpointSetting): EndpointSource | undefined => {
        const own = sourceOf(setting);
        if (own !== undefined) return { label: `${own.name} from ${own.place}` };
        if (region === undefined || regionSource === undefined) return undefined;
        return { label: `derived from ${regionSource.name} "${region}" (${regionSource.place})`, region };
    };
    return { endpoint: one("endpoint"), drsEndpoint: one("drsEndpoint"), authUrl: one("authUrl") };
}

/**
 * Credentials come from one place: a set in stack config wins over anything in the environment,
 * and only when stack config holds none does the environment count. Within that place: a token,
 * then AK/SK, then user name and password.
 */
function resolveCredentials(
    getConfig: ConfigGetter,
    env: Environment,
    authUrl: () => string | undefined,
    problems: ConfigProblem[],
): { credentials?: Credentials; source?: CredentialSource } {
    const holds = (source: CredentialSource) => CREDENTIAL_SETTINGS.some((s) => fromSource(getConfig, env, source, s) !== undefined);
    const source: CredentialSource | undefined = holds("stack config") ? "stack config" : holds("environment") ? "environment" : undefined;
    if (source === undefined) {
        problems.push({
            text:
                `no credentials: set ${where("authToken")}; or ${where("accessKey")} and ${where("secretKey")}; ` +
                `or ${where("userName")}, ${where("password")} and ${where("domainName")}`,
            missing: true,
        });
        return {};
    }
    const get = (s: ConfigSetting) => fromSource(getConfig, env, source, s);
    const name = (s: ConfigSetting) => nameIn(source, s);
    const place = placeOf(source);
    // Said when a set in stack config is incomplete while the environment holds credentials too.
    const ignored = source === "stack config" && holds("environment") ? " (credentials in the environment are not used while stack config holds any)" : "";
    // An incomplete set is about the first setting it lacks, as a property of the provider only
    // when stack config (the provider's properties) holds the set.
    const incomplete = (what: string, settings: readonly ConfigSetting[]): ConfigProblem => {
        const absent = settings.filter((s) => get(s) === undefined);
        const names = absent.map(name);
        const text = `${what} in ${place} is incomplete: ${names.join(" and ")} ${names.length > 1 ? "are" : "is"} missing${ignored}`;
        return source === "stack config" ? { text, setting: absent[0] } : { text };
    };

    const token = get("authToken");
    if (token !== undefined) return { credentials: { kind: "token", token }, source };
    const accessKey = get("accessKey");
    const secretKey = get("secretKey");
    const securityToken = get("securityToken");
    if (accessKey !== undefined || secretKey !== undefined || securityToken !== undefined) {
        if (accessKey === undefined || secretKey === undefined) {
            problems.push(incomplete("AK/SK", ["accessKey", "secretKey"]));
            return { source };
        }
        return { credentials: { kind: "aksk", accessKey, secretKey, securityToken }, source };
    }
    const userName = get("userName");
    const password = get("password");
    const domainName = get("domainName");
    const url = authUrl();
    if (userName === undefined || password === undefined || domainName === undefined) {
        problems.push(incomplete("user/password sign-in", ["userName", "password", "domainName"]));
        return { source };
    }
    return url === undefined ? { source } : { credentials: { kind: "password", userName, password, domainName, authUrl: url }, source };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

interface Collected {
    config?: ResolvedConfig;
    problems: ConfigProblem[];
}

/** The whole configuration, or every problem with it (a region or endpoint problem is said once). */
function collect(getConfig: ConfigGetter, env: Environment): Collected {
    const get = (s: ConfigSetting) => lookupSetting(getConfig, env, s);
    const problems: ConfigProblem[] = [];
    const region = get("region");
    const regionProblem =
        region !== undefined && !REGION.test(region)
            ? `${where("region")} does not look like a Huawei Cloud region (e.g. cn-north-4), got "${region}"`
            : undefined;
    // Endpoints that neither their own setting nor the region gives; reported together below.
    const underived: ConfigSetting[] = [];

    const endpointFor = (setting: "endpoint" | "drsEndpoint" | "authUrl", service: string, suffix = ""): string | undefined => {
        const explicit = get(setting);
        if (explicit !== undefined) {
            const r = checkEndpoint(explicit, setting);
            if (r.problem) problems.push({ text: r.problem, setting });
            return r.url;
        }
        if (region !== undefined && regionProblem === undefined) return `https://${service}.${region}.${domainFor(region)}${suffix}`;
        underived.push(setting);
        return undefined;
    };

    const endpoint = endpointFor("endpoint", "roma");
    const drsEndpoint = endpointFor("drsEndpoint", "drs");
    const { credentials, source } = resolveCredentials(getConfig, env, () => endpointFor("authUrl", "iam", "/v3"), problems);
    if (regionProblem !== undefined && underived.length > 0) problems.unshift({ text: regionProblem, setting: "region" });
    else if (underived.length > 0) {
        const names = underived.map(where);
        const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
        problems.unshift({ text: `no ${underived.length === 1 ? "endpoint" : "endpoints"}: set ${where("region")}, or ${list}`, missing: true });
    }

    const maxRetries = parseInteger(get("maxRetries"), "maxRetries", problems);
    const timeoutSeconds = parseInteger(get("requestTimeoutSeconds"), "requestTimeoutSeconds", problems);
    const maxRequestsPerSecond = parseInteger(get("maxRequestsPerSecond"), "maxRequestsPerSecond", problems);
    const listingMaxAgeSeconds = parseInteger(get("listingMaxAgeSeconds"), "listingMaxAgeSeconds", problems);
    const projectId = get("projectId");
    const projectProblem = projectId === undefined ? undefined : idProblem(projectId);
    if (projectProblem) problems.push({ text: `${where("projectId")} ${projectProblem}, got "${projectId}"`, setting: "projectId" });

    if (problems.length > 0 || !credentials || !endpoint || !drsEndpoint) return { problems };
    const parsed = ResolvedConfigSchema.safeParse({
        endpoint,
        drsEndpoint,
        region,
        projectId,
        credentials,
        credentialSource: source,
        maxRetries,
        requestTimeoutMs: timeoutSeconds * 1000,
        maxRequestsPerSecond,
        listingMaxAgeMs: listingMaxAgeSeconds * 1000,
    });
    // Only the path is reported: zod issues can carry the offending input, which may be a secret.
    if (!parsed.success) return { problems: [{ text: `invalid ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}` }] };
    return { config: parsed.data, problems: [] };
}

/**
 * Resolves and validates the whole configuration. Every problem is reported at once in one
 * ConfigError that names the config key and environment variable to set. Secret values are
 * never quoted back.
 */
export function resolveConfig(getConfig: ConfigGetter, env: Environment): ResolvedConfig {
    const { config, problems } = collect(getConfig, env);
    if (!config) throw configError(problems);
    return config;
}

/** Every problem with the configuration, each with the setting it is about: what CheckConfig reports. */
export function configProblems(getConfig: ConfigGetter, env: Environment): ConfigProblem[] {
    return collect(getConfig, env).problems;
}
