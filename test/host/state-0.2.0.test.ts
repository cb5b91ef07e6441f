// State written by 0.2.0 (test/fixtures/state-0.2.0), driven through the real dynamic-provider
// host with this package, as the engine drives a user's stack after an upgrade: the essential
// cases of state-0.1.0.test.ts. Read and Delete run with the `__provider` stored in state;
// Check, Diff and Update with the program's freshly captured one (ResourceFlow does that).
import { strict as assert } from "node:assert";
import type { SeedJob } from "../../provider/emulator/model";
import { INSTANCE, PROJECT, restartHost, writeCalls, type Stack, useStack } from "../support/engine";
import {
    cloudAsCaptured as capturedCloud,
    fromState,
    loadStateFixture,
    shimOf,
    STATE_FIXTURE_NAMES,
    type StateFixtureName,
    type BatchOperateBody,
    type StateFixture as Fixture,
} from "../support/state-fixtures";

const load = (name: StateFixtureName): Fixture => loadStateFixture("0.2.0", name);

describe("state written by 0.2.0, through the real provider host", function () {
    this.timeout(120_000);
    const current = useStack();
    let stack: Stack;
    before(() => (stack = current()));

    const cloudAsCaptured = (fx: Fixture) => capturedCloud(stack.emulator, fx);
    const operations = async () => (await stack.emulator.admin.requests()).map((r) => r.operation);
    const noCalls = async (why: string) => assert.deepEqual(await stack.emulator.admin.requests(), [], why);

    /** Refresh keeps every stored property (`keys` unchanged) and the stored provider; a preview then plans no change, offline. */
    async function refreshKeepsAndPlansNothing(fx: Fixture, name: string, keys: string[], only: string): Promise<void> {
        const flow = fromState(stack, fx, name);
        const refreshed = await flow.refresh();
        assert.deepEqual(
            (await operations()).filter((o) => o !== only),
            [],
            `refresh calls only ${only}`,
        );
        assert.deepEqual(
            Object.keys(fx.state).filter((k) => !(k in refreshed)),
            [],
            "no stored property dropped",
        );
        for (const k of keys) assert.deepEqual(refreshed[k], fx.state[k], k);
        assert.equal(refreshed.__provider, fx.state.__provider);
        await stack.emulator.admin.clearRequests();
        const pv = await flow.preview(fx.inputs);
        assert.deepEqual(pv.failures, []);
        assert.equal(pv.diff?.changes, "none");
        await noCalls("preview stays offline");
        // What the test does next (a destroy) is a command of its own: a new provider process.
        await restartHost(stack);
    }

    for (const name of STATE_FIXTURE_NAMES) {
        it(`${name}: 0.2.0's serialized provider requires only its exported shim; state version 1; this stack's project`, () => {
            const fx = load(name);
            assert.equal(fx.type, `pulumi-nodejs:dynamic/roma:${fx.kind}`);
            assert.deepEqual(
                [...fx.state.__provider.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]),
                [shimOf(fx.kind)],
            );
            assert.equal(fx.state.stateVersion, 1);
            assert.equal(fx.config["roma:projectId"], PROJECT);
        });
    }

    it("TaskRunState (12 started, onDelete restore): refresh keeps the state and plans no change; destroy restores every task", async () => {
        const fx = load("task-run-state-started");
        await cloudAsCaptured(fx);
        await refreshKeepsAndPlansNothing(fx, "started", ["tasks", "initialStatuses", "settleTimeoutSeconds", "state", "onDelete"], "ListTasks");
        await fromState(stack, fx, "started-destroy").destroy();
        const ids = fx.inputs.taskIds as string[];
        const stopped = (await writeCalls(stack)).flatMap((w) => (w.body as BatchOperateBody).list.map((t) => t.task_id));
        assert.deepEqual(stopped.sort(), [...ids].sort());
        assert.ok((await stack.emulator.admin.state()).tasks.filter((t) => ids.includes(t.taskId)).every((t) => t.status === 0));
    });

    it("TaskRunState (onDelete keep): refresh keeps the state; destroy writes nothing", async () => {
        const fx = load("task-run-state-stopped-keep");
        await cloudAsCaptured(fx);
        await refreshKeepsAndPlansNothing(fx, "keep", ["tasks", "initialStatuses", "state", "onDelete"], "ListTasks");
        await fromState(stack, fx, "keep-destroy").destroy();
        assert.deepEqual(await writeCalls(stack), []);
    });

    it("TaskRunState partial failure: once the plan exists, up runs Update and starts only task-002", async () => {
        const fx = load("task-run-state-partial");
        await cloudAsCaptured(fx);
        await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: "task-002", scheduled: true }] });
        await stack.emulator.admin.clearRequests();
        const flow = fromState(stack, fx, "partial-up");
        assert.equal((await flow.up(fx.inputs)).action, "update");
        const writes = await writeCalls(stack);
        assert.equal(writes.length, 1);
        assert.deepEqual((writes[0].body as BatchOperateBody).list, [{ task_id: "task-002" }]);
        assert.deepEqual(flow.state.initialStatuses, fx.state.initialStatuses);
    });

    it("TaskProgressReset: refresh makes no call; the program's unchanged inputs plan no change; destroy makes no call", async () => {
        const fx = load("task-progress-reset");
        await cloudAsCaptured(fx);
        await refreshKeepsAndPlansNothing(fx, "reset", ["message", "resetAt", "dateFrom", "triggers"], "none");
        await fromState(stack, fx, "reset-destroy").destroy();
        await noCalls("a reset cannot be undone");
    });

    it("DrsJobRetry (waited): refresh reads job statuses only, never retries; preview plans no change", async () => {
        const fx = load("drs-job-retry-waited");
        await cloudAsCaptured(fx);
        await refreshKeepsAndPlansNothing(fx, "waited", ["results", "jobStatuses", "jobIds", "waitFor", "timeoutSeconds"], "BatchListJobStatus");
    });

    it("DrsJobRetry partial failure: once the job can be resumed, up runs Update and retries only job-failed-2", async () => {
        const fx = load("drs-job-retry-partial");
        await cloudAsCaptured(fx);
        const captured = fx.emulatorSeed.jobs?.find((j) => j.jobId === "job-failed-2");
        assert.ok(captured);
        const { retryOutcome: _failed, ...rest } = captured;
        const retryable: SeedJob = { ...rest, status: "INCRE_TRANSFER_FAILED" };
        await stack.emulator.admin.seed({ jobs: [retryable] });
        await stack.emulator.admin.clearRequests();
        const flow = fromState(stack, fx, "partial-retry");
        assert.equal((await flow.up(fx.inputs)).action, "update");
        const retries = await writeCalls(stack, "BatchRestoreTask");
        assert.deepEqual(
            retries.flatMap((r) => (r.body as { jobs: { job_id: string }[] }).jobs.map((j) => j.job_id)),
            ["job-failed-2"],
        );
        assert.equal((await stack.emulator.admin.state()).jobs.find((j) => j.jobId === "job-paused-1")?.retries, 0);
    });
});
