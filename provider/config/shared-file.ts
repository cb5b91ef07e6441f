// KooCLI's configuration file (Terraform huaweicloud's `shared_config_file`): the credentials of
// one profile, read only when neither stack config nor the environment holds credentials. Its
// layout is the one Terraform's reader takes (huaweicloud/config/auth.go, `SharedConfig`):
// `{ "current": "<profile>", "profiles": [{ "name", "mode", "accessKeyId", "secretAccessKey",
// "securityToken", "agencyName", "agencyDomainName", "agencyDomainId", "ssoAuth": { "stsToken" } }] }`.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";
import type { AkSkCredentials } from "../auth/types";
import type { Environment, ConfigProblem, Settings } from "./lookup";
import type { ProfileAgency } from "./assume-role";
import { CONFIG_SOURCES, DEFAULT_DURATION_SECONDS } from "./sources";

interface Profile {
    name?: unknown;
    mode?: unknown;
    accessKeyId?: unknown;
    secretAccessKey?: unknown;
    securityToken?: unknown;
    agencyName?: unknown;
    agencyDomainName?: unknown;
    agencyDomainId?: unknown;
    ssoAuth?: { stsToken?: { accessKeyId?: unknown; secretAccessKey?: unknown; securityToken?: unknown } };
    [key: string]: unknown;
}

export interface SharedProfile {
    credentials: AkSkCredentials;
    agency?: ProfileAgency;
    /** e.g. `AK/SK of profile "ci" in` the file's path. */
    label: string;
}

/** KooCLI's own file, in the .hcloud folder of HOME (USERPROFILE on Windows, as Terraform reads it). */
export function defaultSharedFile(env: Environment): string {
    const home = (process.platform === "win32" ? env.USERPROFILE : env.HOME) ?? homedir();
    return path.join(home, ".hcloud", "config.json");
}

const ENCRYPT_RUN =
    "run `hcloud configure set --cli-auth-encrypt=false` and set the profile's keys again (`hcloud configure set --cli-profile=<name> --cli-access-key=... --cli-secret-key=...`)";

/**
 * [I] KooCLI stores authentication data encrypted by default since 5.2.7 and the file's layout for
 * it is not documented: a flag named for encryption that is not false, or keys that are not shaped
 * as IAM access key IDs (upper-case letters and digits) and secret keys, mean encrypted.
 */
function encrypted(file: Record<string, unknown>, p: Profile, ak: string, sk: string): boolean {
    const flagged = [...Object.entries(file), ...Object.entries(p)].some(([k, v]) => /encrypt/i.test(k) && v !== false && v !== "false");
    return flagged || !/^[A-Z0-9]{10,64}$/.test(ak) || !/^[A-Za-z0-9-]{10,64}$/.test(sk);
}

const str = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/**
 * The profile's AK/SK (and agency), or undefined when no file is named and KooCLI's default one
 * does not exist. A file or profile that is named but cannot be used is a problem.
 */
export function readSharedProfile(settings: Settings, env: Environment, problems: ConfigProblem[]): SharedProfile | undefined {
    const named = settings.sharedConfigFile.value;
    const file = named ?? defaultSharedFile(env);
    const wanted = settings.profile.value;
    const fileSetting = `${CONFIG_SOURCES.sharedConfigFile.key} (${CONFIG_SOURCES.sharedConfigFile.env.join(", ")})`;
    if (!existsSync(file)) {
        if (named !== undefined || wanted !== undefined)
            problems.push({ text: `the shared config file ${file} does not exist: set ${fileSetting} to KooCLI's file`, setting: "sharedConfigFile" });
        return undefined;
    }
    let data: { current?: unknown; profiles?: unknown };
    try {
        data = JSON.parse(readFileSync(file, "utf8")) as typeof data;
    } catch (err) {
        problems.push({
            text: `the shared config file ${file} cannot be read as KooCLI's JSON: ${(err as Error).message.split("\n")[0]}`,
            setting: "sharedConfigFile",
        });
        return undefined;
    }
    const profiles = Array.isArray(data.profiles) ? (data.profiles as Profile[]) : [];
    const name = wanted ?? str(data.current);
    const names = profiles.map((p) => str(p.name)).filter((n): n is string => n !== undefined);
    const p = profiles.find((x) => str(x.name) === name);
    if (name === undefined || p === undefined) {
        const which = name === undefined ? "names no current profile" : `has no profile "${name}"`;
        problems.push({
            text: `the shared config file ${file} ${which}: set ${CONFIG_SOURCES.profile.key} (${CONFIG_SOURCES.profile.env.join(", ")}) to one of ${names.join(", ") || "(none)"}`,
            setting: "profile",
        });
        return undefined;
    }
    const where = `profile "${name}" in ${file}`;
    const mode = str(p.mode) ?? "AKSK";
    const keys = mode === "SSO" ? (p.ssoAuth?.stsToken ?? {}) : p;
    if (mode !== "AKSK" && mode !== "SSO") {
        problems.push({ text: `${where} uses KooCLI's ${mode} mode; only AKSK and SSO profiles hold keys the provider can use`, setting: "profile" });
        return undefined;
    }
    const [ak, sk] = [str(keys.accessKeyId), str(keys.secretAccessKey)];
    if (ak === undefined || sk === undefined) {
        problems.push({ text: `${where} holds no accessKeyId and secretAccessKey`, setting: "profile" });
        return undefined;
    }
    if (encrypted(data, p, ak, sk)) {
        problems.push({ text: `${where} holds its keys encrypted by KooCLI, which no other program can read: ${ENCRYPT_RUN}`, setting: "profile" });
        return undefined;
    }
    const securityToken = str(keys.securityToken);
    const credentials: AkSkCredentials = { kind: "aksk", accessKey: ak, secretKey: sk, ...(securityToken !== undefined && { securityToken }) };
    const agencyName = str(p.agencyName);
    const [domainName, domainId] = [str(p.agencyDomainName), str(p.agencyDomainId)];
    const agency: ProfileAgency | undefined =
        agencyName !== undefined && (domainName !== undefined || domainId !== undefined)
            ? {
                  role: {
                      agencyName,
                      ...(domainId !== undefined ? { domainId } : { domainName }),
                      durationSeconds: DEFAULT_DURATION_SECONDS,
                  },
                  label: `agencyName of ${where}`,
              }
            : undefined;
    return { credentials, agency, label: `AK/SK of ${where}` };
}
