// Truth under any ordering, through the real provider host: a cached listing never decides a
// claim, paging never skips a task, a long Retry-After stalls nobody else, and the smaller
// truths of issue 15 (IDs that change the path, lost reset answers, what NOT_SETTLED says).
import { strict as assert } from "node:assert";
import { INSTANCE, PROJECT, ResourceFlow, seedTasks, writeCalls, type Stack, useStack } from "../support/engine";
import { rejection } from "../support/expect";
import { HostCallError } from "../support/host";
import { until } from "../support/until";

type View = { taskId: string; status: string };
const viewOf = (flow: ResourceFlow, taskId: string) => (flow.state.tasks as View[]).find((t) => t.taskId === taskId);
const statusInEmulator = async (stack: Stack, taskId: string) => (await stack.emulator.admin.state()).tasks.find((t) => t.taskId === taskId)?.status;

describe("never wrong: cached listings, paging, flow control", function () {
    this.timeout(180_000);
    // A listing may serve observations for a whole minute here, so a test that passes does
    // not depend on how fast the machine is.
    const current = useStack({ config: { "roma:listingMaxAgeSeconds": "60", "roma:maxRetries": "2" } });
    let stack: Stack;
    before(() => (stack = current()));
    beforeEach(async () => {
        await stack.emulator.admin.clearFaults();
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(8, "stopped") });
        await stack.emulator.admin.clearRequests();
    });

    it("a task created after another resource listed the instance is found, not reported missing", async () => {
        const first = new ResourceFlow(stack, "TaskRunState", "cache-first");
        await first.up({ instanceId: INSTANCE, taskIds: ["task-000", "task-001", "task-002", "task-003"], state: "started" });
        await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: "late-task", status: "stopped" }] });
        const late = new ResourceFlow(stack, "TaskRunState", "cache-late");
        await late.up({ instanceId: INSTANCE, taskIds: ["late-task"], state: "started" });
        assert.equal(viewOf(late, "late-task")?.status, "started");
        assert.equal(await statusInEmulator(stack, "late-task"), 1);
    });

    it("a task started by hand after another resource listed it is stopped, never recorded stopped while it runs", async () => {
        const first = new ResourceFlow(stack, "TaskRunState", "stale-first");
        await first.up({ instanceId: INSTANCE, taskIds: ["task-000", "task-001", "task-002", "task-003"], state: "stopped" });
        await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: "task-002", status: "started" }] });
        await stack.emulator.admin.clearRequests();
        const second = new ResourceFlow(stack, "TaskRunState", "stale-second");
        await second.up({ instanceId: INSTANCE, taskIds: ["task-002"], state: "stopped" });
        assert.equal(await statusInEmulator(stack, "task-002"), 0, "the running task was stopped");
        assert.equal((await writeCalls(stack)).length, 1);
        assert.equal(viewOf(second, "task-002")?.status, "stopped");
        assert.equal((second.state.initialStatuses as Record<string, string>)["task-002"], "started");
    });

    it("an update that decides its writes on an older listing checks every task it left alone, and writes those found out of state", async () => {
        const kept = new ResourceFlow(stack, "TaskRunState", "stale-update");
        const inputs = { instanceId: INSTANCE, taskIds: ["task-002", "task-004"], state: "stopped" };
        await kept.up(inputs);
        await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: "task-004", status: "started" }] });
        // Another resource lists the instance now: task-004 running, task-002 stopped.
        await new ResourceFlow(stack, "TaskRunState", "stale-lister").up({
            instanceId: INSTANCE,
            taskIds: ["task-000", "task-001", "task-005", "task-006"],
            state: "stopped",
        });
        await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: "task-002", status: "started" }] });
        await stack.emulator.admin.clearRequests();
        assert.equal((await kept.up({ ...inputs, settleTimeoutSeconds: 30 })).action, "update");
        assert.equal(await statusInEmulator(stack, "task-004"), 0);
        assert.equal(await statusInEmulator(stack, "task-002"), 0, "the task started after the listing was stopped too");
        assert.deepEqual(
            (kept.state.tasks as View[]).map((t) => t.status),
            ["stopped", "stopped"],
        );
    });

    it("a task deleted between two pages of a listing does not make a task that exists NOT_FOUND", async () => {
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(1500, "stopped") });
        const wanted = ["task-1000", "task-1001", "task-1002", "task-1003"];
        // Both pages wait before they are served; the first task goes away while page 2 waits.
        await stack.emulator.admin.setFaults([{ operation: "ListTasks", kind: "latency", latencyMs: 1500, times: 2 }]);
        const flow = new ResourceFlow(stack, "TaskRunState", "shifted-pages");
        const up = flow.up({ instanceId: INSTANCE, taskIds: wanted, state: "started" });
        await until("both pages asked for", async () => (await stack.emulator.admin.requests()).filter((r) => r.operation === "ListTasks").length >= 2);
        await stack.emulator.admin.removeTasks([{ projectId: PROJECT, instanceId: INSTANCE, taskId: "task-000" }]);
        await up;
        assert.deepEqual(
            wanted.map((id) => viewOf(flow, id)?.status),
            wanted.map(() => "started"),
        );
    });

    it("an instance of more than 21,000 tasks: ListTasks never gets an offset above 20000, and every task is reached", async () => {
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(21_500, "stopped") });
        const flow = new ResourceFlow(stack, "TaskRunState", "huge");
        const taskIds = ["task-000", "task-001", "task-21400", "task-21499"];
        await flow.up({ instanceId: INSTANCE, taskIds, state: "started" });
        assert.deepEqual(
            taskIds.map((id) => viewOf(flow, id)?.status),
            taskIds.map(() => "started"),
        );
        const offsets = (await stack.emulator.admin.requests()).filter((r) => r.operation === "ListTasks").map((r) => Number(r.query.offset ?? 0));
        assert.ok(
            offsets.every((o) => o <= 20000),
            `offsets sent: ${offsets.join(", ")}`,
        );
        assert.ok(
            (await stack.emulator.admin.requests()).every((r) => r.status === 200),
            "no call refused",
        );
    });

    it("a Retry-After of an hour fails that call at once, naming it, and the others go on", async () => {
        await stack.emulator.admin.setFaults([{ operation: "BatchStartOrStopTasks", kind: "throttle", retryAfterSeconds: 3600, times: 1 }]);
        const hit = new ResourceFlow(stack, "TaskRunState", "retry-after-hit");
        const other = new ResourceFlow(stack, "TaskRunState", "retry-after-other");
        const failed = hit.upAllowingPartialFailure({ instanceId: INSTANCE, taskIds: ["task-000"], state: "started" });
        const { partial } = await failed;
        assert.ok(partial, "the write was refused, so the state is saved with the failure");
        assert.match(partial.message, /BatchStartOrStopTasks .*HTTP 429.*APIG\.0308/);
        assert.match(partial.message, /asked to wait 3600 s \(Retry-After\)/);
        assert.match(partial.message, /run `pulumi up` again/);
        // How long the others pause (at most MAX_SHARED_PAUSE_MS) is asserted on a fake clock in
        // test/api/flow-control.test.ts; here, that they go on and converge.
        await other.up({ instanceId: INSTANCE, taskIds: ["task-005"], state: "started" });
        assert.equal(viewOf(other, "task-005")?.status, "started");
    });

    it("IDs '.' and '..' are refused by check, before any call", async () => {
        for (const bad of [".", ".."]) {
            const flow = new ResourceFlow(stack, "TaskRunState", `dot-${bad.length}`);
            const r = await flow.preview({ instanceId: bad, taskIds: [bad], state: "started" });
            assert.deepEqual(
                // A path into a value leads the reason (the engine would print its value as {<nil>}).
                r.failures.map((f) => f.property || f.reason.split(": ")[0]),
                ["instanceId", "taskIds[0]"],
                JSON.stringify(r.failures),
            );
        }
        assert.deepEqual(await stack.emulator.admin.requests(), []);
    });

    it("a reset whose answer is lost says the reset may have been applied", async () => {
        await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: "multi", extType: "MULTI" }] });
        await stack.emulator.admin.setFaults([{ operation: "ResetMultiTaskOffset", kind: "error5xx", status: 504, errorCode: "APIG.0201" }]);
        const flow = new ResourceFlow(stack, "TaskProgressReset", "lost-reset");
        const err = await rejection(flow.up({ instanceId: INSTANCE, taskId: "multi" }), HostCallError);
        assert.match(err.message, /ResetMultiTaskOffset failed for multi \(HTTP 504/);
        assert.match(err.message, /the reset may have been applied/);
    });

    it("NOT_SETTLED names what happened to each task: a task the API said was already running was not started by this resource", async () => {
        await stack.emulator.admin.setFaults([
            {
                operation: "BatchStartOrStopTasks",
                kind: "reply",
                times: 1,
                reply: {
                    status: 200,
                    body: { success: [{ task_id: "task-001" }], failure: [{ task_id: "task-000", error_code: "FDI.3023", error_msg: "The task is running." }] },
                },
            },
        ]);
        const flow = new ResourceFlow(stack, "TaskRunState", "not-settled");
        const { partial } = await flow.upAllowingPartialFailure({
            instanceId: INSTANCE,
            taskIds: ["task-000", "task-001"],
            state: "started",
            settleTimeoutSeconds: 0,
        });
        assert.ok(partial);
        const reason = (id: string) => partial.reasons.find((r) => r.startsWith(`task ${id}:`)) ?? "";
        assert.doesNotMatch(reason("task-000"), /accepted/);
        assert.match(reason("task-000"), /FDI\.3023/);
        assert.match(reason("task-000"), /not started by this resource/);
        assert.match(reason("task-001"), /NOT_SETTLED the API accepted the start .*request ID [0-9a-f]+/);
    });
});
