// Provider configuration as the plugin receives it: properties named as the stack config keys
// without the `roma:` namespace (`region`, `authToken`, ...), from the default provider (stack
// config) or an explicit `roma.Provider`. The environment variables stay the fallbacks, and
// the checks and messages are the resolver's own (config/resolve.ts).
import { parseUrn } from "../core/urn";
import { readSettings, STACK_CONFIG, type ConfigGetter, type ConfigOrigin, type Environment } from "../config/lookup";
import { resolve } from "../config/resolve";
import { CONFIG_SOURCES, SECRET_FIELDS, SETTINGS, type ConfigSetting } from "../config/sources";
import type { CheckFailure, Props } from "../resources/common/types";
import { isSecret, reveal, secret, wrap } from "./secrets";

const NAMESPACE = "roma:";

/** The setting a stack config key names (`roma:authToken` → `authToken`). */
export const settingName = (key: string) => key.slice(NAMESPACE.length);

/** A config getter over provider properties; numbers (typed in the schema) read as their digits. */
export function configGetter(props: Props): ConfigGetter {
    const plain = reveal(props) as Props;
    return (key) => {
        const v = key.startsWith(NAMESPACE) ? plain[settingName(key)] : undefined;
        if (typeof v === "string") return v;
        if (typeof v === "number" || typeof v === "boolean") return String(v);
        // An object setting (`assumeRole`) reads as the JSON text stack config would hold.
        return v !== null && typeof v === "object" ? JSON.stringify(v) : undefined;
    };
}

/**
 * Problems with explicitly given settings, each as a failure on the property (the setting) the
 * resolver says it is about. Missing settings are not refused here: a preview makes no call and
 * needs none, and a resource may name its own project; the first call reports them as today.
 */
export function checkProviderConfig(props: Props, env: Environment): CheckFailure[] {
    const getConfig = configGetter(props);
    const given = Object.values(CONFIG_SOURCES).some((s) => getConfig(s.key) !== undefined);
    if (!given) return [];
    return resolve(getConfig, env)
        .problems.filter((p) => !p.missing)
        .map((p) => ({ property: p.setting ?? "", reason: `pulumi-roma-tasks configuration: ${p.text}` }));
}

/** Whether the JSON text of an object setting holds `field`. */
function holdsField(json: string, field: string): boolean {
    try {
        const o: unknown = JSON.parse(json);
        return o !== null && typeof o === "object" && (o as Record<string, unknown>)[field] !== undefined;
    } catch {
        return false;
    }
}

/**
 * The properties with every secret setting wrapped as a secret, nested fields (`assumeRoleWithOidc.idToken`)
 * included, so the engine never stores them in plain text whatever way they were given.
 */
export function withSecretSettings(props: Props): Props {
    const out: Props = { ...props };
    for (const [k, v] of Object.entries(props)) {
        // A value given as a secret as a whole stays so.
        if (v === undefined || v === null || isSecret(v) || !Object.hasOwn(CONFIG_SOURCES, k)) continue;
        const setting = k as ConfigSetting;
        if (CONFIG_SOURCES[setting].secret) out[k] = secret(v);
        const fields = SECRET_FIELDS.filter((f) => f.setting === setting).map((f) => f.field);
        const plain = reveal(v);
        if (fields.length > 0 && plain !== null && typeof plain === "object" && !Array.isArray(plain)) {
            out[k] = wrap(plain as Props, new Set(fields.filter((f) => (plain as Props)[f] !== undefined)));
        } else if (fields.length > 0 && typeof plain === "string" && fields.some((f) => holdsField(plain, f))) {
            // The SDKs send a provider's object argument as its JSON text: the whole text is the secret then.
            out[k] = secret(v);
        }
    }
    return out;
}

/** Whether two provider configurations resolve to the same settings (env fallbacks included). */
export function sameConfig(a: Props, b: Props, env: Environment): boolean {
    const [sa, sb] = [readSettings(configGetter(a), env), readSettings(configGetter(b), env)];
    return SETTINGS.every((s) => sa[s].value === sb[s].value);
}

/**
 * Where a provider instance's configuration was written, for errors about it: the engine
 * builds the default provider (named `default` or `default_<version>`) from stack config, and
 * an explicit `roma.Provider` from its arguments in the program. Engines that send neither
 * name nor URN in Configure get both places named.
 */
export function configOrigin(urn: string, name: string): ConfigOrigin {
    const provider = name || (urn.includes("::") ? parseUrn(urn).name : "");
    if (/^default(_|$)/.test(provider)) return STACK_CONFIG;
    if (provider === "") {
        return { place: "the provider's configuration (stack config roma:* for the default provider, the arguments of an explicit provider)", name: (s) => s };
    }
    return { place: `the arguments of provider ${provider}`, name: (s) => s };
}
