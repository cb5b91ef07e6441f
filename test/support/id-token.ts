// OIDC ID tokens as a CI system's identity provider issues them (a JWT), for the emulated IAM,
// which checks their issuer, audience and expiry and not their signature.
const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/** A JWT for `aud` that expires `lifeSeconds` from now (negative: already expired). */
export function idToken(aud: string, lifeSeconds = 300, sub = "repo:acme/pipelines:ref:refs/heads/main"): string {
    const now = Math.floor(Date.now() / 1000);
    return `${part({ alg: "RS256", typ: "JWT" })}.${part({ iss: GITHUB_ISSUER, aud, sub, iat: now, exp: now + lifeSeconds })}.c2lnbmF0dXJl`;
}
