// The write paths of the contract (test/api/contract.test.ts; docs/configuration.md, "What the client accepts from the API") through the real provider
// host: answers shaped as the official models allow, served by the emulator's faults, and what
// the resources then record. Whatever the answer, a write the API may have made is never lost.
import { strict as assert } from "node:assert";
import { INSTANCE, PROJECT, ResourceFlow, seedTasks, writeCalls, type Stack, useStack } from "../support/engine";

type Obj = Record<string, unknown>;
const results = (state: Obj) => (state.results as Obj[]).map((r) => [r.jobId, r.status, r.errorCode]);

describe("contract through the provider host: write paths", function () {
    this.timeout(120_000);
    const current = useStack();
    let stack: Stack;
    before(() => (stack = current()));
    beforeEach(async () => {
        await stack.emulator.admin.clearFaults();
        await stack.emulator.admin.seed({
            replace: true,
            tasks: [...seedTasks(4, "stopped"), { projectId: PROJECT, instanceId: INSTANCE, taskId: "multi-1", extType: "MULTI" }],
            jobs: [
                { projectId: PROJECT, jobId: "job-a", status: "PAUSING" },
                { projectId: PROJECT, jobId: "job-b", status: "PAUSING" },
                { projectId: PROJECT, jobId: "job-c", status: "INCRE_TRANSFER_FAILED" },
            ],
        });
        await stack.emulator.admin.clearRequests();
    });
    const ids = seedTasks(4, "stopped").map((t) => t.taskId);

    describe("DrsJobRetry (BatchRestoreTask: RetryTaskResp.status is a free string, count optional)", () => {
        it('a retry answered "FAILED" for one job records the others as resumed, fails that job by name, and the next up retries only it', async () => {
            await stack.emulator.admin.setFaults([
                {
                    operation: "BatchRestoreTask",
                    kind: "itemStatus",
                    ids: ["job-b"],
                    value: "FAILED",
                    errorCode: "DRS.M05004",
                    errorMessage: "The job cannot be resumed now.",
                    times: 1,
                },
                { operation: "BatchRestoreTask", kind: "sparse", times: 1 },
            ]);
            const flow = new ResourceFlow(stack, "DrsJobRetry", "failed-upper");
            const { partial } = await flow.upAllowingPartialFailure({ jobIds: ["job-a", "job-b", "job-c"] });
            assert.ok(partial, "a partial failure, so the engine saves the state");
            assert.deepEqual(partial.reasons, ["DrsJobRetry: 1 of 3 jobs did not resume", "job job-b: DRS.M05004 The job cannot be resumed now."]);
            assert.deepEqual(results(partial.properties), [
                ["job-a", "success", undefined],
                ["job-b", "failed", "DRS.M05004"],
                ["job-c", "success", undefined],
            ]);
            assert.equal(typeof partial.properties.__provider, "string");

            await stack.emulator.admin.clearRequests();
            assert.equal((await flow.up({ jobIds: ["job-a", "job-b", "job-c"] })).action, "update");
            const calls = await writeCalls(stack, "BatchRestoreTask");
            assert.deepEqual(
                calls.map((c) => c.body),
                [{ jobs: [{ job_id: "job-b" }] }],
            );
            assert.deepEqual(
                results(flow.state).map((r) => r[1]),
                ["success", "success", "success"],
            );
        });

        it("an answer that cannot be read after the call records every job INVALID_RESPONSE; the next up reads their status and retries only the job that did not resume", async () => {
            await stack.emulator.admin.setFaults([{ operation: "BatchRestoreTask", kind: "malformed", malformed: "wrongType", times: 1 }]);
            const flow = new ResourceFlow(stack, "DrsJobRetry", "unreadable");
            const { partial } = await flow.upAllowingPartialFailure({ jobIds: ["job-a", "job-b"] });
            assert.ok(partial);
            assert.deepEqual(
                results(partial.properties).map((r) => r[2]),
                ["INVALID_RESPONSE", "INVALID_RESPONSE"],
            );
            assert.match(partial.message, /outcome unknown/);
            // As if the unreadable call had resumed job-a: a second retry of it would be refused.
            await stack.emulator.admin.seed({ jobs: [{ projectId: PROJECT, jobId: "job-a", status: "INCRE_TRANSFER_STARTED" }] });
            await stack.emulator.admin.clearRequests();
            await flow.up({ jobIds: ["job-a", "job-b"] });
            const log = (await stack.emulator.admin.requests()).map((r) => [r.operation, r.body]);
            assert.deepEqual(log, [
                ["BatchListJobStatus", { jobs: ["job-a", "job-b"], page_req: { cur_page: 1, per_page: 100 } }],
                ["BatchRestoreTask", { jobs: [{ job_id: "job-b" }] }],
            ]);
            assert.deepEqual(
                results(flow.state).map((r) => r[1]),
                ["success", "success"],
            );
        });

        it("a 400 with per-job results[] fails with each job's code; nothing was retried, so nothing is recorded", async () => {
            await stack.emulator.admin.setFaults([
                { operation: "BatchRestoreTask", kind: "resultsError", errorCode: "DRS.M00289", errorMessage: "No such job.", times: 1 },
            ]);
            const flow = new ResourceFlow(stack, "DrsJobRetry", "results400");
            await assert.rejects(flow.up({ jobIds: ["job-a", "job-b"] }), (e: Error) => {
                assert.match(
                    e.message,
                    /BatchRestoreTask failed for job-a, job-b \(HTTP 400, request ID [0-9a-f]+\): job-a: DRS\.M00289 No such job\.; job-b: DRS\.M00289 No such job\./,
                );
                return true;
            });
            assert.equal(flow.id, "");
        });

        it("waiting: a per-job status error fails that job at once, not at the timeout", async () => {
            await stack.emulator.admin.setFaults([
                {
                    operation: "BatchListJobStatus",
                    kind: "itemStatus",
                    ids: ["job-a"],
                    value: null,
                    errorCode: "DRS.M00289",
                    errorMessage: "The job does not exist.",
                },
            ]);
            const flow = new ResourceFlow(stack, "DrsJobRetry", "status-error");
            const { partial } = await flow.upAllowingPartialFailure({ jobIds: ["job-a"], waitFor: "transferring", timeoutSeconds: 300 });
            assert.ok(partial);
            const polls = (await stack.emulator.admin.requests()).filter((r) => r.operation === "BatchListJobStatus");
            assert.equal(polls.length, 1, "failed at the poll that reported the error, not after polling to the 300 s timeout");
            assert.deepEqual(partial.reasons, ["DrsJobRetry: 1 of 1 jobs did not resume", "job job-a: DRS.M00289 The job does not exist."]);
            assert.deepEqual(results(partial.properties), [["job-a", "failed", "DRS.M00289"]], "the next up retries it");
        });

        it("waiting: RELEASE_CHILD_TRANSFER_COMPLETE counts as done; an unknown status stays pending until the timeout", async () => {
            await stack.emulator.admin.seed({
                jobs: [
                    { projectId: PROJECT, jobId: "job-child", status: "PAUSING", afterRetryStatus: "RELEASE_CHILD_TRANSFER_COMPLETE" },
                    { projectId: PROJECT, jobId: "job-new", status: "PAUSING", afterRetryStatus: "SOME_STATUS_ADDED_LATER" },
                ],
            });
            const done = new ResourceFlow(stack, "DrsJobRetry", "child-done");
            await done.up({ jobIds: ["job-child"], waitFor: "transferring", timeoutSeconds: 30 });
            assert.deepEqual(done.state.jobStatuses, { "job-child": "RELEASE_CHILD_TRANSFER_COMPLETE" });

            const pending = new ResourceFlow(stack, "DrsJobRetry", "unknown-pending");
            const { partial } = await pending.upAllowingPartialFailure({ jobIds: ["job-new"], waitFor: "transferring", timeoutSeconds: 1 });
            assert.ok(partial);
            assert.deepEqual(partial.reasons, ["DrsJobRetry: 1 of 1 jobs did not resume", "job job-new: TIMEOUT still SOME_STATUS_ADDED_LATER after 1 s"]);
        });
    });

    describe("TaskRunState (BatchOperatorTaskResp: counts and lists optional; BriefTaskRespBean: optional strings, status 0/1)", () => {
        const inputs = (over: Obj = {}) => ({ instanceId: INSTANCE, taskIds: ids, state: "started", ...over });

        it("an answer without counts that names a task in neither list: the re-read decides, and the up succeeds", async () => {
            await stack.emulator.admin.setFaults([
                { operation: "BatchStartOrStopTasks", kind: "sparse" },
                { operation: "BatchStartOrStopTasks", kind: "itemStatus", ids: [ids[1]] },
                { operation: "ListTasks", kind: "sparse", sparse: "null" },
            ]);
            const flow = new ResourceFlow(stack, "TaskRunState", "neither-list");
            await flow.up(inputs());
            assert.deepEqual(
                (flow.state.tasks as Obj[]).map((t) => [t.taskId, t.status, t.taskName]),
                ids.map((id) => [id, "started", undefined]),
            );
            assert.equal((await writeCalls(stack)).length, 1);
        });

        it("a task reported in an unknown state is not in state: written, then judged by the re-read", async () => {
            await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: ids[2], status: "started" }] });
            await stack.emulator.admin.setFaults([{ operation: "ListTasks", kind: "itemStatus", ids: [ids[2]], value: 2, times: 1 }]);
            const flow = new ResourceFlow(stack, "TaskRunState", "unknown-then-known");
            await flow.up(inputs());
            const [write] = await writeCalls(stack);
            assert.ok(
                (write.body as { list: { task_id: string }[] }).list.some((t) => t.task_id === ids[2]),
                "written although it was running (FDI.3023 counts as done)",
            );
            assert.ok((flow.state.tasks as Obj[]).every((t) => t.status === "started"));
            assert.equal((flow.state.initialStatuses as Obj)[ids[2]], "unknown", "first seen unknown: never restored");
        });

        it("refresh records an unknown status with the raw value; the next preview plans an update; destroy writes it towards a known target and judges it by the re-read", async () => {
            // A short settle time: the destroy below waits it out for the undocumented status.
            const restore = inputs({ onDelete: "restore", settleTimeoutSeconds: 1 });
            const flow = new ResourceFlow(stack, "TaskRunState", "unknown-refresh");
            await flow.up(restore);
            await stack.emulator.admin.setFaults([{ operation: "ListTasks", kind: "itemStatus", ids: [ids[0]], value: "9" }]);
            await flow.refresh();
            assert.deepEqual((flow.state.tasks as Obj[])[0], {
                taskId: ids[0],
                taskName: "nightly 0",
                status: "unknown",
                rawStatus: "9",
                executeStatus: "RUNNING",
            });
            await stack.emulator.admin.clearRequests();
            assert.equal((await flow.preview(restore)).diff?.changes, "some", "unknown is drift");
            assert.deepEqual(await stack.emulator.admin.requests(), []);

            // restore: every task's initial status is "stopped", so all four are stopped, the unknown one included.
            // The task the API still reports as 9 is not counted as stopped (as up would not count it as
            // started): the destroy fails naming it, and the resource stays in the stack.
            await assert.rejects(
                flow.destroy(),
                new RegExp(`task ${ids[0]}: UNKNOWN_STATUS the API reports status 9, which is not a documented value; not counted as stopped`),
            );
            assert.deepEqual(
                (await writeCalls(stack)).map((w) => (w.body as { list: { task_id: string }[] }).list.map((t) => t.task_id)),
                [ids],
            );
            // Once the API reports a documented status again, the next destroy sees every task stopped and writes nothing.
            await stack.emulator.admin.clearFaults();
            await stack.emulator.admin.clearRequests();
            await flow.destroy();
            assert.deepEqual(await writeCalls(stack), []);
        });
    });

    describe("TaskProgressReset (ResetMultiTaskOffsetResponse.message optional)", () => {
        it("an answer without message: the reset is recorded", async () => {
            await stack.emulator.admin.setFaults([{ operation: "ResetMultiTaskOffset", kind: "sparse" }]);
            const flow = new ResourceFlow(stack, "TaskProgressReset", "no-message");
            await flow.up({ instanceId: INSTANCE, taskId: "multi-1" });
            assert.equal(flow.state.message, undefined);
            assert.ok(!Number.isNaN(Date.parse(String(flow.state.resetAt))));
            assert.equal((await stack.emulator.admin.state()).tasks.find((t) => t.taskId === "multi-1")?.resets, 1);
        });
    });
});
