// Temporary keys for the calls of a process: an agency's (assumed with the configured
// credentials) or OIDC federation's (an ID token exchanged at IAM, then an agency if named),
// fetched at the first call that needs them, once per identity per process however many
// resources and provider instances ask, and renewed before they expire. The flow is Terraform
// huaweicloud's (huaweicloud/config/auth.go: getSubjectTokenByIdp, getSecurityTokenByIdp,
// buildClientByAgency).
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { AgencyRole, IamToken, OidcCredentials, TemporaryKeys } from "../auth/types";
import { MIN_DURATION_SECONDS } from "../config/sources";
import { ConfigError, RomaApiError } from "../core/errors";
import { requestAgencyKeys, requestFederatedToken, requestKeysWithToken } from "./iam";
import type { Transport } from "./transport-types";

/** Renew this long before expires_at, or a quarter of the keys' life when that is shorter. */
export const RENEW_MARGIN_MS = 5 * 60_000;

export interface FederationOptions {
    authUrl: string;
    /** IAM calls that carry no credentials of ours (the ID token exchange). */
    iam: Transport;
    /** IAM calls signed with `keys` (the agency's assume_role once federated). */
    signedWith(keys: TemporaryKeys): Transport;
    /** IAM calls authenticated with the configured credentials (an agency assumed with them). */
    base?: Transport;
    /** The scope of a federated token when the OIDC settings name no account: the project. */
    projectId?: string;
    region?: string;
    now?: () => number;
    /** Told each secret obtained (ID token, federated token, temporary keys), to be redacted wherever it might be echoed. */
    onSecret?: (secret: string) => void;
}

export interface FederationPlan {
    oidc?: OidcCredentials & { label: string };
    agency?: AgencyRole & { label: string };
    /** How errors name the configured credentials an agency is assumed with. */
    baseLabel?: string;
    /** What identifies the credentials (hashed, never kept in clear), for sharing an exchange. */
    identity: unknown;
}

interface Shared {
    keys?: TemporaryKeys;
    renewAt?: number;
    inFlight?: Promise<TemporaryKeys>;
    federated?: IamToken;
}

/** One per identity per process: every provider instance and resource with the same credentials shares it. */
const SHARED = new Map<string, Shared>();

const keyOf = (identity: unknown, authUrl: string) =>
    createHash("sha256")
        .update(JSON.stringify([identity, authUrl]))
        .digest("hex");

const domainText = (r: { domainName?: string; domainId?: string }) =>
    r.domainId !== undefined ? `account ID ${r.domainId}` : r.domainName !== undefined ? `account ${r.domainName}` : undefined;

/** `agency "ci" of account acme (roma:assumeRole from stack config)`. */
export function describeAgency(r: AgencyRole, source: string): string {
    const domain = domainText(r);
    return `agency "${r.agencyName}"${domain ? ` of ${domain}` : ""} (${source})`;
}

/**
 * Hands out temporary keys for `plan`: exchanged at the first call, shared by every caller with
 * the same identity, renewed before `expires_at`. A failed exchange is not kept: the next call
 * tries again.
 */
export function temporaryKeys(plan: FederationPlan, opts: FederationOptions): { keys: () => Promise<TemporaryKeys>; invalidate: () => void } {
    const now = opts.now ?? Date.now;
    const shared = SHARED.get(keyOf(plan.identity, opts.authUrl)) ?? {};
    SHARED.set(keyOf(plan.identity, opts.authUrl), shared);
    const secret = (...values: string[]) => values.forEach((v) => opts.onSecret?.(v));

    const assume = async (transport: Transport, agency: AgencyRole & { label: string }, holder: string): Promise<TemporaryKeys> => {
        try {
            return await requestAgencyKeys(transport, opts.authUrl, agency);
        } catch (err) {
            throw err instanceof RomaApiError && err.httpStatus !== undefined && err.httpStatus < 500
                ? err.refusedInExchange(`${describeAgency(agency, agency.label)} to ${holder}`)
                : err;
        }
    };

    const federate = async (c: OidcCredentials & { label: string }): Promise<TemporaryKeys> => {
        const at = now();
        if (shared.federated === undefined || at >= shared.federated.expiresAt.getTime() - RENEW_MARGIN_MS) {
            const fromFile = c.idToken === undefined && c.idTokenFile !== undefined;
            const source = fromFile ? `the ID token in ${c.idTokenFile}` : "the inline ID token (idToken)";
            let idToken: string;
            if (fromFile) {
                try {
                    idToken = (await readFile(c.idTokenFile as string, "utf8")).trim();
                } catch (err) {
                    throw new ConfigError(`${c.label}: cannot read the ID token file ${c.idTokenFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
                }
                if (idToken === "") throw new ConfigError(`${c.label}: the ID token file ${c.idTokenFile} is empty; the CI step that writes it must run first`);
            } else idToken = c.idToken as string;
            secret(idToken);
            const scope =
                c.domainId !== undefined
                    ? { domain: { id: c.domainId } }
                    : c.domainName !== undefined
                      ? { domain: { name: c.domainName } }
                      : opts.projectId !== undefined
                        ? { project: { id: opts.projectId } }
                        : { project: { name: opts.region ?? "" } };
            const renewing = shared.federated !== undefined;
            try {
                shared.federated = await requestFederatedToken(opts.iam, { authUrl: opts.authUrl, idpId: c.idpId, idToken, scope });
            } catch (err) {
                if (!(err instanceof RomaApiError) || err.httpStatus === undefined || err.httpStatus >= 500) throw err;
                // Renewing with an ID token that cannot be read again names what expired and what to use.
                const renewal = renewing && !fromFile ? `; the federated token expired and an ID token given inline cannot be renewed: use idTokenFile` : "";
                throw err.refusedInExchange(`${source} for identity provider "${c.idpId}" of ${c.label}${renewal}`);
            }
            secret(shared.federated.token);
        }
        // Keys are asked for no longer than the federated token has left, but never under IAM's shortest life.
        const left = Math.floor((shared.federated.expiresAt.getTime() - at) / 1000);
        const keys = await requestKeysWithToken(
            opts.iam,
            opts.authUrl,
            shared.federated.token,
            Math.max(MIN_DURATION_SECONDS, Math.min(c.durationSeconds, left)),
        );
        // Said at once: the agency's call after it may echo them.
        secret(keys.accessKey, keys.secretKey, keys.securityToken);
        return keys;
    };

    const exchange = async (): Promise<TemporaryKeys> => {
        if (plan.oidc) {
            const federated = await federate(plan.oidc);
            return plan.agency ? assume(opts.signedWith(federated), plan.agency, `the federated identity of ${plan.oidc.label}`) : federated;
        }
        if (!plan.agency || !opts.base) throw new Error("temporaryKeys: neither an agency nor OIDC federation is configured");
        return assume(opts.base, plan.agency, plan.baseLabel ?? "the configured credentials");
    };

    // The keys this caller has told its redactor of: another provider instance may have fetched them.
    let seen: TemporaryKeys | undefined;
    const told = (k: TemporaryKeys): TemporaryKeys => {
        if (k !== seen) {
            seen = k;
            secret(k.accessKey, k.secretKey, k.securityToken, ...(shared.federated ? [shared.federated.token] : []));
        }
        return k;
    };
    const keys = async (): Promise<TemporaryKeys> => {
        if (shared.keys && shared.renewAt !== undefined && now() < shared.renewAt) return told(shared.keys);
        if (!shared.inFlight) {
            const started = now();
            const p = exchange();
            shared.inFlight = p;
            p.then(
                (k) => {
                    const life = k.expiresAt.getTime() - started;
                    shared.keys = k;
                    shared.renewAt = k.expiresAt.getTime() - Math.min(RENEW_MARGIN_MS, life / 4);
                    shared.inFlight = undefined;
                },
                () => {
                    shared.inFlight = undefined;
                },
            );
        }
        return told(await shared.inFlight);
    };
    return {
        keys,
        // The API refused keys IAM gave (401): the next call exchanges again.
        invalidate: () => {
            shared.keys = undefined;
        },
    };
}
