// The engine's Cancel at the transport: a request in flight is aborted, a retry wait and a wait
// for the rate limiter end, and the call ends as one without an answer (outcome unknown).
import { strict as assert } from "node:assert";
import { createClients } from "../../provider/api/clients";
import { resolveConfig } from "../../provider/config/resolve";
import { RomaApiError } from "../../provider/core/errors";
import type { RunningEmulator } from "../../provider/emulator";
import { useEmulator } from "../support/emulator";
import { until } from "../support/until";

const P = "proj01";
const I = "inst01";
const scope = { projectId: P, instanceId: I };

describe("Cancel at the transport", function () {
    this.timeout(60_000);
    const current = useEmulator({ tasks: [{ projectId: P, instanceId: I, taskId: "t1" }] });
    let emulator: RunningEmulator;
    before(() => (emulator = current()));

    const clients = (signal: AbortSignal, env: Record<string, string> = {}) =>
        createClients(
            resolveConfig(() => undefined, {
                ROMA_ENDPOINT: emulator.url,
                DRS_ENDPOINT: emulator.url,
                HW_PROJECT_ID: P,
                HW_AUTH_TOKEN: "emulator-token",
                ...env,
            }),
            { signal, retryBaseDelayMs: 60_000, retryMaxDelayMs: 60_000 },
        );
    const cancelled = async (p: Promise<unknown>) => {
        const err = await p.then(
            () => assert.fail("expected the call to end"),
            (e: unknown) => e,
        );
        assert.ok(err instanceof RomaApiError, String(err));
        assert.equal(err.httpStatus, undefined, "no answer: the outcome is unknown");
        assert.match(err.message, /cancelled: the engine asked the provider to stop/);
        return err;
    };

    it("aborts a request in flight", async () => {
        const cancel = new AbortController();
        const c = clients(cancel.signal);
        try {
            await emulator.admin.setFaults([{ operation: "ListTasks", kind: "latency", latencyMs: 30_000 }]);
            const call = c.fdi.listTasks(scope);
            await until("the request to arrive", async () => (await emulator.admin.requests()).length > 0);
            cancel.abort();
            const err = await cancelled(call);
            assert.match(err.message, /^ListTasks failed/);
        } finally {
            await emulator.admin.clearFaults();
            await c.close();
        }
    });

    it("ends a retry wait (a minute of backoff after a 503)", async () => {
        const cancel = new AbortController();
        const c = clients(cancel.signal);
        try {
            await emulator.admin.setFaults([{ operation: "ListTasks", kind: "error5xx", times: 1 }]);
            const call = c.fdi.listTasks(scope);
            await until("the request to arrive", async () => (await emulator.admin.requests()).length > 0);
            cancel.abort();
            await cancelled(call);
            assert.equal((await emulator.admin.requests()).length, 1, "the retry was never sent");
        } finally {
            await c.close();
        }
    });

    it("sends nothing once cancelled", async () => {
        const cancel = new AbortController();
        cancel.abort();
        const c = clients(cancel.signal, { ROMA_MAX_REQUESTS_PER_SECOND: "1" });
        try {
            const err = await cancelled(c.fdi.listTasks(scope));
            assert.match(err.message, /not sent: cancelled/);
            assert.deepEqual(await emulator.admin.requests(), []);
        } finally {
            await c.close();
        }
    });
});
