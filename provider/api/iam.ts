// The IAM calls: a user name and password for a project-scoped token (`POST {authUrl}/auth/tokens`,
// Keystone v3, the token in the X-Subject-Token header); an agency's temporary keys; an OIDC ID
// token for a federated token, and that token for temporary keys (Huawei IAM API reference:
// "Obtaining a Temporary Access Key and Security Token Through an Agency / a Token",
// "Obtaining a Token with an OpenID Connect ID Token").
import type { z } from "zod";
import type { AgencyRole, IamToken, TemporaryKeys } from "../auth/types";
import { ResponseValidationError } from "../core/errors";
import { IamTokenResponse, TemporaryKeysResponse } from "./schemas";
import type { Transport } from "./transport-types";

export interface IamPasswordParams {
    authUrl: string;
    domainName: string;
    userName: string;
    password: string;
    projectId?: string;
    projectName?: string;
}

export const IAM_OPERATION = "KeystoneCreateUserTokenByPassword";

/** The configured authUrl names the IAM API's /v3 root; the operation table's path includes /v3. */
export function iamBaseUrl(authUrl: string): string {
    return authUrl.replace(/\/+$/, "").replace(/\/v3$/, "");
}

export async function requestIamToken(transport: Transport, p: IamPasswordParams): Promise<IamToken> {
    const project = p.projectId !== undefined ? { id: p.projectId } : p.projectName !== undefined ? { name: p.projectName } : undefined;
    const res = await transport.send({
        operation: IAM_OPERATION,
        baseUrl: iamBaseUrl(p.authUrl),
        params: {},
        query: { nocatalog: "true" },
        body: {
            auth: {
                identity: { methods: ["password"], password: { user: { domain: { name: p.domainName }, name: p.userName, password: p.password } } },
                // Without a project the token is domain-scoped, which ROMA and DRS reject.
                scope: project ? { project } : { domain: { name: p.domainName } },
            },
        },
        schema: IamTokenResponse,
        authenticate: false,
    });
    const token = res.headers["x-subject-token"];
    if (!token) throw unexpected(IAM_OPERATION, "X-Subject-Token header", "is missing", res);
    return { token, expiresAt: dateOf(IAM_OPERATION, "token.expires_at", res.body.token.expires_at, res) };
}

/** A field of IAM's answer that is missing or malformed: the answer is not what the API documents. */
function unexpected(operation: string, field: string, problem: string, res: { status: number; requestId?: string }): ResponseValidationError {
    return new ResponseValidationError({ operation, field, problem, httpStatus: res.status, requestId: res.requestId });
}

function dateOf(operation: string, field: string, text: string, res: { status: number; requestId?: string }): Date {
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw unexpected(operation, field, "is not a date", res);
    return at;
}

function keysOf(operation: string, res: { status: number; requestId?: string; body: z.infer<typeof TemporaryKeysResponse> }): TemporaryKeys {
    const c = res.body.credential;
    return {
        accessKey: c.access,
        secretKey: c.secret,
        securityToken: c.securitytoken,
        expiresAt: dateOf(operation, "credential.expires_at", c.expires_at, res),
    };
}

/**
 * An agency's temporary keys (`POST /v3.0/OS-CREDENTIAL/securitytokens`, method `assume_role`),
 * the call authenticated by `transport`'s authenticator with the credentials in use.
 */
export async function requestAgencyKeys(transport: Transport, authUrl: string, role: AgencyRole): Promise<TemporaryKeys> {
    const operation = "CreateTemporaryAccessKeyByAgency";
    const domain = role.domainId !== undefined ? { domain_id: role.domainId } : { domain_name: role.domainName };
    const res = await transport.send({
        operation,
        baseUrl: iamBaseUrl(authUrl),
        params: {},
        body: {
            auth: { identity: { methods: ["assume_role"], assume_role: { agency_name: role.agencyName, ...domain, duration_seconds: role.durationSeconds } } },
        },
        schema: TemporaryKeysResponse,
    });
    return keysOf(operation, res);
}

/** Temporary keys for a token (method `token`): how a federated token becomes keys that sign calls. */
export async function requestKeysWithToken(transport: Transport, authUrl: string, token: string, durationSeconds: number): Promise<TemporaryKeys> {
    const operation = "CreateTemporaryAccessKeyByToken";
    const res = await transport.send({
        operation,
        baseUrl: iamBaseUrl(authUrl),
        params: {},
        headers: { "X-Auth-Token": token },
        body: { auth: { identity: { methods: ["token"], token: { id: token, duration_seconds: durationSeconds } } } },
        schema: TemporaryKeysResponse,
        authenticate: false,
    });
    return keysOf(operation, res);
}

export interface IdTokenParams {
    authUrl: string;
    idpId: string;
    idToken: string;
    /** The federated token's scope: an account by ID or name, else a project. */
    scope: { domain: { id: string } | { name: string } } | { project: { id: string } | { name: string } };
}

/** A federated token for an OIDC ID token (`POST /v3.0/OS-AUTH/id-token/tokens`, `X-Idp-Id`), in X-Subject-Token. */
export async function requestFederatedToken(transport: Transport, p: IdTokenParams): Promise<IamToken> {
    const operation = "CreateTokenWithIdToken";
    const res = await transport.send({
        operation,
        baseUrl: iamBaseUrl(p.authUrl),
        params: {},
        headers: { "X-Idp-Id": p.idpId },
        body: { auth: { id_token: { id: p.idToken }, scope: p.scope } },
        schema: IamTokenResponse,
        authenticate: false,
    });
    const token = res.headers["x-subject-token"];
    if (!token) throw unexpected(operation, "X-Subject-Token header", "is missing", res);
    return { token, expiresAt: dateOf(operation, "token.expires_at", res.body.token.expires_at, res) };
}
