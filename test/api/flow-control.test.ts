// Flow control and the transport's one retry loop: a 429 pauses every request to the host, the
// emulator's gateway limit is respected, and every attempt is authorized afresh.
import { strict as assert } from "node:assert";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { createAuthenticator } from "../../provider/auth/authenticators";
import { createTransport } from "../../provider/api/transport";
import type { RunningEmulator } from "../../provider/emulator";
import { useEmulator } from "../support/emulator";
import { clientsFor } from "./client.test";

const P = "proj01";
const I = "inst01";
const scope = { projectId: P, instanceId: I };

describe("flow control", function () {
    this.timeout(60_000);
    const current = useEmulator({ tasks: [{ projectId: P, instanceId: I, taskId: "t1" }] });
    let emulator: RunningEmulator;
    before(() => (emulator = current()));

    it("a 429 pauses every request to the host for its Retry-After, not just the one that got it", async () => {
        const c = clientsFor(emulator);
        try {
            await emulator.admin.setFaults([{ operation: "ListTasks", kind: "throttle", retryAfterSeconds: 1, times: 1 }]);
            const first = c.fdi.listTasks(scope);
            // Once the 429 is out, a different call to the same host must wait for the pause too.
            let throttledAt: number | undefined;
            while (throttledAt === undefined) {
                const hit = (await emulator.admin.requests()).find((r) => r.status === 429);
                throttledAt = hit && Date.parse(hit.time) + hit.durationMs;
            }
            await c.fdi.showTask(scope, "t1");
            await first;
            const show = (await emulator.admin.requests()).find((r) => r.operation === "ShowTask");
            assert.ok(show, "ShowTask reached the emulator");
            assert.ok(Date.parse(show.time) >= throttledAt + 900, `ShowTask came ${Date.parse(show.time) - throttledAt} ms after the 429`);
        } finally {
            await c.close();
        }
    });

    it("a DRS retry lost to a 5xx is not sent again: its jobs' outcome is unknown, to be read before any new retry", async () => {
        const c = clientsFor(emulator);
        try {
            await emulator.admin.seed({ jobs: [{ projectId: P, jobId: "j1", status: "PAUSING" }] });
            await emulator.admin.setFaults([{ operation: "BatchRestoreTask", kind: "error5xx", status: 504, times: 1 }]);
            const [outcome] = await c.drs.batchRetry(P, [{ jobId: "j1" }]);
            assert.equal(outcome.status, "failed");
            assert.equal(outcome.errorCode, "REQUEST_FAILED");
            assert.match(outcome.errorMessage ?? "", /HTTP 504.*outcome unknown/);
            assert.equal((await emulator.admin.requests()).filter((r) => r.operation === "BatchRestoreTask").length, 1);
        } finally {
            await c.close();
        }
    });

    it("a Retry-After beyond a call's budget ends that call, and pauses the host's other calls no longer than a budget", async () => {
        const c = clientsFor(emulator, { ROMA_REQUEST_TIMEOUT_SECONDS: "1", HW_MAX_RETRIES: "1" }); // budget 2 s
        try {
            await emulator.admin.setFaults([{ operation: "ListTasks", kind: "throttle", retryAfterSeconds: 3600, times: 1 }]);
            await assert.rejects(c.fdi.listTasks(scope), /HTTP 429/);
            const t = Date.now();
            assert.equal((await c.fdi.showTask(scope, "t1"))?.taskId, "t1");
            assert.ok(Date.now() - t < 5000, `the next call waited ${Date.now() - t} ms`);
        } finally {
            await c.close();
        }
    });

    it("sustained flow control makes calls wait, never fail: 40 calls through a gateway that admits 10 a second", async () => {
        const c = clientsFor(emulator, { ROMA_MAX_REQUESTS_PER_SECOND: "20", HW_MAX_RETRIES: "0" });
        try {
            await emulator.admin.setFaults([{ kind: "flowControl", limitPerSecond: 10 }]);
            const results = await Promise.allSettled(Array.from({ length: 40 }, () => c.fdi.listTasks(scope)));
            assert.deepEqual(
                results.filter((r) => r.status === "rejected").map((r) => String(r.reason)),
                [],
            );
            const log = await emulator.admin.requests();
            assert.ok(
                log.some((r) => r.status === 429),
                "the limiter starts above the gateway's limit, so the gateway does throttle",
            );
            assert.equal(log.filter((r) => r.status === 200).length, 40);
        } finally {
            await c.close();
        }
    });
});

describe("one retry loop", () => {
    let server: Server;
    let url: string;
    const seen: IncomingHttpHeaders[] = [];
    let answers: number[] = [];
    before(async () => {
        server = createServer((req, res) => {
            seen.push(req.headers);
            const status = answers.shift() ?? 200;
            res.writeHead(status, { "Content-Type": "application/json", "X-Request-Id": `req-${seen.length}` });
            res.end(JSON.stringify(status === 200 ? { message: "Reset Success" } : { error_code: status === 401 ? "APIG.0301" : "FDI.9999", error_msg: "x" }));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
        seen.length = 0;
    });

    const reset = (transport: ReturnType<typeof createTransport>) =>
        transport.send({
            operation: "ResetMultiTaskOffset",
            baseUrl: url,
            params: { project_id: P, instance_id: I, task_id: "m1" },
            body: {},
            schema: z.object({ message: z.string() }),
        });

    it("signs every attempt afresh: a new X-Sdk-Date and signature after a 5xx", async () => {
        let clock = Date.UTC(2026, 10, 23, 12, 0, 0);
        const authenticator = createAuthenticator({ kind: "aksk", accessKey: "ak", secretKey: "sk" }, { now: () => (clock += 1000) });
        const transport = createTransport({ authenticator, maxRetries: 2, requestTimeoutMs: 5000, retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
        answers = [503, 200];
        const res = await reset(transport);
        assert.equal(res.attempts, 2);
        assert.notEqual(seen[0]["x-sdk-date"], seen[1]["x-sdk-date"]);
        assert.notEqual(seen[0].authorization, seen[1].authorization);
        await transport.close();
    });

    it("a 401 fetches a new IAM token inside the same loop, once", async () => {
        let tokens = 0;
        const authenticator = createAuthenticator(
            { kind: "password", userName: "u", password: "p", domainName: "d", authUrl: `${url}/v3` },
            { fetchToken: () => Promise.resolve({ token: `token-${++tokens}`, expiresAt: new Date(Date.now() + 3600_000) }) },
        );
        const transport = createTransport({ authenticator, maxRetries: 2, requestTimeoutMs: 5000, retryBaseDelayMs: 1, retryMaxDelayMs: 2 });
        answers = [401, 200];
        const res = await reset(transport);
        assert.equal(res.attempts, 2);
        assert.deepEqual(
            seen.map((h) => h["x-auth-token"]),
            ["token-1", "token-2"],
        );
        answers = [401, 401];
        await assert.rejects(reset(transport), /HTTP 401/);
        assert.equal(tokens, 3, "a second 401 in the same call is final");
        await transport.close();
    });
});
