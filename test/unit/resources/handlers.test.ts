// The three handlers and the dynamic adapter against in-memory clients on a fake clock: every
// path a real stack takes (writes, partial failures, waits, deletes, state versions) without a
// network or a real timer, so the whole file runs in milliseconds.
import { strict as assert } from "node:assert";
import { InputError, PartialFailureError } from "../../../provider/core/errors";
import { UNKNOWN } from "../../../provider/core/unknown";
import { dynamicProvider } from "../../../provider/dynamic/adapter";
import type { Props } from "../../../provider/resources/common/inputs";
import { rejection } from "../../support/expect";
import { diffResource } from "../../../provider/resources/common/operations";
import { drsJobRetry, handler as drs } from "../../../provider/resources/drs-job-retry/handler";
import { DrsJobRetryInputs, DrsJobRetryState } from "../../../provider/resources/drs-job-retry/schema";
import { taskProgressReset, handler as reset } from "../../../provider/resources/task-progress-reset/handler";
import { TaskProgressResetInputs, TaskProgressResetState } from "../../../provider/resources/task-progress-reset/schema";
import { taskRunState, handler as trs } from "../../../provider/resources/task-run-state/handler";
import { TaskRunStateInputs, TaskRunStateState } from "../../../provider/resources/task-run-state/schema";
import { FakeDrs, FakeFdi, fakeContext, type FakeTask } from "../../support/fakes";

const SCOPE = { projectId: "proj-default", instanceId: "inst-1" };
const START = Date.UTC(2026, 0, 1);

/** The error `p` rejects with, checked to be an instance of `type`. */
const stopped = (...ids: string[]): FakeTask[] => ids.map((taskId) => ({ taskId, status: "stopped" }));
const started = (...ids: string[]): FakeTask[] => ids.map((taskId) => ({ taskId, status: "started" }));

function runInputs(over: Props): TaskRunStateInputs {
    return TaskRunStateInputs.parse({ instanceId: SCOPE.instanceId, state: "started", ...over });
}

/** Written state (or partial-failure properties) as the engine would hand it back. */
const runState = (written: object): TaskRunStateState => TaskRunStateState.parse({ ...written, stateVersion: 1 });
const jobState = (written: object): DrsJobRetryState => DrsJobRetryState.parse({ ...written, stateVersion: 1 });

const statuses = (s: TaskRunStateState) => s.tasks.map((t) => `${t.taskId}:${t.status}`);
const writes = (fdi: FakeFdi) => fdi.batches.map((b) => `${b.action} ${b.ids.join(",")}`);

describe("TaskRunState handler", () => {
    it("delete judges each write by the status read back, not by the answer", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, started("t1", "t2"));
        // t1 is stopped by someone else between the read and the write, and the API refuses the
        // stop of a stopped task [I: FDI.3019]; t2's stop is refused and leaves it running.
        fdi.beforeWrite = () => fdi.setStatus(SCOPE, "t1", "stopped");
        fdi.failTask("t1", { errorCode: "FDI.3019", errorMessage: "The task is stopped." });
        fdi.failTask("t2", { errorCode: "FDI.3083", errorMessage: "no plan" });
        const state = runState({ ...runInputs({ taskIds: ["t1", "t2"], onDelete: "stop" }), tasks: [], initialStatuses: {} });
        const err = await rejection(trs.delete(fakeContext({ fdi }), "id", state), PartialFailureError);
        assert.deepEqual(err.reasons, ["task t2: FDI.3083 no plan"]);
    });

    it("create with onDelete restore says which tasks were already in state (an interrupted earlier up may have written them); keep says nothing", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [...started("t1", "t3"), ...stopped("t2")]);
        const ctx = fakeContext({ fdi });
        await trs.create(ctx, "id", runInputs({ taskIds: ["t1", "t2", "t3"], onDelete: "restore" }));
        assert.deepEqual(ctx.logs, [
            'TaskRunState create on instance inst-1: 2 task(s) were already started before this resource changed anything (t1, t3), so onDelete "restore" will leave them started. ' +
                'If an earlier `pulumi up` of this stack was killed while creating this resource, they may be its doing: see "Interrupted operations" in the README for what to check',
        ]);
        const keep = fakeContext({ fdi: new FakeFdi().addTasks(SCOPE, started("t1")) });
        await trs.create(keep, "id", runInputs({ taskIds: ["t1"] }));
        assert.deepEqual(keep.logs, []);
    });

    it("create writes only the tasks not in state and reports tasks in taskIds order with their first statuses", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [{ taskId: "t1", taskName: "one", status: "started", executeStatus: "RUNNING" }, ...stopped("t2", "t3")]);
        const ctx = fakeContext({ fdi });
        const out = runState(await trs.create(ctx, "id-1", runInputs({ taskIds: ["t3", "t1", "t2"] })));
        assert.deepEqual(writes(fdi), ["start t3,t2"]);
        assert.deepEqual(statuses(out), ["t3:started", "t1:started", "t2:started"]);
        assert.deepEqual(out.tasks[1], { taskId: "t1", taskName: "one", status: "started", executeStatus: "RUNNING" });
        assert.deepEqual(out.initialStatuses, { t3: "stopped", t1: "started", t2: "stopped" });
        assert.deepEqual(ctx.sleeps, [], "writes that show at once need no wait");
    });

    it("a listing that fails after the write keeps the statuses seen before it, as a partial failure", async () => {
        class FailingAfterWrite extends FakeFdi {
            override async listTasks(...args: Parameters<FakeFdi["listTasks"]>) {
                if (this.calls.batchOperate > 0) throw new Error("ListTasks failed (HTTP 503, FDI.9999, after 3 attempts)");
                return super.listTasks(...args);
            }
        }
        const fdi = new FailingAfterWrite().addTasks(SCOPE, stopped("t1", "t2"));
        const err = await rejection(trs.create(fakeContext({ fdi }), "id-9", runInputs({ taskIds: ["t1", "t2"] })), PartialFailureError);
        assert.equal(err.id, "id-9");
        assert.match(err.reasons[0], /^task t1: REQUEST_FAILED the start was sent but the tasks could not be read back: ListTasks failed/);
        const state = runState(err.properties);
        assert.deepEqual(state.initialStatuses, { t1: "stopped", t2: "stopped" }, "onDelete restore still knows the statuses before the write");
        assert.deepEqual(statuses(state), ["t1:stopped", "t2:stopped"], "not claimed started: the next up re-reads");
    });

    it("writes many tasks in calls of at most 10 from one full listing before and after", async () => {
        const ids = Array.from({ length: 25 }, (_, i) => `t${i}`);
        const fdi = new FakeFdi().addTasks(SCOPE, stopped(...ids));
        await trs.create(fakeContext({ fdi }), "id", runInputs({ taskIds: ids }));
        assert.deepEqual(
            fdi.batches.map((b) => b.ids.length),
            [10, 10, 5],
        );
        assert.equal(fdi.calls.batchOperate, 1);
        assert.deepEqual(fdi.listFilters, [undefined, undefined]);
    });

    it("counts FDI.3023 on start as done and waits for the listing to show it", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, stopped("t1", "t2"));
        // Someone else starts t2 between the listing and the write, and the next listing lags.
        fdi.beforeWrite = () => fdi.setStatus(SCOPE, "t2", "started", 1);
        const ctx = fakeContext({ fdi });
        const out = runState(await trs.create(ctx, "id", runInputs({ taskIds: ["t1", "t2"] })));
        assert.deepEqual(
            fdi.batches[0].failed.map((f) => `${f.taskId}:${f.errorCode}`),
            ["t2:FDI.3023"],
        );
        assert.deepEqual(statuses(out), ["t1:started", "t2:started"]);
        assert.deepEqual(ctx.sleeps, [2000]);
    });

    it("turns a per-task refusal into a PartialFailureError holding the true state", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, stopped("t1", "t2", "t3"));
        fdi.failTask("t2", { errorCode: "FDI.3083", errorMessage: "no scheduled plan", action: "start" });
        const ctx = fakeContext({ fdi });
        const err = await rejection(trs.create(ctx, "id-7", runInputs({ taskIds: ["t1", "t2", "t3"] })), PartialFailureError);
        assert.equal(err.code, "PARTIAL_FAILURE");
        assert.equal(err.id, "id-7");
        assert.deepEqual(err.reasons, ["task t2: FDI.3083 no scheduled plan"]);
        const truth = runState(err.properties);
        assert.deepEqual(statuses(truth), ["t1:started", "t2:stopped", "t3:started"]);
        assert.deepEqual(truth.initialStatuses, { t1: "stopped", t2: "stopped", t3: "stopped" });
        assert.deepEqual(ctx.sleeps, [], "a write the API refused is not waited for");
    });

    it("reports a task the instance does not list as NOT_FOUND without writing it", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, stopped("t1"));
        const err = await rejection(trs.create(fakeContext({ fdi }), "id", runInputs({ taskIds: ["t1", "ghost"] })), PartialFailureError);
        assert.deepEqual(writes(fdi), ["start t1"]);
        assert.equal(err.reasons.length, 1);
        assert.match(err.reasons[0], /^task ghost: NOT_FOUND /);
        assert.deepEqual(statuses(runState(err.properties)), ["t1:started", "ghost:missing"]);
    });

    it("reports a task deleted between listing and write (FDI.3021) as NOT_FOUND", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, stopped("t1", "t2"));
        fdi.beforeWrite = () => fdi.removeTask(SCOPE, "t2");
        const err = await rejection(trs.create(fakeContext({ fdi }), "id", runInputs({ taskIds: ["t1", "t2"] })), PartialFailureError);
        assert.equal(fdi.batches[0].failed[0]?.errorCode, "FDI.3021");
        assert.equal(err.reasons.length, 1);
        assert.match(err.reasons[0], /^task t2: NOT_FOUND /);
    });

    it("waits, polling at pollIntervalMs, for an acknowledged write to show", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, stopped("t1"));
        fdi.lagWrites("t1", 2);
        const ctx = fakeContext({ fdi, pollIntervalMs: 5000 });
        const out = runState(await trs.create(ctx, "id", runInputs({ taskIds: ["t1"] })));
        assert.deepEqual(statuses(out), ["t1:started"]);
        assert.deepEqual(ctx.sleeps, [5000, 5000]);
        assert.equal(fdi.calls.batchOperate, 1, "waiting does not write again");
    });

    it("gives up on an acknowledged write that never shows after 60 s of (fake) time: NOT_SETTLED", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, stopped("t1", "t2"));
        fdi.ignoreWrites("t1");
        const ctx = fakeContext({ fdi, pollIntervalMs: 5000 });
        const err = await rejection(trs.create(ctx, "id", runInputs({ taskIds: ["t1", "t2"] })), PartialFailureError);
        assert.equal(err.reasons.length, 1);
        assert.match(err.reasons[0], /^task t1: NOT_SETTLED .*still stopped after 60 s/);
        assert.ok(ctx.elapsed() >= 60_000 && ctx.elapsed() < 65_000, `waited ${ctx.elapsed()} ms of fake time`);
        assert.ok(
            ctx.sleeps.every((ms) => ms === 5000),
            String(ctx.sleeps),
        );
        assert.equal(fdi.calls.batchOperate, 1);
        assert.deepEqual(statuses(runState(err.properties)), ["t1:stopped", "t2:started"]);
    });

    it("update keeps the first-seen initialStatuses and adds those of new tasks", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [...stopped("t1"), ...started("t2")]);
        const ctx = fakeContext({ fdi });
        const created = runState(await trs.create(ctx, "id", runInputs({ taskIds: ["t1"] })));
        assert.deepEqual(created.initialStatuses, { t1: "stopped" });
        const updated = runState(await trs.update(ctx, "id", created, runInputs({ taskIds: ["t1", "t2"], state: "stopped" })));
        assert.deepEqual(updated.initialStatuses, { t1: "stopped", t2: "started" });
        assert.deepEqual(statuses(updated), ["t1:stopped", "t2:stopped"]);
        assert.deepEqual(writes(fdi), ["start t1", "stop t1,t2"]);
    });

    it("read re-observes the tasks without writing", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, stopped("t1", "t2"));
        const ctx = fakeContext({ fdi });
        const inputs = runInputs({ taskIds: ["t1", "t2"] });
        const created = runState(await trs.create(ctx, "id", inputs));
        fdi.setStatus(SCOPE, "t2", "stopped");
        const read = runState(await trs.read(ctx, "id", created));
        assert.deepEqual(statuses(read), ["t1:started", "t2:stopped"]);
        assert.deepEqual(read.initialStatuses, created.initialStatuses);
        assert.equal(fdi.calls.batchOperate, 1, "only create wrote");
        assert.equal(diffResource(taskRunState, read, { ...inputs }).changes, true, "the drift read found is a change");
    });

    describe("delete", () => {
        const stateOf = (over: Props) => runState({ ...runInputs({ taskIds: ["t1", "t2", "t3", "t4"] }), ...over });

        it('"keep" leaves the tasks alone, makes no call and says so', async () => {
            const ctx = fakeContext();
            await trs.delete(ctx, "id", stateOf({ onDelete: "keep" }));
            assert.deepEqual(ctx.fdi.calls, { listTasks: 0, showTask: 0, batchOperate: 0, resetMultiTask: 0, findTasks: 0, listMonitors: 0 });
            assert.equal(ctx.logs.length, 1);
            assert.match(ctx.logs[0], /"keep"\) on instance inst-1: 4 task\(s\) left as they are/);
        });

        it('"stop" stops the started tasks only and skips missing ones', async () => {
            const fdi = new FakeFdi().addTasks(SCOPE, [...started("t1", "t3"), ...stopped("t2")]);
            await trs.delete(fakeContext({ fdi }), "id", stateOf({ onDelete: "stop" }));
            assert.deepEqual(writes(fdi), ["stop t1,t3"]);
        });

        it('"restore" returns each task to its initial status', async () => {
            const fdi = new FakeFdi().addTasks(SCOPE, [...started("t1", "t2"), ...stopped("t3", "t4")]);
            const state = stateOf({ onDelete: "restore", initialStatuses: { t1: "started", t2: "stopped", t3: "stopped", t4: "started" } });
            await trs.delete(fakeContext({ fdi }), "id", state);
            assert.deepEqual(writes(fdi), ["start t4", "stop t2"]);
        });

        it('"restore" takes FDI.3023 (started meanwhile) as done', async () => {
            const fdi = new FakeFdi().addTasks(SCOPE, [...started("t1"), ...stopped("t2")]);
            fdi.beforeWrite = () => fdi.setStatus(SCOPE, "t2", "started");
            await trs.delete(
                fakeContext({ fdi }),
                "id",
                stateOf({ taskIds: ["t1", "t2"], onDelete: "restore", initialStatuses: { t1: "started", t2: "started" } }),
            );
            assert.deepEqual(
                fdi.batches.map((b) => b.failed.map((f) => `${f.taskId}:${f.errorCode}`)),
                [["t2:FDI.3023"]],
            );
        });

        it("a task that cannot be restored fails the delete, naming the task; the other writes still happen", async () => {
            const fdi = new FakeFdi().addTasks(SCOPE, [...started("t1", "t2"), ...stopped("t3", "t4")]);
            fdi.failTask("t4", { errorCode: "FDI.3083", errorMessage: "no scheduled plan", action: "start" });
            const state = stateOf({ onDelete: "restore", initialStatuses: { t1: "started", t2: "stopped", t3: "stopped", t4: "started" } });
            const err = await rejection(trs.delete(fakeContext({ fdi }), "id", state), Error);
            assert.match(err.message, /task t4: FDI\.3083/);
            assert.doesNotMatch(err.message, /task t2/);
            assert.equal(fdi.task(SCOPE, "t2")?.status, "stopped");
        });
    });

    it("lists up to 3 tasks one by one (filtered) and more with one full listing", async () => {
        const ids = ["t1", "t2", "t3", "t4"];
        const fdi = new FakeFdi().addTasks(SCOPE, started(...ids));
        const ctx = fakeContext({ fdi });
        await trs.read(ctx, "id", runState(runInputs({ taskIds: ids.slice(0, 3) })));
        assert.deepEqual(fdi.listFilters, ["t1", "t2", "t3"]);
        const read = runState(await trs.read(ctx, "id", runState(runInputs({ taskIds: ids }))));
        assert.deepEqual(fdi.listFilters, ["t1", "t2", "t3", undefined]);
        assert.deepEqual(statuses(read), ["t1:started", "t2:started", "t3:started", "t4:started"]);
    });

    it("uses the resource's projectId over the context's default", async () => {
        const other = { projectId: "proj-other", instanceId: SCOPE.instanceId };
        const fdi = new FakeFdi().addTasks(SCOPE, stopped("t1")).addTasks(other, stopped("t1"));
        await trs.create(fakeContext({ fdi }), "id", runInputs({ taskIds: ["t1"], projectId: "proj-other" }));
        assert.deepEqual(
            fdi.batches.map((b) => b.scope.projectId),
            ["proj-other"],
        );
        assert.equal(fdi.task(other, "t1")?.status, "started");
        assert.equal(fdi.task(SCOPE, "t1")?.status, "stopped");
    });
});

describe("TaskProgressReset handler", () => {
    const resetInputs = (over: Props = {}) => TaskProgressResetInputs.parse({ instanceId: SCOPE.instanceId, taskId: "m1", ...over });
    const fdiWithM1 = () => new FakeFdi().addTasks(SCOPE, stopped("m1"));

    it("create resets from dateFrom in milliseconds and records the answer and time", async () => {
        const ctx = fakeContext({ fdi: fdiWithM1(), now: START });
        const out = await reset.create(ctx, "id", resetInputs({ dateFrom: "2021-08-27T08:25:14Z" }));
        assert.deepEqual(ctx.fdi.resets, [{ scope: SCOPE, taskId: "m1", dateFrom: 1630052714000 }]);
        assert.equal(out.message, "Reset Success");
        assert.equal(out.resetAt, "2026-01-01T00:00:00.000Z");
        assert.equal(out.dateFrom, 1630052714000);
    });

    it("create without dateFrom resets without one", async () => {
        const ctx = fakeContext({ fdi: fdiWithM1() });
        const out = await reset.create(ctx, "id", resetInputs());
        assert.deepEqual(ctx.fdi.resets, [{ scope: SCOPE, taskId: "m1", dateFrom: undefined }]);
        assert.equal(out.dateFrom, undefined);
    });

    it("update carries message and resetAt forward without a call; read makes no call", async () => {
        const ctx = fakeContext({ fdi: fdiWithM1() });
        const olds = TaskProgressResetState.parse({ ...resetInputs(), message: "Reset Success", resetAt: "2025-05-05T00:00:00.000Z", stateVersion: 1 });
        const updated = await reset.update(ctx, "id", olds, resetInputs({ triggers: [1] }));
        assert.equal(updated.message, "Reset Success");
        assert.equal(updated.resetAt, "2025-05-05T00:00:00.000Z");
        assert.deepEqual(updated.triggers, [1]);
        assert.deepEqual(await reset.read(ctx, "id", olds), olds);
        assert.deepEqual(ctx.fdi.calls, { listTasks: 0, showTask: 0, batchOperate: 0, resetMultiTask: 0, findTasks: 0, listMonitors: 0 });
    });

    it("diff replaces on a change of any input, unknown values included", () => {
        const oneShotDiff = (olds: TaskProgressResetState, news: Props) => {
            const { changes, replaces } = diffResource(taskProgressReset, olds, news);
            return { changes, replaces };
        };
        const base = { instanceId: "inst-1", taskId: "m1", dateFrom: 1630052714000, triggers: [1] };
        const olds = TaskProgressResetState.parse({ ...base, message: "Reset Success", resetAt: "2025-05-05T00:00:00.000Z", stateVersion: 1 });
        assert.deepEqual(oneShotDiff(olds, { ...base }), { changes: false, replaces: [] });
        const changes: [string, unknown][] = [
            ["instanceId", "inst-2"],
            ["taskId", "m2"],
            ["dateFrom", 1630052715000],
            ["dateFrom", undefined],
            ["projectId", "proj-2"],
            ["triggers", [2]],
            ["taskId", UNKNOWN],
        ];
        for (const [key, value] of changes) {
            assert.deepEqual(oneShotDiff(olds, { ...base, [key]: value }), { changes: true, replaces: [key] }, `${key} = ${String(value)}`);
        }
    });
});

describe("DrsJobRetry handler", () => {
    const retryInputs = (over: Props = {}) => DrsJobRetryInputs.parse({ jobIds: ["j1", "j2"], ...over });

    it("a status read that fails after the retry keeps the jobs resumed, so the next update waits instead of retrying", async () => {
        class StatusDown extends FakeDrs {
            down = true;
            override async batchStatus(...args: Parameters<FakeDrs["batchStatus"]>) {
                if (this.down) throw new Error("BatchListJobStatus failed (HTTP 503, after 6 attempts)");
                return super.batchStatus(...args);
            }
        }
        const fake = new StatusDown({ j1: {} });
        const ctx = fakeContext({ drs: fake });
        const inputs = retryInputs({ jobIds: ["j1"], waitFor: "transferring" });
        const err = await rejection(drs.create(ctx, "id-7", inputs), PartialFailureError);
        assert.equal(err.id, "id-7");
        assert.match(err.reasons[0], /^job j1: REQUEST_FAILED resumed, but its status could not be read: BatchListJobStatus failed/);
        const saved = jobState(err.properties);
        assert.deepEqual(saved.results, [{ jobId: "j1", status: "success" }], "the retry is not lost");
        fake.down = false;
        const next = jobState(await drs.update(ctx, "id-7", saved, inputs));
        assert.equal(fake.calls.batchRetry, 1, "the next update only waits");
        assert.deepEqual(next.jobStatuses, { j1: "INCRE_TRANSFER_STARTED" });
    });
    const refused = { errorCode: "DRS.TEST_REFUSED", errorMessage: "job cannot be retried now" };

    it("create retries every job once in the resource's project, passing isSyncReEdit, without waiting by default", async () => {
        const fake = new FakeDrs({ j1: { status: "INCRE_TRANSFER_FAILED" }, j2: { status: "FULL_TRANSFER_FAILED" } });
        const ctx = fakeContext({ drs: fake });
        const out = await drs.create(ctx, "id", retryInputs({ isSyncReEdit: true, projectId: "proj-x" }));
        assert.deepEqual(fake.projects, ["proj-x"]);
        assert.deepEqual(fake.retries, [
            [
                { jobId: "j1", isSyncReEdit: true },
                { jobId: "j2", isSyncReEdit: true },
            ],
        ]);
        assert.deepEqual(out.results, [
            { jobId: "j1", status: "success" },
            { jobId: "j2", status: "success" },
        ]);
        assert.equal(fake.calls.batchStatus, 0);
        assert.equal(out.jobStatuses, undefined);
    });

    it("a refused job gives a PartialFailureError whose properties keep the others' success", async () => {
        const fake = new FakeDrs({ j1: {}, j2: { retryFailure: refused }, j3: {} });
        const err = await rejection(drs.create(fakeContext({ drs: fake }), "id-3", retryInputs({ jobIds: ["j1", "j2", "j3"] })), PartialFailureError);
        assert.equal(err.code, "PARTIAL_FAILURE");
        assert.equal(err.id, "id-3");
        assert.deepEqual(err.reasons, ["job j2: DRS.TEST_REFUSED job cannot be retried now"]);
        assert.deepEqual(jobState(err.properties).results, [
            { jobId: "j1", status: "success" },
            { jobId: "j2", status: "failed", ...refused },
            { jobId: "j3", status: "success" },
        ]);
    });

    it("update after a partial failure retries only the failed and not-yet-retried jobs", async () => {
        const fake = new FakeDrs({ j1: {}, j2: { retryFailure: refused }, j3: {} });
        const ctx = fakeContext({ drs: fake });
        const inputs = retryInputs({ jobIds: ["j1", "j2", "j3"] });
        const err = await rejection(drs.create(ctx, "id", inputs), PartialFailureError);
        fake.job("j2").retryFailure = undefined;
        const out = await drs.update(ctx, "id", jobState(err.properties), inputs);
        assert.deepEqual(
            fake.retries.map((r) => r.map((j) => j.jobId)),
            [["j1", "j2", "j3"], ["j2"]],
        );
        assert.ok(out.results.every((r) => r.status === "success"));

        const olds = jobState({
            ...inputs,
            results: [
                { jobId: "j1", status: "success" },
                { jobId: "j2", status: "failed", ...refused },
            ],
        });
        await drs.update(ctx, "id", olds, inputs);
        assert.deepEqual(
            fake.retries[2].map((j) => j.jobId),
            ["j2", "j3"],
            "j3 has no result at all, so it counts as not retried",
        );
    });

    it('waitFor "transferring" polls every retried job until it transfers', async () => {
        const fake = new FakeDrs({ j1: {}, j2: { settleAfterPolls: 3, statusAfterRetry: "FULL_TRANSFER_STARTED" }, j3: { retryFailure: refused } });
        const ctx = fakeContext({ drs: fake, pollIntervalMs: 1000 });
        const err = await rejection(drs.create(ctx, "id", retryInputs({ jobIds: ["j1", "j2", "j3"], waitFor: "transferring" })), PartialFailureError);
        assert.deepEqual(ctx.sleeps, [1000, 1000, 1000]);
        assert.ok(
            fake.statusQueries.every((q) => !q.includes("j3")),
            "a job whose retry was refused is not waited for",
        );
        assert.deepEqual(jobState(err.properties).jobStatuses, { j1: "INCRE_TRANSFER_STARTED", j2: "FULL_TRANSFER_STARTED" });
        assert.deepEqual(err.reasons, ["job j3: DRS.TEST_REFUSED job cannot be retried now"]);
    });

    it("a job that fails again while waited for is marked failed, so the next update retries it", async () => {
        const fake = new FakeDrs({ j1: {}, j2: { settleAfterPolls: 1, statusAfterRetry: "INCRE_TRANSFER_FAILED" } });
        const ctx = fakeContext({ drs: fake, pollIntervalMs: 1000 });
        const inputs = retryInputs({ waitFor: "transferring" });
        const err = await rejection(drs.create(ctx, "id", inputs), PartialFailureError);
        assert.deepEqual(err.reasons, ["job j2: INCRE_TRANSFER_FAILED job is INCRE_TRANSFER_FAILED"]);
        const truth = jobState(err.properties);
        assert.deepEqual(
            truth.results.map((r) => `${r.jobId}:${r.status}:${r.errorCode ?? ""}`),
            ["j1:success:", "j2:failed:INCRE_TRANSFER_FAILED"],
        );
        assert.deepEqual(truth.jobStatuses, { j1: "INCRE_TRANSFER_STARTED", j2: "INCRE_TRANSFER_FAILED" });

        fake.job("j2").statusAfterRetry = "INCRE_TRANSFER_STARTED";
        const out = await drs.update(ctx, "id", truth, inputs);
        assert.deepEqual(
            fake.retries.map((r) => r.map((j) => j.jobId)),
            [["j1", "j2"], ["j2"]],
        );
        assert.deepEqual(out.jobStatuses, { j1: "INCRE_TRANSFER_STARTED", j2: "INCRE_TRANSFER_STARTED" });
    });

    it("a failed job does not end the wait for the others: every job that did not resume is named", async () => {
        const fake = new FakeDrs({ j1: { settleAfterPolls: 2 }, j2: { statusAfterRetry: "INCRE_TRANSFER_FAILED" }, j3: { settleAfterPolls: Infinity } });
        const ctx = fakeContext({ drs: fake, pollIntervalMs: 1000 });
        const err = await rejection(
            drs.create(ctx, "id", retryInputs({ jobIds: ["j1", "j2", "j3"], waitFor: "transferring", timeoutSeconds: 5 })),
            PartialFailureError,
        );
        assert.deepEqual(
            err.reasons.map((r) => r.split(":").slice(0, 2).join(":")),
            ["job j2: INCRE_TRANSFER_FAILED job is INCRE_TRANSFER_FAILED", "job j3: TIMEOUT still STARTJOBING after 5 s"],
        );
        const state = jobState(err.properties);
        assert.deepEqual(state.jobStatuses, { j1: "INCRE_TRANSFER_STARTED", j2: "INCRE_TRANSFER_FAILED", j3: "STARTJOBING" });
        assert.deepEqual(
            fake.statusQueries.map((q) => q.join(",")),
            ["j1,j2,j3", "j1,j3", "j1,j3", "j3", "j3", "j3"],
            "a settled job is no longer polled",
        );
    });

    it("after a TIMEOUT the next update waits again without retrying, and sees a job that failed since", async () => {
        const fake = new FakeDrs({ j1: { settleAfterPolls: Infinity } });
        const ctx = fakeContext({ drs: fake, pollIntervalMs: 3000 });
        const inputs = retryInputs({ jobIds: ["j1"], waitFor: "transferring", timeoutSeconds: 6 });
        const first = await rejection(drs.create(ctx, "id", inputs), PartialFailureError);
        fake.job("j1").status = "INCRE_TRANSFER_FAILED";
        fake.job("j1").settleAfterPolls = 0;
        const again = await rejection(drs.update(ctx, "id", jobState(first.properties), inputs), PartialFailureError);
        assert.equal(fake.calls.batchRetry, 1, "the job was resumed once; the update only waits");
        assert.deepEqual(again.reasons, ["job j1: INCRE_TRANSFER_FAILED job is INCRE_TRANSFER_FAILED"]);
        assert.deepEqual(jobState(again.properties).results, [
            { jobId: "j1", status: "failed", errorCode: "INCRE_TRANSFER_FAILED", errorMessage: "job is INCRE_TRANSFER_FAILED" },
        ]);
    });

    it("an update of jobs all seen transferring makes no call", async () => {
        const fake = new FakeDrs({ j1: {} });
        const ctx = fakeContext({ drs: fake });
        const inputs = retryInputs({ jobIds: ["j1"], waitFor: "transferring" });
        const done = jobState(await drs.create(ctx, "id", inputs));
        const calls = { ...fake.calls };
        assert.deepEqual(jobState(await drs.update(ctx, "id", done, inputs)).results, done.results);
        assert.deepEqual(fake.calls, calls);
    });

    it("a job still pending at timeoutSeconds gives TIMEOUT and is not marked failed", async () => {
        const fake = new FakeDrs({ j1: { settleAfterPolls: Infinity } });
        const ctx = fakeContext({ drs: fake, pollIntervalMs: 3000 });
        const inputs = retryInputs({ jobIds: ["j1"], waitFor: "transferring", timeoutSeconds: 10 });
        const err = await rejection(drs.create(ctx, "id", inputs), PartialFailureError);
        assert.equal(ctx.elapsed(), 10_000, "waits exactly up to the deadline");
        assert.deepEqual(err.reasons, ["job j1: TIMEOUT still STARTJOBING after 10 s"]);
        assert.deepEqual(jobState(err.properties).results, [{ jobId: "j1", status: "success" }]);
    });

    it("read records each job's status and retries nothing", async () => {
        const fake = new FakeDrs({ j1: { status: "INCRE_TRANSFER_STARTED" }, j2: {} });
        const ctx = fakeContext({ drs: fake });
        const state = jobState({ ...retryInputs(), results: [] });
        const out = await drs.read(ctx, "id", state);
        assert.deepEqual(out.jobStatuses, { j1: "INCRE_TRANSFER_STARTED" });
        assert.equal(fake.calls.batchRetry, 0);
    });
});

describe("dynamic adapter", () => {
    const PROVIDER = "serialized-provider-code";
    const runProps = (over: Props = {}): Props => ({ instanceId: SCOPE.instanceId, taskIds: ["t1"], state: "started", onDelete: "keep", ...over });

    function runProvider() {
        const fdi = new FakeFdi().addTasks(SCOPE, stopped("t1", "t2"));
        const ctx = fakeContext({ fdi });
        return { fdi, ctx, provider: dynamicProvider(taskRunState, () => ctx) };
    }

    /** Outputs of a create, as the host then stores them (with `__provider`). */
    async function created(): Promise<{ fdi: FakeFdi; provider: ReturnType<typeof runProvider>["provider"]; stored: Props }> {
        const { fdi, provider } = runProvider();
        const { outs } = await provider.create(runProps({ __provider: PROVIDER }));
        return { fdi, provider, stored: { ...outs, __provider: PROVIDER } };
    }

    it("create stamps stateVersion and drops undefined values at any depth", async () => {
        const { provider } = runProvider();
        const { id, outs } = await provider.create(runProps({ __provider: PROVIDER }));
        assert.match(id, /^[0-9a-f-]{36}$/);
        assert.equal(outs?.stateVersion, 1);
        assert.deepEqual(outs?.tasks, [{ taskId: "t1", status: "started" }]);

        const resetProvider = dynamicProvider(taskProgressReset, () => fakeContext({ fdi: new FakeFdi().addTasks(SCOPE, stopped("m1")) }));
        const r = await resetProvider.create({ instanceId: SCOPE.instanceId, taskId: "m1", __provider: PROVIDER });
        assert.ok(r.outs && !("dateFrom" in r.outs), "an absent dateFrom is no key at all");
    });

    it("a partial failure carries the input's __provider and the state version", async () => {
        const fake = new FakeDrs({ j1: {}, j2: { retryFailure: { errorCode: "DRS.TEST_REFUSED" } } });
        const provider = dynamicProvider(drsJobRetry, () => fakeContext({ drs: fake }));
        const err = await rejection(provider.create({ jobIds: ["j1", "j2"], waitFor: "none", timeoutSeconds: 600, __provider: PROVIDER }), PartialFailureError);
        assert.equal(err.properties.__provider, PROVIDER);
        assert.equal(err.properties.stateVersion, 1);
        assert.ok(!("jobStatuses" in err.properties), "undefined is dropped here too");

        const { fdi, provider: runs, stored } = await created();
        fdi.failTask("t2", { errorCode: "FDI.3083", action: "start" });
        const upd = await rejection(runs.update("id", stored, runProps({ taskIds: ["t1", "t2"], __provider: "newer-code" })), PartialFailureError);
        assert.equal(upd.properties.__provider, "newer-code", "update takes it from the new inputs");
    });

    it("read without state (import) is refused with the resource's reason", async () => {
        const { ctx, provider } = runProvider();
        for (const props of [undefined, {}, { __provider: PROVIDER }]) {
            const err = await rejection(provider.read("id", props), InputError);
            assert.equal(err.code, "INPUT");
            assert.equal(err.message, taskRunState.importRefusal);
        }
        assert.equal(ctx.fdi.calls.listTasks, 0);
    });

    it("read keeps __provider and re-stamps the state version", async () => {
        const { provider, stored } = await created();
        const { id, props } = await provider.read("id-9", stored);
        assert.equal(id, "id-9");
        assert.equal(props?.__provider, PROVIDER);
        assert.equal(props?.stateVersion, 1);
    });

    it("refuses state written by a newer version, before any call", async () => {
        const { fdi, provider, stored } = await created();
        const calls = fdi.calls.listTasks;
        const err = await rejection(provider.read("id", { ...stored, stateVersion: 99 }), InputError);
        assert.match(err.message, /newer pulumi-roma-tasks \(state version 99/);
        assert.equal(fdi.calls.listTasks, calls);
    });

    it("names a malformed stored field", async () => {
        const { provider, stored } = await created();
        const err = await rejection(provider.read("id", { ...stored, taskIds: "x" }), InputError);
        assert.match(err.message, /`taskIds`/);
    });

    it("reads state without stateVersion as version 1", async () => {
        const { provider, stored } = await created();
        const { stateVersion: _dropped, ...unversioned } = stored;
        const { props } = await provider.read("id", unversioned);
        assert.equal(props?.stateVersion, 1);
        assert.deepEqual(props?.taskIds, ["t1"]);
    });

    it("check names each bad property and lets unknown values through", async () => {
        const { provider } = runProvider();
        const bad = await provider.check({}, runProps({ taskIds: ["t1", "t1"], __provider: PROVIDER }));
        // The path leads the reason: the engine would print the value of a property `taskIds[1]` as {<nil>}.
        assert.deepEqual(
            bad.failures?.map((f) => f.property),
            [""],
        );
        assert.match(bad.failures?.[0]?.reason ?? "", /^taskIds\[1\]: duplicate of \[0\]/);

        const preview = await provider.check({}, { instanceId: UNKNOWN, taskIds: ["t1", UNKNOWN], state: "started", __provider: PROVIDER });
        assert.deepEqual(preview.failures, []);
        assert.equal(preview.inputs?.instanceId, UNKNOWN);
        assert.deepEqual(preview.inputs?.taskIds, ["t1", UNKNOWN]);
    });
});
