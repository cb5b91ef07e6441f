import { strict as assert } from "node:assert";
import { createAuthenticator } from "../../../provider/auth/authenticators";
import { signRequest } from "../../../provider/auth/sign";
import type { IamToken } from "../../../provider/auth/types";

/** An in-memory IAM: counts token calls, can fail, hands out numbered tokens valid for an hour. */
class FakeIam {
    calls = 0;
    fail = false;
    constructor(private readonly now: () => number) {}
    readonly projects: (string | undefined)[] = [];
    readonly fetchToken = async (_c: unknown, projectId?: string): Promise<IamToken> => {
        const n = ++this.calls;
        this.projects.push(projectId);
        await new Promise((r) => setTimeout(r, 5));
        if (this.fail) throw new Error("IAM down");
        return { token: `token-${n}`, expiresAt: new Date(this.now() + 3600_000) };
    };
}

const req = { method: "GET", url: "https://roma.example.com/v2/p/x?limit=1", headers: { "Content-Type": "application/json;charset=UTF-8" } };

describe("authenticators", () => {
    it("token: sends X-Auth-Token", async () => {
        const a = createAuthenticator({ kind: "token", token: "tok" }, {});
        assert.deepEqual(await a.authorize(req), { "X-Auth-Token": "tok" });
    });

    it("AK/SK: adds exactly what signRequest adds", async () => {
        const at = Date.UTC(2026, 0, 1);
        const a = createAuthenticator({ kind: "aksk", accessKey: "ak", secretKey: "sk", securityToken: "st" }, { projectId: "p1", now: () => at });
        const added = await a.authorize(req);
        const signed = signRequest(req, { accessKey: "ak", secretKey: "sk", securityToken: "st", projectId: "p" }, new Date(at));
        assert.deepEqual({ ...req.headers, ...added }, signed);
        assert.deepEqual(Object.keys(added).sort(), ["Authorization", "X-Project-Id", "X-Sdk-Date", "X-Security-Token", "host"]);
    });

    it("AK/SK: X-Project-Id follows the project in the URL, not only the config", async () => {
        const a = createAuthenticator({ kind: "aksk", accessKey: "ak", secretKey: "sk" }, { projectId: "configured" });
        assert.equal((await a.authorize({ ...req, url: "https://roma.example.com/v2/other-project/fdi/instances/i/tasks" }))["X-Project-Id"], "other-project");
        assert.equal((await a.authorize({ ...req, url: "https://drs.example.com/v3/p2/jobs/batch-status" }))["X-Project-Id"], "p2");
        assert.equal((await a.authorize({ ...req, url: "https://x.example.com/other" }))["X-Project-Id"], "configured");
    });

    describe("user and password", () => {
        const creds = { kind: "password" as const, userName: "u", password: "p", domainName: "d", authUrl: "https://iam.example.com/v3" };

        it("fetches one token for 50 concurrent requests and reuses it", async () => {
            const iam = new FakeIam(Date.now);
            const a = createAuthenticator(creds, { fetchToken: iam.fetchToken });
            const headers = await Promise.all(Array.from({ length: 50 }, () => a.authorize(req)));
            assert.equal(iam.calls, 1);
            assert.ok(headers.every((h) => h["X-Auth-Token"] === "token-1"));
            await a.authorize(req);
            assert.equal(iam.calls, 1);
        });

        it("refreshes shortly before expiry", async () => {
            let now = Date.UTC(2026, 0, 1);
            const iam = new FakeIam(() => now);
            const a = createAuthenticator(creds, { fetchToken: iam.fetchToken, now: () => now, refreshMarginMs: 300_000 });
            await a.authorize(req);
            now += 3600_000 - 300_001;
            assert.equal((await a.authorize(req))["X-Auth-Token"], "token-1");
            now += 2;
            assert.equal((await a.authorize(req))["X-Auth-Token"], "token-2");
        });

        it("does not cache a failure; invalidate forces a new token", async () => {
            const iam = new FakeIam(Date.now);
            iam.fail = true;
            const a = createAuthenticator(creds, { fetchToken: iam.fetchToken });
            await assert.rejects(a.authorize(req), /IAM down/);
            iam.fail = false;
            assert.equal((await a.authorize(req))["X-Auth-Token"], "token-2");
            a.invalidate?.(req.url);
            assert.equal((await a.authorize(req))["X-Auth-Token"], "token-3");
        });

        it("fetches and caches one token per project of the URL, each single-flight; invalidate drops only that project's", async () => {
            const iam = new FakeIam(Date.now);
            const a = createAuthenticator(creds, { fetchToken: iam.fetchToken, projectId: "configured" });
            const urls = [
                "https://roma.example.com/v2/p1/fdi/instances/i/tasks",
                "https://drs.example.com/v3/p2/jobs/batch-status",
                "https://x.example.com/other",
            ];
            const headers = await Promise.all(urls.flatMap((url) => Array.from({ length: 10 }, () => a.authorize({ ...req, url }))));
            assert.equal(iam.calls, 3);
            assert.deepEqual([...iam.projects].sort(), ["configured", "p1", "p2"]);
            const byUrl = urls.map((_, i) => new Set(headers.slice(i * 10, i * 10 + 10).map((h) => h["X-Auth-Token"])));
            assert.ok(byUrl.every((tokens) => tokens.size === 1));
            assert.equal(new Set(byUrl.map((tokens) => [...tokens][0])).size, 3, "a token per project");
            a.invalidate?.(urls[0]);
            await Promise.all(urls.map((url) => a.authorize({ ...req, url })));
            assert.deepEqual(iam.projects.slice(3), ["p1"]);
        });
    });
});
