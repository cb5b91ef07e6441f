// Resolves the provider's configuration: stack config (`roma:*`) first, then the environment
// variables Huawei Cloud users already have; credentials come whole from one of the two. Runs
// inside the provider process, never in the user's program, so no value here is ever captured
// into `__provider`.
import { ConfigError } from "../core/errors";
import { idProblem } from "../core/ids";
import { resolveFederation } from "./assume-role";
import { resolveCredentials } from "./credentials";
import { readSharedProfile } from "./shared-file";
import { checkEndpoint, endpointSources, regionEndpoint, type EndpointSource } from "./endpoints";
import {
    andList,
    readSettings,
    STACK_CONFIG,
    where,
    type ConfigGetter,
    type ConfigOrigin,
    type ConfigProblem,
    type Environment,
    type Settings,
} from "./lookup";
import { ResolvedConfig as ResolvedConfigSchema } from "./schema";
import { CONFIG_SOURCES, INTEGER_SETTINGS, type ConfigSetting, type EndpointSetting, type IntegerConfigSetting } from "./sources";
import type { ResolvedConfig } from "./types";

/** One ConfigError for every problem found, each naming the config key and variable to set. */
function configError(found: readonly ConfigProblem[]): ConfigError {
    const head = "pulumi-roma-tasks configuration";
    const problems = found.map((p) => p.text);
    if (problems.length === 1) return new ConfigError(`${head}: ${problems[0]}`);
    return new ConfigError(`${head}: ${problems.length} problems:\n  - ${problems.join("\n  - ")}`);
}

const NO_PROJECT: ConfigProblem = { text: `no project: set the resource's projectId, or ${where("projectId")}`, missing: true };

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

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * The configuration resolved in one pass: every setting read once with where it came from, the
 * whole configuration or every problem with it, and where each endpoint came from. Everything
 * that needs a setting, a problem or a source reads it here.
 */
export interface Resolution {
    settings: Settings;
    /** Every problem, each with the setting it is about: what CheckConfig reports. */
    problems: ConfigProblem[];
    /** The whole configuration, or the one ConfigError a call that needs it throws, naming every problem. */
    config: ResolvedConfig | ConfigError;
    /**
     * The project of a resource that names none: the configured one, or the ConfigError that also
     * names every other problem, so a first run with nothing configured gets one error that names
     * everything to set. (A resource that names its project needs nothing of this.)
     */
    project: string | ConfigError;
    /** Where each endpoint came from, named when its host cannot be reached. */
    endpoints: Record<EndpointSetting, EndpointSource | undefined>;
}

/** Resolves the configuration `getConfig` and `env` hold; `origin` is how errors name where it was written. */
export function resolve(getConfig: ConfigGetter, env: Environment, origin: ConfigOrigin = STACK_CONFIG): Resolution {
    const settings = readSettings(getConfig, env);
    const { config, problems } = collect(settings, env, origin);
    const configured = settings.projectId.value;
    // An invalid configured project is already among the configuration's problems.
    const project =
        configured !== undefined && idProblem(configured) === undefined
            ? configured
            : configError(configured === undefined ? [...problems, NO_PROJECT] : problems);
    return { settings, problems, config: config ?? configError(problems), project, endpoints: endpointSources(settings, origin) };
}

/** The whole configuration, or every problem with it (a region or endpoint problem is said once). */
function collect(settings: Settings, env: Environment, origin: ConfigOrigin): { config?: ResolvedConfig; problems: ConfigProblem[] } {
    const get = (s: ConfigSetting) => settings[s].value;
    const problems: ConfigProblem[] = [];
    const region = get("region");
    const regionProblem =
        region !== undefined && !REGION.test(region)
            ? `${where("region")} does not look like a Huawei Cloud region (e.g. cn-north-4), got "${region}"`
            : undefined;
    // Endpoints that neither their own setting nor the region gives; reported together below.
    const underived: EndpointSetting[] = [];

    const endpointFor = (setting: EndpointSetting): string | undefined => {
        const explicit = get(setting);
        if (explicit !== undefined) {
            const r = checkEndpoint(explicit, setting);
            if (r.problem) problems.push({ text: r.problem, setting });
            return r.url;
        }
        if (region !== undefined && regionProblem === undefined) return regionEndpoint(setting, region);
        underived.push(setting);
        return undefined;
    };

    const endpoint = endpointFor("endpoint");
    const drsEndpoint = endpointFor("drsEndpoint");
    // Precedence (docs/configuration.md, "Where credentials come from"): OIDC federation; else
    // credentials from stack config, else the environment, else KooCLI's profile; then an agency on top.
    const federation = resolveFederation(settings, problems, origin);
    const base = federation.oidc
        ? { credentials: federation.oidc.credentials, source: undefined, profile: undefined }
        : resolveCredentials(
              settings,
              () => endpointFor("authUrl"),
              problems,
              () => readSharedProfile(settings, env, problems),
          );
    const { credentials, source, profile } = base;
    const agency = federation.agency ?? profile?.agency;
    const authUrl = federation.oidc !== undefined || agency !== undefined ? endpointFor("authUrl") : undefined;
    const credentialLabel = federation.oidc?.label ?? profile?.label;
    if (regionProblem !== undefined && underived.length > 0) problems.unshift({ text: regionProblem, setting: "region" });
    else if (underived.length > 0) {
        const list = andList(underived.map(where));
        problems.unshift({ text: `no ${underived.length === 1 ? "endpoint" : "endpoints"}: set ${where("region")}, or ${list}`, missing: true });
    }

    // Each whole number as the field it sets, in that field's unit (seconds become milliseconds).
    const numbers = Object.fromEntries(
        INTEGER_SETTINGS.map((s) => [CONFIG_SOURCES[s].resolvesTo.field, parseInteger(get(s), s, problems) * CONFIG_SOURCES[s].resolvesTo.factor]),
    );
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
        credentialLabel,
        assumeRole: agency?.role,
        agencyLabel: agency?.label,
        authUrl,
        ...numbers,
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
    const { config } = resolve(getConfig, env);
    if (config instanceof ConfigError) throw config;
    return config;
}
