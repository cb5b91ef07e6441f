// Provider configuration as the plugin receives it: properties named as the stack config keys
// without the `roma:` namespace (`region`, `authToken`, ...), from the default provider (stack
// config) or an explicit `roma.Provider`. The environment variables stay the fallbacks, and
// the checks and messages are the resolver's own (config/resolve.ts).
import { parseUrn } from "../core/urn";
import { readSettings, STACK_CONFIG, type ConfigGetter, type ConfigOrigin, type Environment } from "../config/lookup";
import { resolve } from "../config/resolve";
import { CONFIG_SOURCES, SETTINGS } from "../config/sources";
import type { CheckFailure, Props } from "../resources/common/types";
import { reveal } from "./secrets";

const NAMESPACE = "roma:";

/** The setting a stack config key names (`roma:authToken` → `authToken`). */
export const settingName = (key: string) => key.slice(NAMESPACE.length);

/** A config getter over provider properties; numbers (typed in the schema) read as their digits. */
export function configGetter(props: Props): ConfigGetter {
    const plain = reveal(props) as Props;
    return (key) => {
        const v = key.startsWith(NAMESPACE) ? plain[settingName(key)] : undefined;
        return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
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
