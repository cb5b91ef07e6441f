// Credentials: which kind is in use and where it came from. Which settings make up each kind,
// and which of them a set can do without, is in the settings' rows (sources.ts).
import type { Credentials } from "../auth/types";
import { andList, fromSource, placeOf, STACK_CONFIG, where, type ConfigOrigin, type ConfigProblem, type Settings } from "./lookup";
import type { SharedProfile } from "./shared-file";
import { CONFIG_SOURCES, CREDENTIAL_SETTINGS, type ConfigSetting, type CredentialSetting } from "./sources";
import type { CredentialSource } from "./types";

type Kind = Credentials["kind"];

/** Within one place: a token, then AK/SK, then user name and password. */
const KINDS: readonly Exclude<Kind, "oidc">[] = ["token", "aksk", "password"];
const KIND_LABEL: Record<Kind, string> = { token: "the IAM token", aksk: "AK/SK", password: "user name and password", oidc: "OIDC federation" };
/** How a message names an incomplete set (a token is one setting, so never incomplete). */
const SET_LABEL: Record<Kind, string> = { ...KIND_LABEL, password: "user/password sign-in" };

const settingsOf = (kind: Exclude<Kind, "oidc">): CredentialSetting[] => CREDENTIAL_SETTINGS.filter((s) => CONFIG_SOURCES[s].credential.kind === kind);
/** The settings a set of each kind cannot do without. */
const required = (kind: Exclude<Kind, "oidc">) => settingsOf(kind).filter((s) => !CONFIG_SOURCES[s].credential.optional);
const KIND_SETTINGS = Object.fromEntries(KINDS.map((kind) => [kind, required(kind)])) as Record<Exclude<Kind, "oidc">, CredentialSetting[]>;

/** A setting's name as one source spells it. */
function nameIn(source: CredentialSource, setting: ConfigSetting, origin: ConfigOrigin = STACK_CONFIG): string {
    return source === "stack config" ? origin.name(setting) : CONFIG_SOURCES[setting].env.join(" or ");
}

/**
 * Which credentials are in use and where they came from, for error messages: e.g.
 * `AK/SK from stack config (roma:accessKey, roma:secretKey)`. Never a value.
 */
export function describeCredentials(kind: Kind, source?: CredentialSource, origin: ConfigOrigin = STACK_CONFIG): string {
    if (source === undefined || kind === "oidc") return KIND_LABEL[kind];
    const names = KIND_SETTINGS[kind].map((s) => nameIn(source, s, origin)).join(", ");
    return `${KIND_LABEL[kind]} from ${source === "stack config" ? origin.place : placeOf(source)} (${names})`;
}

/**
 * Credentials come from one place: a set in stack config wins over anything in the environment,
 * and only when stack config holds none does the environment count. Within that place: a token,
 * then AK/SK, then user name and password.
 */
export function resolveCredentials(
    settings: Settings,
    authUrl: () => string | undefined,
    problems: ConfigProblem[],
    sharedFile: () => SharedProfile | undefined = () => undefined,
): { credentials?: Credentials; source?: CredentialSource; profile?: SharedProfile } {
    const holds = (source: CredentialSource) => CREDENTIAL_SETTINGS.some((s) => fromSource(settings, source, s) !== undefined);
    const source: CredentialSource | undefined = holds("stack config") ? "stack config" : holds("environment") ? "environment" : undefined;
    if (source === undefined) {
        // Only when neither place holds any: KooCLI's profile (problems with a file that is named are its own).
        const before = problems.length;
        const profile = sharedFile();
        if (profile !== undefined) return { credentials: profile.credentials, profile };
        if (problems.length > before) return {};
        problems.push({ text: `no credentials: set ${KINDS.map((k) => andList(KIND_SETTINGS[k].map(where))).join("; or ")}`, missing: true });
        return {};
    }
    const get = (s: ConfigSetting) => fromSource(settings, source, s);
    // Said when a set in stack config is incomplete while the environment holds credentials too.
    const ignored = source === "stack config" && holds("environment") ? " (credentials in the environment are not used while stack config holds any)" : "";
    // An incomplete set is about the first setting it lacks, as a property of the provider only
    // when stack config (the provider's properties) holds the set.
    const incomplete = (kind: Exclude<Kind, "oidc">): ConfigProblem => {
        const absent = KIND_SETTINGS[kind].filter((s) => get(s) === undefined);
        const names = absent.map((s) => nameIn(source, s));
        const text = `${SET_LABEL[kind]} in ${placeOf(source)} is incomplete: ${names.join(" and ")} ${names.length > 1 ? "are" : "is"} missing${ignored}`;
        return source === "stack config" ? { text, setting: absent[0] } : { text };
    };

    const token = get("authToken");
    if (token !== undefined) return { credentials: { kind: "token", token }, source };
    const accessKey = get("accessKey");
    const secretKey = get("secretKey");
    if (settingsOf("aksk").some((s) => get(s) !== undefined)) {
        if (accessKey === undefined || secretKey === undefined) {
            problems.push(incomplete("aksk"));
            return { source };
        }
        return { credentials: { kind: "aksk", accessKey, secretKey, securityToken: get("securityToken") }, source };
    }
    const userName = get("userName");
    const password = get("password");
    const domainName = get("domainName");
    const url = authUrl();
    if (userName === undefined || password === undefined || domainName === undefined) {
        problems.push(incomplete("password"));
        return { source };
    }
    return url === undefined ? { source } : { credentials: { kind: "password", userName, password, domainName, authUrl: url }, source };
}
