// Huawei Cloud `SDK-HMAC-SHA256` request signing, byte-for-byte as the official Node SDK
// (`@huaweicloud/huaweicloud-sdk-core` auth/AKSKSigner.js) does it, so that API gateways accept
// our requests exactly as they accept the SDK's. test/unit/auth/sign.test.ts checks this
// against the SDK itself.
import { createHash, createHmac } from "node:crypto";

export interface SignableRequest {
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: string;
}

export interface SigningCredentials {
    accessKey: string;
    secretKey: string;
    securityToken?: string;
    projectId?: string;
}

const ALGORITHM = "SDK-HMAC-SHA256";
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** RFC 3986 unreserved characters stay; every other UTF-8 byte becomes %XX (upper-case hex). */
export function percentEncode(value: string): string {
    let out = "";
    for (const byte of Buffer.from(value, "utf8")) {
        const c = String.fromCharCode(byte);
        out += /[A-Za-z0-9\-_.~]/.test(c) ? c : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
    }
    return out;
}

/** `YYYYMMDDTHHmmssZ`, UTC, no milliseconds. */
export function formatSdkDate(date: Date): string {
    return date
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "");
}

function canonicalUri(pathname: string): string {
    // The SDK encodes each segment in its already-encoded form (so `%` becomes `%25`) and
    // always ends with `/`. IDs in our paths use unreserved characters only, where this and the
    // Go SDK's once-decoded encoding agree.
    const uri = pathname.split("/").map(percentEncode).join("/");
    return uri.endsWith("/") ? uri : uri + "/";
}

function canonicalQuery(search: URLSearchParams): string {
    const byKey = new Map<string, string[]>();
    for (const [k, v] of search) byKey.set(k, [...(byKey.get(k) ?? []), v]);
    // Plain code-unit order, case-sensitive, like Array.prototype.sort in the SDK.
    const keys = [...byKey.keys()].sort();
    const pairs: string[] = [];
    for (const key of keys) {
        const values = byKey.get(key) ?? [];
        const sorted = values.length > 1 ? [...values].sort() : values;
        for (const v of sorted) pairs.push(`${percentEncode(key)}=${percentEncode(v)}`);
    }
    return pairs.join("&");
}

function findHeader(headers: Record<string, string>, name: string): string | undefined {
    const lower = name.toLowerCase();
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v;
    return undefined;
}

/**
 * Signs a request and returns the complete set of headers to send: the given ones plus
 * `X-Sdk-Date`, `host`, `X-Project-Id`/`X-Security-Token` when configured, and `Authorization`.
 * Every header present is signed (the SDK has no allow-list). A caller-supplied `X-Sdk-Date`
 * and lower-case `host` are signed as they are, which is what lets a server re-verify a request.
 */
export function signRequest(request: SignableRequest, credentials: SigningCredentials, date: Date): Record<string, string> {
    const url = new URL(request.url);
    const headers: Record<string, string> = { ...request.headers };
    if (credentials.securityToken) headers["X-Security-Token"] = credentials.securityToken;
    if (credentials.projectId) headers["X-Project-Id"] = credentials.projectId;
    const contentType = findHeader(headers, "content-type");
    if (contentType !== undefined && !contentType.toLowerCase().includes("application/json") && findHeader(headers, "x-sdk-content-sha256") === undefined) {
        headers["X-Sdk-Content-Sha256"] = "UNSIGNED-PAYLOAD";
    }
    let sdkDate = findHeader(headers, "x-sdk-date");
    if (sdkDate === undefined) {
        sdkDate = formatSdkDate(date);
        headers["X-Sdk-Date"] = sdkDate;
    }
    if (headers.host === undefined) {
        for (const k of Object.keys(headers)) if (k.toLowerCase() === "host") delete headers[k];
        // url.host: lower-case hostname plus `:port` only when the URL names a non-default port.
        headers.host = url.host;
    }

    const names = Object.keys(headers).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
    const signedHeaders = names.map((n) => n.toLowerCase()).join(";");
    const canonicalHeaders = names.map((n) => `${n.toLowerCase()}:${headers[n]}\n`).join("");
    const declaredHash = findHeader(headers, "x-sdk-content-sha256");
    const payloadHash = declaredHash ?? (request.body ? createHash("sha256").update(request.body, "utf8").digest("hex") : EMPTY_SHA256);
    const canonicalRequest = [
        request.method.toUpperCase(),
        canonicalUri(url.pathname),
        canonicalQuery(url.searchParams),
        canonicalHeaders,
        signedHeaders,
        payloadHash,
    ].join("\n");
    const stringToSign = [ALGORITHM, sdkDate, createHash("sha256").update(canonicalRequest, "utf8").digest("hex")].join("\n");
    const signature = createHmac("sha256", Buffer.from(credentials.secretKey, "utf8")).update(stringToSign, "utf8").digest("hex");
    headers.Authorization = `${ALGORITHM} Access=${credentials.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
}
