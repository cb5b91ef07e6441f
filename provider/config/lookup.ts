// Reading one setting (stack config first, then the environment variables Huawei Cloud users
// already have) and naming it in messages: the ground the resolver's other files stand on.
import { CONFIG_SOURCES, type ConfigSetting } from "./sources";
import type { CredentialSource } from "./types";

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

export function where(setting: ConfigSetting): string {
    const s = CONFIG_SOURCES[setting];
    return `${s.key} (${s.env.join(", ")})`;
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(names: readonly string[]): string {
    return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** A setting as one source alone gives it: trimmed, empty is unset. */
export function fromSource(getConfig: ConfigGetter, env: Environment, source: CredentialSource, setting: ConfigSetting): string | undefined {
    const values = source === "stack config" ? [getConfig(CONFIG_SOURCES[setting].key)] : CONFIG_SOURCES[setting].env.map((name) => env[name]);
    return values.find((v) => v !== undefined && v.trim() !== "")?.trim();
}

/** A setting's value: stack config first, then its environment variables; trimmed, empty is unset. */
export function lookupSetting(getConfig: ConfigGetter, env: Environment, setting: ConfigSetting): string | undefined {
    return fromSource(getConfig, env, "stack config", setting) ?? fromSource(getConfig, env, "environment", setting);
}

/** How a message names a source. */
export const placeOf = (source: CredentialSource) => (source === "stack config" ? "stack config" : "the environment");

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
