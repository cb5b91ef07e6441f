import { strict as assert } from "node:assert";
import { signRequest } from "../../../provider/auth/sign";

// The official SDK's signer, used only as the oracle.
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as {
    AKSKSigner: {
        sign(
            req: { method: string; endpoint: string; headers: Record<string, string>; queryParams: Record<string, string | string[]>; data?: unknown },
            cred: { getAk(): string; getSk(): string },
        ): Record<string, string>;
    };
};

const AK = "HPUAEXAMPLEAK0123456";
const SK = "s3cr3t/Example+SK==";
const DATE = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const SDK_DATE = "20240102T030405Z";

interface Vector {
    name: string;
    method: string;
    base: string;
    query?: Record<string, string | string[]>;
    headers?: Record<string, string>;
    body?: unknown;
    securityToken?: string;
    projectId?: string;
}

/** What the SDK's credential object adds before calling the signer (BasicCredentials.processAuthRequest). */
function sdkSign(v: Vector): Record<string, string> {
    const headers: Record<string, string> = { ...(v.headers ?? {}), "X-Sdk-Date": SDK_DATE };
    if (v.securityToken) headers["X-Security-Token"] = v.securityToken;
    if (v.projectId) headers["X-Project-Id"] = v.projectId;
    return AKSKSigner.sign({ method: v.method, endpoint: v.base, headers, queryParams: v.query ?? {}, data: v.body }, { getAk: () => AK, getSk: () => SK });
}

function oursSign(v: Vector): Record<string, string> {
    const url = new URL(v.base);
    for (const [k, val] of Object.entries(v.query ?? {})) for (const x of Array.isArray(val) ? val : [val]) url.searchParams.append(k, x);
    return signRequest(
        { method: v.method, url: url.toString(), headers: { ...(v.headers ?? {}) }, body: v.body === undefined ? undefined : JSON.stringify(v.body) },
        { accessKey: AK, secretKey: SK, securityToken: v.securityToken, projectId: v.projectId },
        DATE,
    );
}

const JSON_CT = { "content-type": "application/json" };
const vectors: Vector[] = [
    {
        name: "GET list with paging query",
        method: "GET",
        base: "https://roma.cn-north-4.myhuaweicloud.com/v2/p1/fdi/instances/i-1/tasks",
        query: { limit: "999", offset: "0" },
    },
    { name: "GET with trailing slash", method: "GET", base: "https://roma.cn-north-4.myhuaweicloud.com/v2/p1/fdi/instances/i-1/tasks/" },
    { name: "repeated query key, values sorted", method: "GET", base: "https://roma.example.com/v2/p/x", query: { b: ["z", "a", "m"], a: "1" } },
    { name: "query values needing encoding", method: "GET", base: "https://roma.example.com/v2/p/x", query: { q: "a b+c/d*e~f!'()", name: "任务" } },
    { name: "case-sensitive key order", method: "GET", base: "https://roma.example.com/v2/p/x", query: { B: "1", a: "2", A: "3" } },
    { name: "empty query value", method: "GET", base: "https://roma.example.com/v2/p/x", query: { task_id: "" } },
    {
        name: "POST JSON body",
        method: "POST",
        base: "https://roma.example.com/v2/p/fdi/instances/i/batch-operation/tasks",
        headers: JSON_CT,
        body: { action_id: "start", list: [{ task_id: "t1" }] },
    },
    { name: "POST body with non-ASCII", method: "POST", base: "https://roma.example.com/v2/p/x", headers: JSON_CT, body: { name: "夜间任务 é" } },
    { name: "POST no body", method: "POST", base: "https://roma.example.com/v2/p/fdi/instances/i/multi-tasks/t/reset", headers: JSON_CT },
    {
        name: "security token",
        method: "POST",
        base: "https://drs.example.com/v3/p/jobs/batch-retry-task",
        headers: JSON_CT,
        body: { jobs: [{ job_id: "j" }] },
        securityToken: "tmp-token-value",
    },
    { name: "project id", method: "GET", base: "https://roma.example.com/v2/p/x", projectId: "0a1b2c3d" },
    {
        name: "project id and security token",
        method: "POST",
        base: "https://roma.example.com/v2/p/x",
        headers: JSON_CT,
        body: {},
        projectId: "pid",
        securityToken: "st",
    },
    { name: "explicit port in host", method: "GET", base: "http://127.0.0.1:18080/v2/p/x" },
    { name: "extra caller header", method: "GET", base: "https://roma.example.com/v2/p/x", headers: { "X-Language": "en-us" } },
];

describe("signRequest matches the official Huawei Cloud Node SDK signer", () => {
    for (const v of vectors) {
        it(v.name, () => {
            const sdk = sdkSign(v);
            const ours = oursSign(v);
            assert.equal(ours.Authorization, sdk.Authorization);
            for (const [k, val] of Object.entries(sdk)) assert.equal(ours[k], val, `header ${k}`);
        });
    }

    it("uses the given date when no X-Sdk-Date is set", () => {
        const h = signRequest({ method: "GET", url: "https://a.example.com/x", headers: {} }, { accessKey: AK, secretKey: SK }, DATE);
        assert.equal(h["X-Sdk-Date"], SDK_DATE);
        assert.match(h.Authorization, /^SDK-HMAC-SHA256 Access=HPUAEXAMPLEAK0123456, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
    });

    it("round-trips: re-signing the signed headers reproduces the Authorization (what a server verifies)", () => {
        const signed = signRequest(
            { method: "POST", url: "http://127.0.0.1:9/v2/p/x?b=2&a=1", headers: { "Content-Type": "application/json" }, body: "{}" },
            { accessKey: AK, secretKey: SK, projectId: "p" },
            DATE,
        );
        const names = /SignedHeaders=([^,]+)/.exec(signed.Authorization)![1].split(";");
        const lower = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]));
        const again = signRequest(
            { method: "POST", url: "http://127.0.0.1:9/v2/p/x?b=2&a=1", headers: Object.fromEntries(names.map((n) => [n, lower[n]])), body: "{}" },
            { accessKey: AK, secretKey: SK },
            new Date(0),
        );
        assert.equal(again.Authorization, signed.Authorization);
    });

    it("a different body or secret changes the signature", () => {
        const base = { method: "POST", url: "https://a.example.com/x", headers: {} };
        const a = signRequest({ ...base, body: "{}" }, { accessKey: AK, secretKey: SK }, DATE).Authorization;
        assert.notEqual(a, signRequest({ ...base, body: "{ }" }, { accessKey: AK, secretKey: SK }, DATE).Authorization);
        assert.notEqual(a, signRequest({ ...base, body: "{}" }, { accessKey: AK, secretKey: SK + "x" }, DATE).Authorization);
    });
});
