// TaskProgressReset and DrsJobRetry through the real provider host.
import { strict as assert } from "node:assert";
import { INSTANCE, PROJECT, ResourceFlow, writeCalls, type Stack, useStack, ADAPTERS } from "../support/engine";

for (const adapter of ADAPTERS)
    describe(`TaskProgressReset and DrsJobRetry through the provider host (${adapter})`, function () {
        this.timeout(120_000);
        const current = useStack({ adapter });
        let stack: Stack;
        before(() => (stack = current()));
        beforeEach(async () => {
            await stack.emulator.admin.seed({
                replace: true,
                tasks: [
                    { projectId: PROJECT, instanceId: INSTANCE, taskId: "multi-orders", extType: "MULTI", taskName: "orders composite" },
                    { projectId: PROJECT, instanceId: INSTANCE, taskId: "plain-task" },
                ],
                jobs: [
                    { projectId: PROJECT, jobId: "job-paused-1", status: "PAUSING", settleAfterPolls: 2 },
                    { projectId: PROJECT, jobId: "job-failed-2", status: "INCRE_TRANSFER_FAILED" },
                    { projectId: PROJECT, jobId: "job-running-3", status: "INCRE_TRANSFER_STARTED" },
                ],
            });
            await stack.emulator.admin.clearRequests();
        });

        describe("TaskProgressReset", () => {
            const base = { instanceId: INSTANCE, taskId: "multi-orders" };

            it("resets once with date_from in ms (ISO normalised); same inputs make no call; a change replaces", async () => {
                const flow = new ResourceFlow(stack, "TaskProgressReset", "reset");
                assert.deepEqual((await flow.preview({ ...base, dateFrom: "2026-11-01T00:00:00Z" })).failures, []);
                assert.deepEqual(await stack.emulator.admin.requests(), [], "preview makes no call");
                await flow.up({ ...base, dateFrom: "2026-11-01T00:00:00Z" });
                const calls = await writeCalls(stack, "ResetMultiTaskOffset");
                assert.equal(calls.length, 1);
                assert.deepEqual(calls[0].body, { date_from: Date.UTC(2026, 10, 1) });
                assert.equal(flow.state.dateFrom, Date.UTC(2026, 10, 1));
                assert.equal(flow.state.message, "Reset Success");
                assert.ok(!Number.isNaN(Date.parse(String(flow.state.resetAt))));

                assert.equal((await flow.up({ ...base, dateFrom: Date.UTC(2026, 10, 1) })).action, "same", "ISO and ms forms are the same input");
                assert.equal((await writeCalls(stack, "ResetMultiTaskOffset")).length, 1);

                const r = await flow.up({ ...base, dateFrom: "2026-11-01T00:00:00Z", triggers: ["rerun-2"] });
                assert.equal(r.action, "replace");
                assert.deepEqual(r.diff?.replaces, ["triggers"]);
                assert.equal((await writeCalls(stack, "ResetMultiTaskOffset")).length, 2);
            });

            it("omits date_from when unset; destroy makes no call", async () => {
                const flow = new ResourceFlow(stack, "TaskProgressReset", "nodate");
                await flow.up(base);
                assert.deepEqual((await writeCalls(stack, "ResetMultiTaskOffset"))[0].body, {});
                await stack.emulator.admin.clearRequests();
                await flow.destroy();
                assert.deepEqual(await stack.emulator.admin.requests(), []);
            });

            it("a non-composite task fails with the API's error, naming operation, task and status", async () => {
                const flow = new ResourceFlow(stack, "TaskProgressReset", "plain");
                await assert.rejects(flow.up({ instanceId: INSTANCE, taskId: "plain-task" }), (e: Error) => {
                    assert.match(e.message, /ResetMultiTaskOffset failed for plain-task \(HTTP 400, FDI\.3033, request ID [0-9a-f]+\)/);
                    return true;
                });
                assert.equal(flow.id, "", "nothing recorded for a reset that did not happen");
            });

            it("rejects a dateFrom that looks like seconds before any call", async () => {
                const flow = new ResourceFlow(stack, "TaskProgressReset", "secs");
                const r = await flow.preview({ ...base, dateFrom: 1630052714 });
                assert.equal(r.failures[0].property, "dateFrom");
                assert.match(r.failures[0].reason, /looks like seconds/);
                assert.deepEqual(await stack.emulator.admin.requests(), []);
            });
        });

        describe("DrsJobRetry", () => {
            it("retries and waits until the jobs transfer", async () => {
                const flow = new ResourceFlow(stack, "DrsJobRetry", "wait");
                await flow.up({ jobIds: ["job-paused-1", "job-failed-2"], waitFor: "transferring", timeoutSeconds: 30 });
                assert.equal((await writeCalls(stack, "BatchRestoreTask")).length, 1);
                assert.ok((await writeCalls(stack, "BatchListJobStatus")).length >= 2, "polled until settled");
                assert.deepEqual(flow.state.jobStatuses, { "job-paused-1": "INCRE_TRANSFER_STARTED", "job-failed-2": "INCRE_TRANSFER_STARTED" });
                assert.deepEqual(
                    (flow.state.results as { status: string }[]).map((r) => r.status),
                    ["success", "success"],
                );
                await stack.emulator.admin.clearRequests();
                assert.equal(
                    (await flow.up({ jobIds: ["job-failed-2", "job-paused-1"], waitFor: "transferring", timeoutSeconds: 30 })).action,
                    "same",
                    "order of jobIds does not matter",
                );
                assert.deepEqual(await stack.emulator.admin.requests(), []);
            });

            it("a per-job failure is a partial failure; the next up retries only the failed job", async () => {
                const flow = new ResourceFlow(stack, "DrsJobRetry", "partial");
                const { partial } = await flow.upAllowingPartialFailure({ jobIds: ["job-paused-1", "job-running-3"] });
                assert.ok(partial);
                assert.match(partial.message, /job job-running-3: DRS\.EMU0409/);
                if (adapter === "dynamic") assert.equal(typeof partial.properties.__provider, "string");
                // The job fails over to a retryable state; the engine runs Update for the init error.
                await stack.emulator.admin.seed({ jobs: [{ projectId: PROJECT, jobId: "job-running-3", status: "INCRE_TRANSFER_FAILED" }] });
                await stack.emulator.admin.clearRequests();
                assert.equal((await flow.up({ jobIds: ["job-paused-1", "job-running-3"] })).action, "update");
                const calls = await writeCalls(stack, "BatchRestoreTask");
                assert.equal(calls.length, 1);
                assert.deepEqual(calls[0].body, { jobs: [{ job_id: "job-running-3" }] });
                assert.deepEqual(
                    (flow.state.results as { status: string }[]).map((r) => r.status),
                    ["success", "success"],
                );
            });

            it("refresh reads job statuses; destroy makes no call", async () => {
                const flow = new ResourceFlow(stack, "DrsJobRetry", "read");
                await flow.up({ jobIds: ["job-failed-2"], isSyncReEdit: true });
                assert.deepEqual((await writeCalls(stack, "BatchRestoreTask"))[0].body, { jobs: [{ job_id: "job-failed-2", is_sync_re_edit: true }] });
                await flow.refresh();
                assert.deepEqual(flow.state.jobStatuses, { "job-failed-2": "INCRE_TRANSFER_STARTED" });
                await stack.emulator.admin.clearRequests();
                await flow.destroy();
                assert.deepEqual(await stack.emulator.admin.requests(), []);
            });
        });
    });
