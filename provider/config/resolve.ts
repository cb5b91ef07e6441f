// Resolves the provider's configuration: stack config (`roma:*`) first, then the environment
// variables Huawei Cloud users already have. Runs inside the provider process, never in the
// user's program, so no value here is ever captured into `__provider`.
import type { Credentials } from "../auth/types";
import { ConfigError } from "../core/errors";
import { idProblem } from "../core/ids";
import { ResolvedConfig } from "./schema";
import { CONFIG_SOURCES, type ConfigSetting } from "./sources";

export type ConfigGetter = (key: string) => string | undefined;
export type Environment = Record<string, string | undefined>;

const DEFAULT_MAX_RETRIES = 5;
const DEFAULT_TIMEOUT_SECONDS = 30;
/**
 * Huawei Cloud's gateway commonly allows 10 calls a second per user and API (reference
 * official-models.md "Flow control"). Our limit counts every API on the host together, so we
 * stay within each API's quota on our own, and 9 rather than 10 leaves room for the jitter of
 * timers and the network: at exactly 10, requests spaced evenly still reach the gateway 11 in
 * one second now and then, and each such 429 costs a pause and a halved rate. A 429 caused by
 * other clients of the same account lowers the rate further (rate-limiter.ts).
 */
const DEFAULT_MAX_REQUESTS_PER_SECOND = 9;
/** Long enough for the resources of one engine wave to share a listing, short enough to be "now". */
const DEFAULT_LISTING_MAX_AGE_SECONDS = 2;

function where(setting: ConfigSetting): string {
    const s = CONFIG_SOURCES[setting];
    return `${s.key} (${s.env.join(", ")})`;
}

/** A setting's value: stack config first, then its environment variables; trimmed, empty is unset. */
export function lookupSetting(getConfig: ConfigGetter, env: Environment, setting: ConfigSetting): string | undefined {
    const s = CONFIG_SOURCES[setting];
    const fromConfig = getConfig(s.key);
    if (fromConfig !== undefined && fromConfig.trim() !== "") return fromConfig.trim();
    for (const name of s.env) {
        const v = env[name];
        if (v !== undefined && v.trim() !== "") return v.trim();
    }
    return undefined;
}

/** Huawei's EU sovereign region lives under its own domain. */
function domainFor(region: string): string {
    return region === "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com";
}

export function isLoopbackHost(hostname: string): boolean {
    const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * The project of a resource: its own `projectId` input, else the configured one. Needs no
 * credentials, so a resource that names its project works before the rest is resolved.
 */
export function resolveProjectId(input: string | undefined, getConfig: ConfigGetter, env: Environment): string {
    if (input !== undefined && input !== "") return input;
    const configured = lookupSetting(getConfig, env, "projectId");
    if (configured === undefined) {
        throw new ConfigError(`no project: set the resource's projectId, or ${where("projectId")}`);
    }
    const problem = idProblem(configured);
    if (problem) throw new ConfigError(`pulumi-roma-tasks configuration: ${where("projectId")} ${problem}, got "${configured}"`);
    return configured;
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

function parseInteger(raw: string | undefined, setting: ConfigSetting, min: number, max: number, fallback: number, problems: string[]): number {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
        problems.push(`${where(setting)} must be a whole number from ${min} to ${max}, got "${raw}"`);
        return fallback;
    }
    return Number(raw);
}

/**
 * Resolves and validates the whole configuration. Every problem is reported at once in one
 * ConfigError that names the config key and environment variable to set. Secret values are
 * never quoted back.
 */
export function resolveConfig(getConfig: ConfigGetter, env: Environment): ResolvedConfig {
    const get = (s: ConfigSetting) => lookupSetting(getConfig, env, s);
    const problems: string[] = [];
    const region = get("region");

    const endpointFor = (setting: "endpoint" | "drsEndpoint" | "authUrl", service: string, suffix = ""): string | undefined => {
        const explicit = get(setting);
        if (explicit !== undefined) {
            const r = checkEndpoint(explicit, setting);
            if (r.problem) problems.push(r.problem);
            return r.url;
        }
        if (region !== undefined) {
            if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
                problems.push(`${where("region")} does not look like a Huawei Cloud region (e.g. cn-north-4), got "${region}"`);
                return undefined;
            }
            return `https://${service}.${region}.${domainFor(region)}${suffix}`;
        }
        problems.push(`no ${service.toUpperCase()} endpoint: set ${where(setting)} or ${where("region")}`);
        return undefined;
    };

    const endpoint = endpointFor("endpoint", "roma");
    const drsEndpoint = endpointFor("drsEndpoint", "drs");

    let credentials: Credentials | undefined;
    const token = get("authToken");
    const accessKey = get("accessKey");
    const secretKey = get("secretKey");
    const userName = get("userName");
    const password = get("password");
    if (token !== undefined) {
        credentials = { kind: "token", token };
    } else if (accessKey !== undefined || secretKey !== undefined) {
        if (accessKey === undefined) problems.push(`AK/SK is incomplete: ${where("accessKey")} is missing`);
        else if (secretKey === undefined) problems.push(`AK/SK is incomplete: ${where("secretKey")} is missing`);
        else credentials = { kind: "aksk", accessKey, secretKey, securityToken: get("securityToken") };
    } else if (userName !== undefined || password !== undefined) {
        const domainName = get("domainName");
        const missing = [
            userName === undefined ? where("userName") : undefined,
            password === undefined ? where("password") : undefined,
            domainName === undefined ? where("domainName") : undefined,
        ].filter((m): m is string => m !== undefined);
        if (missing.length > 0) problems.push(`user/password sign-in is incomplete: set ${missing.join(" and ")}`);
        const authUrl = endpointFor("authUrl", "iam", "/v3");
        if (missing.length === 0 && authUrl !== undefined && userName && password && domainName) {
            credentials = { kind: "password", userName, password, domainName, authUrl };
        }
    } else {
        problems.push(
            `no credentials: set ${where("authToken")}; or ${where("accessKey")} and ${where("secretKey")}; ` +
                `or ${where("userName")}, ${where("password")} and ${where("domainName")}`,
        );
    }

    const maxRetries = parseInteger(get("maxRetries"), "maxRetries", 0, 20, DEFAULT_MAX_RETRIES, problems);
    const timeoutSeconds = parseInteger(get("requestTimeoutSeconds"), "requestTimeoutSeconds", 1, 3600, DEFAULT_TIMEOUT_SECONDS, problems);
    const maxRequestsPerSecond = parseInteger(get("maxRequestsPerSecond"), "maxRequestsPerSecond", 1, 10_000, DEFAULT_MAX_REQUESTS_PER_SECOND, problems);
    const listingMaxAgeSeconds = parseInteger(get("listingMaxAgeSeconds"), "listingMaxAgeSeconds", 0, 60, DEFAULT_LISTING_MAX_AGE_SECONDS, problems);
    const projectId = get("projectId");
    const projectProblem = projectId === undefined ? undefined : idProblem(projectId);
    if (projectProblem) problems.push(`${where("projectId")} ${projectProblem}, got "${projectId}"`);

    if (problems.length > 0 || !credentials || !endpoint || !drsEndpoint) {
        throw new ConfigError(`pulumi-roma-tasks configuration: ${problems.join("; ")}`);
    }
    const parsed = ResolvedConfig.safeParse({
        endpoint,
        drsEndpoint,
        region,
        projectId,
        credentials,
        maxRetries,
        requestTimeoutMs: timeoutSeconds * 1000,
        maxRequestsPerSecond,
        listingMaxAgeMs: listingMaxAgeSeconds * 1000,
    });
    // Only the path is reported: zod issues can carry the offending input, which may be a secret.
    if (!parsed.success) throw new ConfigError(`pulumi-roma-tasks configuration: invalid ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
    return parsed.data;
}
