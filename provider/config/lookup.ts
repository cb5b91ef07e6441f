// Reading one setting (stack config first, then the environment variables Huawei Cloud users
// already have) and naming it in messages: the ground the resolver's other files stand on.
import { CONFIG_SOURCES, SETTINGS, settingSpec, type ConfigSetting, type ObjectSetting } from "./sources";
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

/** One setting as read, once: what each place holds (trimmed, empty is unset) and the value in force. */
export interface SettingRead {
    /** Stack config's (or the provider's arguments') value wins; else the environment's. */
    value?: string;
    /** What stack config holds, apart: credentials come whole from one place. */
    inStack?: string;
    /** What the environment holds, and the variable that holds it. */
    inEnv?: string;
    variable?: string;
}

/** Every setting, each read once from stack config and its environment variables. */
export type Settings = Readonly<Record<ConfigSetting, SettingRead>>;

const present = (v: string | undefined) => (v !== undefined && v.trim() !== "" ? v.trim() : undefined);

/**
 * An object setting as the environment holds it: its fields' variables as JSON, when the variable
 * of its key field is set (as Terraform reads `HW_ASSUME_ROLE_*` only with an agency or IdP named).
 */
function objectFromEnv(spec: ObjectSetting, env: Environment): { inEnv?: string; variable?: string } {
    if (present(env[spec.fields[spec.envKey].env[0]]) === undefined) return {};
    const fields: Record<string, string> = {};
    const variables: string[] = [];
    for (const [name, f] of Object.entries(spec.fields)) {
        const variable = f.env.find((e) => present(env[e]) !== undefined);
        if (variable === undefined) continue;
        fields[name] = present(env[variable]) as string;
        variables.push(variable);
    }
    return { inEnv: JSON.stringify(fields), variable: variables.join(", ") };
}

/** Reads every setting: the one pass over stack config and the environment that everything else reads. */
export function readSettings(getConfig: ConfigGetter, env: Environment): Settings {
    return Object.fromEntries(
        SETTINGS.map((setting) => {
            const spec = settingSpec(setting);
            const inStack = present(getConfig(spec.key));
            if (spec.type === "object") {
                const { inEnv, variable } = objectFromEnv(spec, env);
                return [setting, { value: inStack ?? inEnv, inStack, inEnv, variable }];
            }
            const variable = spec.env.find((name) => present(env[name]) !== undefined);
            const inEnv = variable === undefined ? undefined : present(env[variable]);
            return [setting, { value: inStack ?? inEnv, inStack, inEnv, variable }];
        }),
    ) as Record<ConfigSetting, SettingRead>;
}

/** A setting as one source alone gives it. */
export const fromSource = (settings: Settings, source: CredentialSource, setting: ConfigSetting): string | undefined =>
    source === "stack config" ? settings[setting].inStack : settings[setting].inEnv;

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
