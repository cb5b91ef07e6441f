// Reliability through the real provider host: faults that clear within the retry budget,
// faults that do not, malformed answers, and many resources driven at once.
import { strict as assert } from "node:assert";
import { INSTANCE, PROJECT, ResourceFlow, seedTasks, writeCalls, type Stack, useStack } from "../support/engine";
import { rejection } from "../support/expect";
import { HostCallError } from "../support/host";

const ids = (n: number) => seedTasks(n, "stopped").map((t) => t.taskId);
const inputs = (n: number) => ({ instanceId: INSTANCE, taskIds: ids(n), state: "started" });

describe("reliability through the provider host", function () {
    this.timeout(180_000);
    const current = useStack({ config: { "roma:maxRetries": "3" } });
    let stack: Stack;
    before(() => (stack = current()));
    beforeEach(async () => {
        await stack.emulator.admin.clearFaults();
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(12, "stopped") });
        await stack.emulator.admin.clearRequests();
    });

    it("5xx, 429 with Retry-After, a dropped connection and a slow answer: up succeeds once they stop", async () => {
        await stack.emulator.admin.setFaults([
            { operation: "ListTasks", kind: "error5xx", times: 1 },
            { operation: "BatchStartOrStopTasks", kind: "throttle", retryAfterSeconds: 1, times: 1 },
            { operation: "BatchStartOrStopTasks", kind: "drop", times: 1 },
            { operation: "ListTasks", kind: "latency", latencyMs: 300, times: 1 },
        ]);
        const flow = new ResourceFlow(stack, "TaskRunState", "faults-clear");
        await flow.up(inputs(12));
        assert.ok((flow.state.tasks as { status: string }[]).every((t) => t.status === "started"));
        const writes = await writeCalls(stack);
        const throttled = writes.findIndex((w) => w.status === 429);
        assert.ok(throttled >= 0);
        const sameChunk = (w: (typeof writes)[number]) => JSON.stringify(w.body) === JSON.stringify(writes[throttled].body);
        const retry = writes.find((w, i) => i > throttled && sameChunk(w));
        assert.ok(retry && Date.parse(retry.time) - Date.parse(writes[throttled].time) >= 1000, "Retry-After honoured");
    });

    it("faults beyond the budget: one clear error, and the state stays as it was", async () => {
        const flow = new ResourceFlow(stack, "TaskRunState", "faults-stay");
        await flow.up(inputs(12));
        const before = JSON.stringify(flow.state);
        await stack.emulator.admin.setFaults([{ operation: "ListTasks", kind: "error5xx" }]);
        await stack.emulator.admin.clearRequests();
        const err = await rejection(flow.up({ ...inputs(12), state: "stopped" }), HostCallError);
        assert.match(err.message, /ListTasks failed \(HTTP 503, FDI\.9999, request ID [0-9a-f]+, after 4 attempts\): Network error\./);
        assert.equal(err.partial, undefined, "nothing changed, so no new state");
        assert.equal(JSON.stringify(flow.state), before);
        assert.equal((await stack.emulator.admin.requests()).length, 4, "1 attempt + maxRetries 3");
        assert.deepEqual(await writeCalls(stack), []);
    });

    it("a 400 is never retried", async () => {
        const flow = new ResourceFlow(stack, "TaskProgressReset", "no-retry");
        await assert.rejects(flow.up({ instanceId: INSTANCE, taskId: ids(1)[0] }), /FDI\.3033/);
        assert.equal((await writeCalls(stack, "ResetMultiTaskOffset")).length, 1);
    });

    for (const malformed of ["html", "truncated", "wrongType"] as const) {
        it(`a malformed answer (${malformed}) names the operation and field; the state stays`, async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", `malformed-${malformed}`);
            await stack.emulator.admin.setFaults([{ operation: "ListTasks", kind: "malformed", malformed, times: 1 }]);
            const err = await rejection(flow.up(inputs(12)), HostCallError);
            assert.match(
                err.message,
                new RegExp(
                    `ListTasks returned an unexpected response \\(HTTP 200, request ID [0-9a-f]+\\): field \`${malformed === "wrongType" ? "entities\\[0\\]\\.task_id" : "\\(body\\)"}\``,
                ),
            );
            assert.equal(flow.id, "");
            assert.deepEqual(await writeCalls(stack), [], "nothing written on a bad read");
        });
    }

    it("a malformed answer to a write is a partial failure with the outcome unknown, then settles", async () => {
        await stack.emulator.admin.setFaults([{ operation: "BatchStartOrStopTasks", kind: "malformed", malformed: "wrongType", times: 1 }]);
        const flow = new ResourceFlow(stack, "TaskRunState", "malformed-write");
        const { partial } = await flow.upAllowingPartialFailure(inputs(12));
        assert.ok(partial);
        assert.match(partial.message, /INVALID_RESPONSE .*field `success_count`/);
        await stack.emulator.admin.clearRequests();
        await flow.up(inputs(12));
        assert.equal((await writeCalls(stack)).length, 1, "only the chunk whose outcome was unknown");
        assert.ok((flow.state.tasks as { status: string }[]).every((t) => t.status === "started"));
    });
});

describe("many resources at once through one host", function () {
    this.timeout(300_000);
    const current = useStack({
        config: {
            "roma:authToken": "",
            "roma:userName": "emulator-user",
            "roma:password": "emulator-password",
            "roma:domainName": "emulator-domain",
            "roma:maxRetries": "8",
        },
    });
    let stack: Stack;
    before(async () => {
        stack = current();
        await stack.host.configure({ ...stack.config, "roma:authUrl": `${stack.emulator.url}/v3` });
    });

    it("200 TaskRunState resources of 10 tasks, 16 at a time, converge through a 429 storm with one IAM token", async () => {
        const instances = Array.from({ length: 20 }, (_, i) => `inst-${i}`);
        await stack.emulator.admin.seed({
            replace: true,
            tasks: instances.flatMap((instanceId) =>
                Array.from({ length: 100 }, (_, t) => ({ projectId: PROJECT, instanceId, taskId: `task-${t}`, status: "stopped" as const })),
            ),
        });
        // The storm hits the task calls; the one IAM call must get through to be counted once.
        await stack.emulator.admin.setFaults([
            { operation: "ListTasks", kind: "throttle", retryAfterSeconds: 0, times: 30 },
            { operation: "BatchStartOrStopTasks", kind: "throttle", retryAfterSeconds: 0, times: 30 },
        ]);
        await stack.emulator.admin.clearRequests();
        const flows = Array.from({ length: 200 }, (_, r) => ({
            flow: new ResourceFlow(stack, "TaskRunState", `bulk-${r}`),
            inputs: { instanceId: instances[r % 20], taskIds: Array.from({ length: 10 }, (_, t) => `task-${Math.floor(r / 20) * 10 + t}`), state: "started" },
        }));
        let next = 0;
        await Promise.all(
            Array.from({ length: 16 }, async () => {
                while (next < flows.length) {
                    const f = flows[next++];
                    await f.flow.up(f.inputs);
                }
            }),
        );
        const log = await stack.emulator.admin.requests();
        assert.equal(log.filter((r) => r.operation === "KeystoneCreateUserTokenByPassword").length, 1);
        assert.equal(log.filter((r) => r.status === 429).length, 60);
        assert.equal(log.filter((r) => r.operation === "BatchStartOrStopTasks" && r.status === 200).length, 200);
        const state = await stack.emulator.admin.state();
        assert.equal(state.tasks.filter((t) => t.status === 1).length, 2000);
        assert.ok(flows.every((f) => (f.flow.state.tasks as { status: string }[]).every((t) => t.status === "started")));
    });
});
