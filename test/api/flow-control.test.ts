// Flow control and the transport's one retry loop: a 429 pauses every request to the host, the
// emulator's gateway limit is respected, and every attempt is authorized afresh. Waits are
// checked on a fake clock handed to the transport (its `now` and `sleep`), never by the wall
// clock: the machines are shared, and a slow run must not fail a test nor a fast one pass it.
import { strict as assert } from "node:assert";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { createAuthenticator } from "../../provider/auth/authenticators";
import { createFdiClient } from "../../provider/api/fdi-client";
import { createTransport, MAX_SHARED_PAUSE_MS } from "../../provider/api/transport";
import type { RunningEmulator } from "../../provider/emulator";
import { useEmulator } from "../support/emulator";
import { clientsFor } from "../support/clients";
import { FakeClock } from "../support/fake-clock";

const P = "proj01";
const I = "inst01";
const scope = { projectId: P, instanceId: I };

describe("flow control", function () {
    this.timeout(60_000);
    const current = useEmulator({ tasks: [{ projectId: P, instanceId: I, taskId: "t1" }] });
    let emulator: RunningEmulator;
    before(() => (emulator = current()));

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

describe("flow control on a fake clock", () => {
    let server: Server;
    let url: string;
    let clock: FakeClock;
    /** Each request the server got, with the fake time it arrived. */
    let received: { operation: string; at: number }[] = [];
    /** Retry-After (seconds) of the 429 the next ListTasks gets; undefined: answered. */
    let throttleNext: number | undefined;
    before(async () => {
        server = createServer((req, res) => {
            const show = /\/tasks\/[^/?]+/.test(req.url ?? "");
            received.push({ operation: show ? "ShowTask" : "ListTasks", at: clock.now() });
            if (!show && throttleNext !== undefined) {
                res.writeHead(429, { "Content-Type": "application/json", "Retry-After": String(throttleNext) });
                throttleNext = undefined;
                res.end(JSON.stringify({ error_code: "APIG.0308", error_msg: "The throttling threshold has been reached" }));
                return;
            }
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(JSON.stringify(show ? { task: { task_id: "t1", status: "stop" } } : { total: 1, entities: [{ task_id: "t1", status: 0 }] }));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    beforeEach(() => {
        clock = new FakeClock();
        received = [];
    });

    const client = (o: { maxRetries: number; requestTimeoutMs: number }) => {
        const transport = createTransport({ ...o, maxRequestsPerSecond: 9, now: clock.now, sleep: clock.sleep });
        return { fdi: createFdiClient({ transport, endpoint: url }), transport };
    };

    it("a 429 pauses every request to the host for its Retry-After, not just the one that got it", async () => {
        const { fdi, transport } = client({ maxRetries: 2, requestTimeoutMs: 5000 });
        try {
            throttleNext = 1;
            const first = fdi.listTasks(scope);
            await clock.held(1); // the 429 is in: its call waits out the pause
            const throttledAt = received[0].at;
            const second = fdi.showTask(scope, "t1");
            await clock.held(2); // another call to the same host waits too, before it sends anything
            assert.deepEqual(
                received.map((r) => r.operation),
                ["ListTasks"],
                "nothing sent during the pause",
            );
            assert.ok(
                clock.pending().every((until) => until >= throttledAt + 1000),
                `both wait at least the Retry-After: ${clock
                    .pending()
                    .map((u) => u - throttledAt)
                    .join(", ")} ms`,
            );
            clock.release();
            assert.equal((await second)?.taskId, "t1");
            assert.equal((await first).length, 1);
            const show = received.find((r) => r.operation === "ShowTask");
            assert.ok(show && show.at >= throttledAt + 1000, "ShowTask went out after the pause");
        } finally {
            await transport.close();
        }
    });

    it("a request reports its dispatch once its slot is granted, and once whatever its retries", async () => {
        const { fdi, transport } = client({ maxRetries: 2, requestTimeoutMs: 5000 });
        try {
            assert.equal(fdi.reportsDispatch, true);
            const dispatched: number[] = [];
            throttleNext = 1;
            const first = fdi.listTasks(scope, undefined, { onDispatch: () => dispatched.push(clock.now()) });
            await clock.held(1); // the 429 is in: its call waits out the pause
            assert.equal(dispatched.length, 1);
            let secondAt: number | undefined;
            const second = fdi.listPage(scope, 0, undefined, { onDispatch: () => (secondAt = clock.now()) });
            await clock.held(2);
            assert.equal(secondAt, undefined, "not dispatched while it waits for its slot");
            clock.release();
            await Promise.all([first, second]);
            assert.equal(dispatched.length, 1, "a retry is no new dispatch");
            assert.ok(secondAt !== undefined && secondAt >= received[0].at + 1000, "dispatched after the pause");
        } finally {
            await transport.close();
        }
    });

    it("a Retry-After beyond a call's budget ends that call, and pauses the host's other calls no longer than a budget", async () => {
        const { fdi, transport } = client({ maxRetries: 1, requestTimeoutMs: 1000 }); // budget 2 s
        try {
            clock.release(); // sleeps move the clock on at once: the test measures how far
            throttleNext = 3600;
            await assert.rejects(fdi.listTasks(scope), /HTTP 429/);
            const t = clock.now();
            assert.equal((await fdi.showTask(scope, "t1"))?.taskId, "t1");
            const waited = clock.now() - t;
            assert.ok(waited > 0, "the other call does pause");
            assert.ok(waited <= Math.min(MAX_SHARED_PAUSE_MS, 2000), `the next call waited ${waited} ms of fake time`);
        } finally {
            await transport.close();
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

    it("its own connection pool is made at the first request and closed with it; a client closed sends nothing more", async () => {
        const used = createTransport({ maxRetries: 0, requestTimeoutMs: 5000 });
        answers = [200];
        assert.equal((await reset(used)).attempts, 1);
        await used.close();
        await assert.rejects(reset(used), /UND_ERR_DESTROYED/);
        const unused = createTransport({ maxRetries: 0, requestTimeoutMs: 5000 });
        await unused.close();
        await assert.rejects(reset(unused), /closed before its first request/);
        assert.equal(seen.length, 1);
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
