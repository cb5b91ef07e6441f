// The three ways to authenticate, behind one interface the transport calls per attempt.
import { signRequest } from "./sign";
import type { Authenticator, Credentials, IamToken, OutgoingRequest, PasswordCredentials, TemporaryKeys } from "./types";

export interface AuthenticatorOptions {
    projectId?: string;
    /**
     * Exchanges the user name and password for a token scoped to `projectId` (undefined: no
     * project in the call's URL nor in config), the IAM call, made by the API layer.
     */
    fetchToken?: (c: PasswordCredentials, projectId: string | undefined) => Promise<IamToken>;
    now?: () => number;
    /** Refresh this long before the token's expires_at. */
    refreshMarginMs?: number;
}

const DEFAULT_MARGIN_MS = 5 * 60_000;

/**
 * The project a ROMA (`/v2/{project_id}/…`) or DRS (`/v3/{project_id}/…`) call is for. A
 * resource may name another project than the configured one, and X-Project-Id must then match
 * the URL, not the config.
 */
export function projectOfUrl(url: string): string | undefined {
    const m = /^\/v[23]\/([^/]+)\//.exec(new URL(url).pathname);
    return m && m[1] !== "auth" ? decodeURIComponent(m[1]) : undefined;
}
// IAM tokens last 24 h; refetching after 23 h guards against a skewed expires_at.
const MAX_TOKEN_AGE_MS = 23 * 3600_000;

export function createAuthenticator(credentials: Credentials, opts: AuthenticatorOptions): Authenticator {
    switch (credentials.kind) {
        case "token":
            return { kind: "token", authorize: async () => ({ "X-Auth-Token": credentials.token }) };
        case "aksk":
            return { kind: "aksk", authorize: async (req: OutgoingRequest) => signWith(req, credentials, opts.projectId, new Date((opts.now ?? Date.now)())) };
        case "password":
            return passwordAuthenticator(credentials, opts);
        case "oidc":
            // Federation has no key of its own to sign with: api/federation.ts exchanges it for temporary keys.
            throw new Error("OIDC credentials are exchanged for temporary keys (temporaryKeysAuthenticator)");
    }
}

/** Signs like AK/SK with a temporary key pair, its security token added and signed. */
function signWith(req: OutgoingRequest, keys: { accessKey: string; secretKey: string; securityToken?: string }, projectId: string | undefined, at: Date) {
    const signed = signRequest(req, { ...keys, projectId: projectOfUrl(req.url) ?? projectId }, at);
    // Only what signing added or changed; the transport keeps its own headers.
    const added: Record<string, string> = {};
    for (const [k, v] of Object.entries(signed)) if (req.headers[k] !== v) added[k] = v;
    return added;
}

/**
 * Signs every request with temporary keys that `keys` hands out (an agency's, or OIDC
 * federation's): the exchange itself is shared and renewed there (api/federation.ts).
 */
export function temporaryKeysAuthenticator(
    keys: () => Promise<TemporaryKeys>,
    opts: { projectId?: string; now?: () => number; invalidate?: () => void },
): Authenticator {
    const now = opts.now ?? Date.now;
    return {
        kind: "aksk",
        authorize: async (req: OutgoingRequest) => signWith(req, await keys(), opts.projectId, new Date(now())),
        invalidate: opts.invalidate && (() => opts.invalidate?.()),
    };
}

function passwordAuthenticator(c: PasswordCredentials, opts: AuthenticatorOptions): Authenticator {
    const fetchToken = opts.fetchToken ?? (() => Promise.reject(new Error("password authentication needs a token fetcher")));
    const now = opts.now ?? Date.now;
    const margin = opts.refreshMarginMs ?? DEFAULT_MARGIN_MS;
    // An IAM token is scoped to one project and the gateway refuses it for any other (403
    // APIG.0302), while a resource may name another project than the configured one: one token
    // per project, each fetched once however many requests wait for it.
    const tokens = new Map<string, { cached?: { token: string; refreshAt: number }; inFlight?: Promise<IamToken> }>();
    const projectFor = (url: string) => projectOfUrl(url) ?? opts.projectId;

    async function token(projectId: string | undefined): Promise<string> {
        const key = projectId ?? "";
        const entry = tokens.get(key) ?? {};
        tokens.set(key, entry);
        if (entry.cached && now() < entry.cached.refreshAt) return entry.cached.token;
        if (!entry.inFlight) {
            const started = now();
            entry.inFlight = fetchToken(c, projectId);
            entry.inFlight.then(
                (t) => {
                    entry.cached = { token: t.token, refreshAt: Math.min(t.expiresAt.getTime() - margin, started + MAX_TOKEN_AGE_MS) };
                    entry.inFlight = undefined;
                },
                () => {
                    entry.inFlight = undefined;
                },
            );
        }
        return (await entry.inFlight).token;
    }

    return {
        kind: "password",
        authorize: async (req: OutgoingRequest) => ({ "X-Auth-Token": await token(projectFor(req.url)) }),
        invalidate: (url: string) => {
            const entry = tokens.get(projectFor(url) ?? "");
            if (entry) entry.cached = undefined;
        },
    };
}
