// The emulated IAM: the token call (password method), an agency's temporary keys, and OIDC
// federation (an ID token for a federated token, that token for temporary keys), in the shapes
// of Huawei's IAM API reference.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { EmulatorAgency, EmulatorCredentials, EmulatorIamConfig, EmulatorIdentityProvider, IssuedToken } from "./model";
import type { EmulatorIamState } from "./types";
import type { Reply } from "./reply";
import type { AuthResult } from "./verify-auth";

const TokenBody = z.object({
    auth: z.object({
        identity: z.object({
            methods: z.array(z.string()),
            password: z.object({ user: z.object({ domain: z.object({ name: z.string() }), name: z.string(), password: z.string() }) }),
        }),
        scope: z.object({
            project: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
            domain: z.object({ name: z.string().optional() }).optional(),
        }),
    }),
});

const unauthorized = (message: string): Reply => ({ status: 401, body: { error: { code: 401, message, title: "Unauthorized" } } });

/**
 * Issues a token scoped as asked: to a project by ID (any ID [I]: the emulator keeps no project
 * list of its own), to a project by name (seeded under `projects`; an unknown name is refused as
 * IAM refuses it), or to the domain (which no ROMA or DRS URL accepts).
 */
/** What the emulator's IAM issues tokens from, and where it keeps them. */
export interface TokenIssuer {
    creds: Required<EmulatorCredentials>;
    issued: Map<string, IssuedToken>;
    ttlSeconds: number;
    now: number;
    projectIdByName: (name: string) => string | undefined;
}

export function issueToken(raw: unknown, { creds, issued, ttlSeconds, now, projectIdByName }: TokenIssuer): Reply {
    const parsed = TokenBody.safeParse(raw);
    if (!parsed.success || !parsed.data.auth.identity.methods.includes("password")) {
        return { status: 400, body: { error: { code: 400, message: "The request body is invalid.", title: "Bad Request" } } };
    }
    const u = parsed.data.auth.identity.password.user;
    const ok = creds.users.some((x) => x.domainName === u.domain.name && x.userName === u.name && x.password === u.password);
    if (!ok) return unauthorized("The username or password is wrong.");
    const project = parsed.data.auth.scope.project;
    let projectId: string | undefined;
    if (project) {
        projectId = project.id ?? (project.name === undefined ? undefined : projectIdByName(project.name));
        if (projectId === undefined) {
            // [I] Keystone answers an unknown scope with 401; the hint names the emulator's seed.
            return unauthorized(`The project ${JSON.stringify(project.name ?? "")} does not exist (emulator: seed it under "projects").`);
        }
    }
    return issueSubjectToken(
        issued,
        { prefix: "emu-", ttlSeconds, now, projectId },
        {
            methods: ["password"],
            user: { name: u.name, domain: { name: u.domain.name } },
            project: projectId === undefined ? undefined : { id: projectId, name: project?.name ?? projectId },
        },
    );
}

/** A token IAM answers in X-Subject-Token, kept as issued (its scope, its expiry), with the body's other fields. */
function issueSubjectToken(
    issued: Map<string, IssuedToken>,
    token: { prefix: string; ttlSeconds: number; now: number; projectId: string | undefined },
    fields: Record<string, unknown>,
): Reply {
    const { prefix, ttlSeconds, now, projectId } = token;
    const id = prefix + randomBytes(24).toString("hex");
    const expires = now + ttlSeconds * 1000;
    issued.set(id, { expiresAt: expires, projectId });
    return {
        status: 201,
        headers: { "X-Subject-Token": id },
        body: { token: { expires_at: new Date(expires).toISOString(), issued_at: new Date(now).toISOString(), ...fields } },
    };
}

// ---- Agencies and OIDC federation ----------------------------------------------------------

/** Temporary keys the emulated IAM issued: accepted like configured keys until they expire. */
export interface IssuedKeys {
    secretKey: string;
    securityToken: string;
    expiresAt: number;
}

const forbidden = (message: string): Reply => ({ status: 403, body: { error: { code: 403, message, title: "Forbidden" } } });
const badRequest = (message: string): Reply => ({ status: 400, body: { error: { code: 400, message, title: "Bad Request" } } });

const SecurityTokensBody = z.object({
    auth: z.object({
        identity: z.object({
            methods: z.array(z.string()).min(1),
            assume_role: z
                .object({
                    agency_name: z.string().min(1),
                    domain_name: z.string().optional(),
                    domain_id: z.string().optional(),
                    duration_seconds: z.number().int().optional(),
                })
                .optional(),
            token: z.object({ id: z.string().min(1), duration_seconds: z.number().int().optional() }).optional(),
        }),
    }),
});

const IdTokenBody = z.object({
    auth: z.object({
        id_token: z.object({ id: z.string().min(1) }),
        scope: z
            .object({
                domain: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
                project: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
            })
            .optional(),
    }),
});

/** The claims of a JWT, unverified: the emulator checks issuer, audience and expiry, not signatures. */
function claimsOf(jwt: string): Record<string, unknown> | undefined {
    const part = jwt.split(".")[1];
    if (part === undefined) return undefined;
    try {
        const c: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
        return c !== null && typeof c === "object" ? (c as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

/**
 * The emulated IAM's agencies and identity providers, and the keys and federated tokens it
 * issued. `authenticate` checks the caller of an `assume_role` call as any API call is checked.
 */
export class EmulatedIam {
    readonly agencies: EmulatorAgency[] = [];
    readonly identityProviders: EmulatorIdentityProvider[] = [];
    readonly keys = new Map<string, IssuedKeys>();

    constructor(
        private readonly issued: Map<string, IssuedToken>,
        private readonly tokenTtlSeconds: number,
    ) {}

    /** What the admin interface shows: the configuration, and every secret issued, so a test can look for them where they must not be. */
    snapshot(): EmulatorIamState {
        const federatedTokens = [...this.issued.keys()].filter((t) => t.startsWith("emu-fed-"));
        return {
            agencies: [...this.agencies],
            identityProviders: [...this.identityProviders],
            issuedKeys: [...this.keys].map(([accessKey, k]) => ({
                accessKey,
                secretKey: k.secretKey,
                securityToken: k.securityToken,
                expiresAt: new Date(k.expiresAt).toISOString(),
            })),
            federatedTokens,
        };
    }

    configure(c: EmulatorIamConfig): void {
        if (c.replace) {
            this.agencies.length = 0;
            this.identityProviders.length = 0;
        }
        this.agencies.push(...(c.agencies ?? []));
        this.identityProviders.push(...(c.identityProviders ?? []));
    }

    private issueKeys(durationSeconds: number, now: number): Reply {
        const accessKey = "EMUTMP" + randomBytes(7).toString("hex").toUpperCase();
        const keys: IssuedKeys = {
            secretKey: randomBytes(20).toString("hex"),
            securityToken: "emu-st-" + randomBytes(32).toString("hex"),
            expiresAt: now + durationSeconds * 1000,
        };
        this.keys.set(accessKey, keys);
        return {
            status: 201,
            body: {
                credential: {
                    access: accessKey,
                    secret: keys.secretKey,
                    securitytoken: keys.securityToken,
                    expires_at: new Date(keys.expiresAt).toISOString(),
                },
            },
        };
    }

    /** `POST /v3.0/OS-CREDENTIAL/securitytokens`: `assume_role` (caller authenticated) or `token`. */
    securityTokens(raw: unknown, headers: Record<string, string | string[] | undefined>, authenticate: () => AuthResult, now: number): Reply {
        const parsed = SecurityTokensBody.safeParse(raw);
        if (!parsed.success) return badRequest("The request body is invalid.");
        const id = parsed.data.auth.identity;
        if (id.methods[0] === "token") {
            if (id.token === undefined) return badRequest("The request body is invalid: auth.identity.token is missing.");
            const header = headers["x-auth-token"];
            const token = id.token.id;
            if (header !== undefined && header !== token) return unauthorized("The X-Auth-Token header and auth.identity.token.id differ.");
            const t = this.issued.get(token);
            if (t === undefined) return unauthorized("The token is invalid.");
            if (t.expiresAt <= now) return unauthorized("The token has expired.");
            const duration = id.token.duration_seconds ?? 900;
            if (duration < 900 || duration > 86_400) return badRequest("duration_seconds must be from 900 to 86400.");
            return this.issueKeys(Math.min(duration, Math.floor((t.expiresAt - now) / 1000)), now);
        }
        if (id.methods[0] !== "assume_role" || id.assume_role === undefined)
            return badRequest("The request body is invalid: methods must be assume_role or token.");
        const auth = authenticate();
        if (!auth.ok) return unauthorized(`The request you have made requires authentication: ${auth.reason}.`);
        const r = id.assume_role;
        const duration = r.duration_seconds ?? 900;
        if (duration < 900 || duration > 86_400) return badRequest("duration_seconds must be from 900 to 86400.");
        const domain = r.domain_id ?? r.domain_name;
        const agency = this.agencies.find(
            (a) =>
                a.agencyName === r.agency_name &&
                ((r.domain_id !== undefined && a.domainId === r.domain_id) || (r.domain_name !== undefined && a.domainName === r.domain_name)),
        );
        // [I] IAM's wording for an agency that does not exist or does not trust the caller.
        if (agency === undefined) return forbidden(`The agency ${r.agency_name} of domain ${domain ?? "(none)"} does not exist or does not trust the caller.`);
        return this.issueKeys(duration, now);
    }

    /** `POST /v3.0/OS-AUTH/id-token/tokens` with `X-Idp-Id`: a federated token in X-Subject-Token. */
    idToken(raw: unknown, headers: Record<string, string | string[] | undefined>, now: number): Reply {
        const idpHeader = headers["x-idp-id"];
        const idpId = Array.isArray(idpHeader) ? idpHeader[0] : idpHeader;
        if (idpId === undefined) return badRequest("The X-Idp-Id header is missing.");
        const idp = this.identityProviders.find((p) => p.idpId === idpId);
        if (idp === undefined)
            return { status: 404, body: { error: { code: 404, message: `The identity provider ${idpId} does not exist.`, title: "Not Found" } } };
        const parsed = IdTokenBody.safeParse(raw);
        if (!parsed.success) return badRequest("The request body is invalid.");
        const claims = claimsOf(parsed.data.auth.id_token.id);
        if (claims === undefined) return unauthorized("The ID token is not a JWT.");
        if (idp.issuer !== undefined && claims.iss !== idp.issuer) return unauthorized(`The ID token's issuer is not the identity provider's (${idp.issuer}).`);
        const aud = Array.isArray(claims.aud) ? (claims.aud as unknown[]) : [claims.aud];
        if (!aud.includes(idp.clientId)) return unauthorized("The ID token's audience does not match the identity provider's client ID.");
        if (typeof claims.exp !== "number" || claims.exp * 1000 <= now) return unauthorized("The ID token has expired.");
        const scope = parsed.data.auth.scope;
        return issueSubjectToken(
            this.issued,
            { prefix: "emu-fed-", ttlSeconds: this.tokenTtlSeconds, now, projectId: scope?.project?.id },
            {
                methods: ["mapped"],
                user: { name: typeof claims.sub === "string" ? claims.sub : "federated", "OS-FEDERATION": { identity_provider: { id: idpId } } },
            },
        );
    }
}
