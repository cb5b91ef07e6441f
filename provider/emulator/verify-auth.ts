// Checks the credentials of an API request: an IAM token (static or issued by the emulated
// IAM endpoint) or an SDK-HMAC-SHA256 signature re-computed with the package's own signer,
// which test/unit/auth/sign.test.ts checks against the official SDK.
import { timingSafeEqual } from "node:crypto";
import { signRequest } from "../auth/sign";
import type { IssuedKeys } from "./iam-routes";
import type { EmulatorCredentials, IssuedToken } from "./model";

/** `forbidden`: valid credentials, but not for this project (403 instead of 401). */
export type AuthResult = { ok: true; kind: "token" | "aksk" } | { ok: false; reason: string; forbidden?: boolean };

const MAX_SKEW_MS = 15 * 60_000;

function parseSdkDate(v: string): number | undefined {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(v);
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

function same(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
}

export interface IncomingAuth {
    method: string;
    /** Raw path and query as received. */
    rawUrl: string;
    headers: Record<string, string | string[] | undefined>;
    body: string;
}

/**
 * `projectId` is the project in the request's URL: a token the emulated IAM issued is accepted
 * only for the project it is scoped to, as the real gateway does (a domain-scoped token for
 * none). Static tokens stand for "a valid token of this project" and pass for every project.
 */
export function verifyAuth(
    req: IncomingAuth,
    known: {
        creds: Required<EmulatorCredentials>;
        issuedTokens: Map<string, IssuedToken>;
        /** Temporary AK/SK the emulated IAM issued (agency and federation). */
        issuedKeys?: ReadonlyMap<string, IssuedKeys>;
    },
    now: number,
    projectId?: string,
): AuthResult {
    const { creds, issuedTokens, issuedKeys } = known;
    const h = (n: string) => {
        const v = req.headers[n];
        return Array.isArray(v) ? v[0] : v;
    };
    const token = h("x-auth-token");
    if (token !== undefined) {
        if (creds.tokens.some((t) => same(t, token))) return { ok: true, kind: "token" };
        const issued = issuedTokens.get(token);
        if (issued === undefined) return { ok: false, reason: "the token is not valid" };
        if (issued.expiresAt <= now) return { ok: false, reason: "the token has expired" };
        if (projectId !== undefined && issued.projectId !== projectId) {
            const scope = issued.projectId === undefined ? "a domain, not to a project" : "another project";
            return { ok: false, forbidden: true, reason: `the token is scoped to ${scope}` };
        }
        return { ok: true, kind: "token" };
    }
    const authz = h("authorization");
    if (authz === undefined) return { ok: false, reason: "no X-Auth-Token or Authorization header" };
    const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(authz);
    if (!m) return { ok: false, reason: "malformed Authorization header" };
    const [, access, signedList] = m;
    const temporary = issuedKeys?.get(access);
    if (temporary !== undefined && temporary.expiresAt <= now) return { ok: false, reason: "the temporary access key has expired" };
    const pair = creds.accessKeys.find((k) => k.accessKey === access) ?? temporary;
    if (!pair) return { ok: false, reason: "unknown access key" };
    const names = signedList.split(";");
    if (!names.includes("host") || !names.includes("x-sdk-date")) return { ok: false, reason: "host and x-sdk-date must be signed" };
    const sdkDate = h("x-sdk-date");
    const at = sdkDate === undefined ? undefined : parseSdkDate(sdkDate);
    if (at === undefined) return { ok: false, reason: "missing or malformed X-Sdk-Date" };
    if (Math.abs(now - at) > MAX_SKEW_MS) return { ok: false, reason: "X-Sdk-Date is more than 15 minutes off" };
    if (pair.securityToken !== undefined) {
        const st = h("x-security-token");
        if (st === undefined || !names.includes("x-security-token") || !same(st, pair.securityToken))
            return { ok: false, reason: "missing or wrong X-Security-Token" };
    }
    const signed: Record<string, string> = {};
    for (const n of names) {
        const v = h(n);
        if (v === undefined) return { ok: false, reason: `signed header ${n} is missing` };
        signed[n] = v;
    }
    const expected = signRequest(
        { method: req.method, url: `http://${signed.host}${req.rawUrl}`, headers: signed, body: req.body || undefined },
        { accessKey: access, secretKey: pair.secretKey },
        new Date(at),
    );
    return same(expected.Authorization, authz) ? { ok: true, kind: "aksk" } : { ok: false, reason: "signature does not match" };
}
