// Retries and their limits, malformed answers, and the three ways to authenticate, against the
// emulator's fault injection over loopback.
import { strict as assert } from "node:assert";
import { RomaApiError, ResponseValidationError } from "../../provider/core/errors";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { clientsFor } from "../support/clients";

const P = "proj01";
const I = "inst01";
const scope = { projectId: P, instanceId: I };

/** Every own value of an error, its message and its JSON: where a leaked secret would show. */
function errorText(e: unknown): string {
    const err = e as Error & Record<string, unknown>;
    return [err.message, JSON.stringify(err), ...Object.values(err).map((v) => String(v)), String(err.stack)].join("\n");
}

describe("retries", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
    });
    after(async () => emulator.close());
    beforeEach(async () => {
        await emulator.admin.clearFaults();
        await emulator.admin.seed({
            replace: true,
            tasks: [
                { projectId: P, instanceId: I, taskId: "t1" },
                { projectId: P, instanceId: I, taskId: "plain" },
            ],
        });
        await emulator.admin.clearRequests();
    });

    const count = async (op: string) => (await emulator.admin.requests()).filter((r) => r.operation === op);

    it("5xx twice, then success", async () => {
        const c = clientsFor(emulator);
        await emulator.admin.setFaults([{ operation: "BatchStartOrStopTasks", kind: "error5xx", times: 2 }]);
        const r = await c.fdi.batchOperate(scope, "start", ["t1"]);
        await c.close();
        assert.deepEqual(
            r.succeeded.map((s) => s.taskId),
            ["t1"],
        );
        assert.deepEqual(
            (await count("BatchStartOrStopTasks")).map((x) => x.status),
            [503, 503, 200],
        );
    });

    it("429 with Retry-After: waits at least that long", async () => {
        const c = clientsFor(emulator);
        await emulator.admin.setFaults([{ operation: "ListTasks", kind: "throttle", retryAfterSeconds: 1, times: 1 }]);
        await c.fdi.listTasks(scope);
        await c.close();
        const calls = await count("ListTasks");
        assert.deepEqual(
            calls.map((x) => x.status),
            [429, 200],
        );
        assert.ok(Date.parse(calls[1].time) - Date.parse(calls[0].time) >= 1000, "retried no sooner than Retry-After");
    });

    it("a dropped connection, then success", async () => {
        const c = clientsFor(emulator);
        await emulator.admin.setFaults([{ operation: "ListTasks", kind: "drop", times: 1 }]);
        assert.equal((await c.fdi.listTasks(scope)).length, 2);
        await c.close();
        assert.deepEqual(
            (await count("ListTasks")).map((x) => x.fault ?? "ok"),
            ["drop", "ok"],
        );
    });

    // 3 s against a 1 s timeout: undici checks timeouts on a coarse (~1 s) timer.
    it("a timeout, then success", async () => {
        const c = clientsFor(emulator, { ROMA_REQUEST_TIMEOUT_SECONDS: "1" });
        await emulator.admin.setFaults([{ operation: "ListTasks", kind: "latency", latencyMs: 3000, times: 1 }]);
        assert.equal((await c.fdi.listTasks(scope)).length, 2);
        await c.close();
        assert.equal((await count("ListTasks")).length, 2);
    });

    it("never retries a 4xx validation error", async () => {
        const c = clientsFor(emulator);
        await assert.rejects(c.fdi.resetMultiTask(scope, "plain"), (e: RomaApiError) => e.errorCode === "FDI.3033" && e.attempts === 1);
        await c.close();
        assert.equal((await count("ResetMultiTaskOffset")).length, 1);
    });

    it("gives up after maxRetries with one error carrying the last status, code and request ID", async () => {
        const c = clientsFor(emulator, { HW_MAX_RETRIES: "2" });
        await emulator.admin.setFaults([{ operation: "ResetMultiTaskOffset", kind: "error5xx" }]);
        const err = await c.fdi.resetMultiTask(scope, "t1").then(
            () => assert.fail("expected an error"),
            (e: unknown) => e as RomaApiError,
        );
        await c.close();
        const calls = await count("ResetMultiTaskOffset");
        assert.equal(calls.length, 3);
        assert.ok(err instanceof RomaApiError);
        assert.equal(err.httpStatus, 503);
        assert.equal(err.errorCode, "FDI.9999");
        assert.equal(err.attempts, 3);
        assert.equal(err.requestId, calls[2].requestId);
        assert.deepEqual(err.ids, ["t1"]);
        assert.match(err.message, /^ResetMultiTaskOffset failed for t1 \(HTTP 503, FDI\.9999, request ID [0-9a-f]{32}, after 3 attempts\): Network error\.$/);
    });

    it("network failure after the budget: one error without status, naming the cause", async () => {
        const c = clientsFor(emulator, { HW_MAX_RETRIES: "1" });
        await emulator.admin.setFaults([{ operation: "ListTasks", kind: "drop" }]);
        await assert.rejects(
            c.fdi.listTasks(scope),
            (e: RomaApiError) => e.httpStatus === undefined && e.attempts === 2 && /connection reset or closed/.test(e.message),
        );
        await c.close();
    });

    for (const [malformed, op, field] of [
        ["html", "ListTasks", "(body)"],
        ["truncated", "ListTasks", "(body)"],
        ["wrongType", "ListTasks", "entities[0].task_id"],
    ] as const) {
        it(`a malformed answer (${malformed}) to ${op} names the operation and field, and is not retried`, async () => {
            const c = clientsFor(emulator);
            await emulator.admin.seed({ tasks: [{ projectId: P, instanceId: I, taskId: "t1", extType: "MULTI" }] });
            await emulator.admin.setFaults([{ operation: op, kind: "malformed", malformed }]);
            await assert.rejects(c.fdi.listTasks(scope), (e: ResponseValidationError) => {
                assert.ok(e instanceof ResponseValidationError);
                assert.equal(e.operation, op);
                assert.equal(e.field, field);
                assert.ok(e.message.startsWith(`${op} returned an unexpected response (HTTP 200, request ID`), e.message);
                return true;
            });
            await c.close();
            assert.equal((await count(op)).length, 1);
        });
    }

    it("a reset answered 2xx with a body it cannot read still counts as done (the status is the outcome), not retried", async () => {
        const c = clientsFor(emulator);
        await emulator.admin.seed({ tasks: [{ projectId: P, instanceId: I, taskId: "t1", extType: "MULTI" }] });
        await emulator.admin.setFaults([{ operation: "ResetMultiTaskOffset", kind: "malformed", malformed: "wrongType" }]);
        assert.deepEqual(await c.fdi.resetMultiTask(scope, "t1"), { message: undefined });
        await c.close();
        assert.equal((await count("ResetMultiTaskOffset")).length, 1);
    });
});

describe("authentication modes against the emulator", function () {
    this.timeout(30_000);
    const creds = {
        tokens: ["tok-8f3a-secret"],
        accessKeys: [{ accessKey: "AKEXAMPLE01", secretKey: "sk-5b9d-secret", securityToken: "st-77c1-secret" }],
        users: [{ domainName: "acme", userName: "deployer", password: "pw-41e0-secret" }],
    };
    const secrets = ["tok-8f3a-secret", "sk-5b9d-secret", "st-77c1-secret", "pw-41e0-secret"];
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator({ credentials: creds });
        await emulator.admin.seed({ replace: true, tasks: [{ projectId: P, instanceId: I, taskId: "t1" }] });
    });
    after(async () => emulator.close());
    beforeEach(() => emulator.admin.clearRequests());

    const modes: Record<string, Record<string, string>> = {
        token: { HW_AUTH_TOKEN: "tok-8f3a-secret" },
        aksk: { HW_ACCESS_KEY: "AKEXAMPLE01", HW_SECRET_KEY: "sk-5b9d-secret", HW_SECURITY_TOKEN: "st-77c1-secret" },
        password: { HW_USER_NAME: "deployer", HW_USER_PASSWORD: "pw-41e0-secret", HW_DOMAIN_NAME: "acme" },
    };

    for (const [mode, env] of Object.entries(modes)) {
        it(`${mode}: calls succeed`, async () => {
            const c = clientsFor(emulator, { HW_AUTH_TOKEN: "", ...env, HW_AUTH_URL: `${emulator.url}/v3` });
            assert.equal((await c.fdi.listTasks(scope)).length, 1);
            await c.close();
            const log = await emulator.admin.requests();
            assert.equal(log.at(-1)?.authKind, mode === "aksk" ? "aksk" : "token");
            assert.ok(!JSON.stringify(log).includes("pw-41e0-secret"), "the IAM call's password is never logged");
        });
    }

    it("password: many concurrent requests share one token call", async () => {
        const c = clientsFor(emulator, { HW_AUTH_TOKEN: "", ...modes.password, HW_AUTH_URL: `${emulator.url}/v3` });
        await Promise.all(Array.from({ length: 20 }, () => c.fdi.listTasks(scope)));
        await c.close();
        const ops = (await emulator.admin.requests()).map((r) => r.operation);
        assert.equal(ops.filter((o) => o === "KeystoneCreateUserTokenByPassword").length, 1);
        assert.equal(ops.filter((o) => o === "ListTasks").length, 20);
    });

    const wrong: [string, Record<string, string>, RegExp][] = [
        ["a wrong token", { HW_AUTH_TOKEN: "tok-0000-secret" }, /APIG\.0301.*token is not valid/],
        [
            "a wrong secret key",
            { HW_ACCESS_KEY: "AKEXAMPLE01", HW_SECRET_KEY: "sk-0000-secret", HW_SECURITY_TOKEN: "st-77c1-secret" },
            /signature does not match/,
        ],
        ["a missing security token", { HW_ACCESS_KEY: "AKEXAMPLE01", HW_SECRET_KEY: "sk-5b9d-secret" }, /X-Security-Token/],
        [
            "a wrong password",
            { HW_USER_NAME: "deployer", HW_USER_PASSWORD: "pw-0000-secret", HW_DOMAIN_NAME: "acme" },
            /KeystoneCreateUserTokenByPassword failed \(HTTP 401, request ID [0-9a-f]+\): The username or password is wrong\./,
        ],
    ];
    for (const [what, env, expected] of wrong) {
        it(`${what}: a 401 error that names the problem and leaks no secret`, async () => {
            const c = clientsFor(emulator, { HW_AUTH_TOKEN: "", ...env, HW_AUTH_URL: `${emulator.url}/v3` });
            const err = await c.fdi.listTasks(scope).then(
                () => assert.fail("expected 401"),
                (e: unknown) => e,
            );
            await c.close();
            assert.ok(err instanceof RomaApiError);
            assert.equal(err.httpStatus, 401);
            assert.match(err.message, expected);
            const text = errorText(err);
            for (const s of [...secrets, "sk-0000-secret", "pw-0000-secret", "tok-0000-secret"]) assert.ok(!text.includes(s), `leaked ${s}`);
        });
    }
});
