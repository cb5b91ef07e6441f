// Exchanges an IAM user name and password for a project-scoped token
// (`POST {authUrl}/auth/tokens`, Keystone v3). The token is in the X-Subject-Token header.
import type { IamToken } from "../auth/types";
import { ResponseValidationError } from "../core/errors";
import { IamTokenResponse } from "./schemas";
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
    if (!token) {
        throw new ResponseValidationError({
            operation: IAM_OPERATION,
            field: "X-Subject-Token header",
            problem: "is missing",
            httpStatus: res.status,
            requestId: res.requestId,
        });
    }
    const expiresAt = new Date(res.body.token.expires_at);
    if (Number.isNaN(expiresAt.getTime())) {
        throw new ResponseValidationError({
            operation: IAM_OPERATION,
            field: "token.expires_at",
            problem: "is not a date",
            httpStatus: res.status,
            requestId: res.requestId,
        });
    }
    return { token, expiresAt };
}
