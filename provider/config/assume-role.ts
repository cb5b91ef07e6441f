// The agency and OIDC federation settings (`roma:assumeRole`, `roma:assumeRoleWithOidc`): objects
// in stack config (`pulumi config set --path roma:assumeRole.agencyName ci`), or their fields'
// environment variables as Terraform huaweicloud names them (HW_ASSUME_ROLE_*), read only when
// the agency (or the identity provider) is named there. An object comes whole from one place.
import type { AgencyRole, OidcCredentials } from "../auth/types";
import { STACK_CONFIG, type ConfigOrigin, type ConfigProblem, type Settings } from "./lookup";
import { nearest } from "./nearest";
import { CONFIG_SOURCES, DEFAULT_DURATION_SECONDS, type ObjectConfigSetting, type ObjectSetting } from "./sources";

type Fields = Record<string, string | number | undefined>;

/** An object setting as read: its fields and how messages name where it was set. */
interface ObjectRead {
    fields: Fields;
    /** e.g. `roma:assumeRole from stack config`, `HW_ASSUME_ROLE_AGENCY_NAME, HW_ASSUME_ROLE_DOMAIN_NAME from the environment`. */
    label: string;
    fromEnv: boolean;
}

/** How a message names one field of an object setting in the place it came from. */
const fieldName = (setting: ObjectConfigSetting, field: string, read: ObjectRead, origin: ConfigOrigin) =>
    read.fromEnv ? CONFIG_SOURCES[setting].fields[field].env[0] : `${origin.name(setting)}.${field}`;

function readObject(settings: Settings, setting: ObjectConfigSetting, origin: ConfigOrigin, problems: ConfigProblem[]): ObjectRead | undefined {
    const spec: ObjectSetting = CONFIG_SOURCES[setting];
    const read = settings[setting];
    const raw = read.inStack ?? read.inEnv;
    if (raw === undefined) return undefined;
    const fromEnv = read.inStack === undefined;
    const label = fromEnv ? `${read.variable} from the environment` : `${origin.name(setting)} from ${origin.place}`;
    const name = origin.name(setting);
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        parsed = undefined;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        problems.push({ text: `${name} must be an object, e.g. pulumi config set --path ${spec.key}.${spec.envKey} <value>`, setting });
        return undefined;
    }
    const fields: Fields = {};
    const known = Object.keys(spec.fields);
    for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
        const f = spec.fields[k];
        if (f === undefined) {
            problems.push({ text: `${name} has no field "${k}"; did you mean "${nearest(k, known)}"? Its fields: ${known.join(", ")}`, setting });
            continue;
        }
        if (v === undefined || v === null || v === "") continue;
        if (f.type === "integer" && f.range) {
            const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
            if (!Number.isInteger(n) || n < f.range.min || n > f.range.max) {
                problems.push({ text: `${name}.${k} must be a whole number from ${f.range.min} to ${f.range.max}, got ${JSON.stringify(v)}`, setting });
                continue;
            }
            fields[k] = n;
        } else if (typeof v !== "string") {
            problems.push({ text: `${name}.${k} must be text`, setting });
        } else fields[k] = v.trim();
    }
    return { fields, label, fromEnv };
}

const text = (f: Fields, k: string) => (typeof f[k] === "string" ? f[k] : undefined);
const durationOf = (f: Fields) => (typeof f.durationSeconds === "number" ? f.durationSeconds : DEFAULT_DURATION_SECONDS);

export interface Federation {
    oidc?: { credentials: OidcCredentials; label: string };
    agency?: { role: AgencyRole; label: string };
}

/** An agency a KooCLI profile names (its `agencyName`, `agencyDomainName`/`agencyDomainId`). */
export interface ProfileAgency {
    role: AgencyRole;
    label: string;
}

/**
 * OIDC federation and the agency on top, or the problems with them. With OIDC, its own
 * `agencyName` is the agency; `roma:assumeRole` beside it is refused rather than chained.
 */
export function resolveFederation(settings: Settings, problems: ConfigProblem[], origin: ConfigOrigin = STACK_CONFIG): Federation {
    const out: Federation = {};
    const oidc = readObject(settings, "assumeRoleWithOidc", origin, problems);
    const agency = readObject(settings, "assumeRole", origin, problems);
    if (oidc) {
        const f = oidc.fields;
        const idpId = text(f, "idpId");
        const [idToken, idTokenFile] = [text(f, "idToken"), text(f, "idTokenFile")];
        const named = (field: string) => fieldName("assumeRoleWithOidc", field, oidc, origin);
        const before = problems.length;
        if (idpId === undefined) problems.push({ text: `${oidc.label} names no identity provider: set ${named("idpId")}`, setting: "assumeRoleWithOidc" });
        if ((idToken === undefined) === (idTokenFile === undefined)) {
            problems.push({
                text: `${oidc.label} needs exactly one of ${named("idToken")} and ${named("idTokenFile")}${idToken === undefined ? "" : ", not both"}`,
                setting: "assumeRoleWithOidc",
            });
        }
        const agencyName = text(f, "agencyName");
        const [domainName, domainId] = [text(f, "domainName"), text(f, "domainId")];
        if (agencyName !== undefined && domainName === undefined && domainId === undefined) {
            problems.push({
                text: `${oidc.label}: the agency ${agencyName} needs the account that created it: set ${named("domainName")} or ${named("domainId")}`,
                setting: "assumeRoleWithOidc",
            });
        }
        if (agency && !agency.fromEnv) {
            problems.push({
                text: `${agency.label} and ${oidc.label} are both set: name the agency the federated identity assumes in ${origin.name("assumeRoleWithOidc")}.agencyName`,
                setting: "assumeRole",
            });
        }
        if (problems.length > before || idpId === undefined) return out;
        const durationSeconds = durationOf(f);
        const domain = { ...(domainId !== undefined ? { domainId } : domainName !== undefined ? { domainName } : {}) };
        out.oidc = {
            credentials: { kind: "oidc", idpId, ...(idToken !== undefined ? { idToken } : { idTokenFile }), ...domain, durationSeconds },
            label: `OIDC federation (${oidc.label})`,
        };
        if (agencyName !== undefined) out.agency = { role: { agencyName, ...domain, durationSeconds }, label: oidc.label };
        return out;
    }
    if (agency) {
        const f = agency.fields;
        const named = (field: string) => fieldName("assumeRole", field, agency, origin);
        const agencyName = text(f, "agencyName");
        const [domainName, domainId] = [text(f, "domainName"), text(f, "domainId")];
        if (agencyName === undefined) problems.push({ text: `${agency.label} names no agency: set ${named("agencyName")}`, setting: "assumeRole" });
        else if (domainName === undefined && domainId === undefined) {
            problems.push({
                text: `${agency.label}: the agency ${agencyName} needs the account that created it: set ${named("domainName")} or ${named("domainId")}`,
                setting: "assumeRole",
            });
        } else {
            const domain = domainId !== undefined ? { domainId } : { domainName };
            out.agency = { role: { agencyName, ...domain, durationSeconds: durationOf(f) }, label: agency.label };
        }
    }
    return out;
}
