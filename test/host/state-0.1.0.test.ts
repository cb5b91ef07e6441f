// State written by 0.1.0 (test/fixtures/state-0.1.0), driven through the real dynamic-provider
// host with this package, as the engine drives a user's stack after the upgrade. The engine runs
// Read and Delete with the `__provider` stored in state (0.1.0's string) and Check, Diff and
// Update with the program's new one, so each flow starts from the fixture's state untouched and
// only preview/up pass the freshly captured provider (ResourceFlow does that).
import { strict as assert } from "node:assert";
import type { SeedJob } from "../../provider/emulator/model";
import { INSTANCE, PROJECT, ResourceFlow, writeCalls, type Stack, useStack } from "../support/engine";
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
import { HostCallError } from "../support/host";

type Obj = Record<string, unknown>;

interface TaskView {
    taskId: string;
    taskName?: string;
    status: string;
    executeStatus?: string;
}
interface JobResult {
    jobId: string;
    status: string;
    errorCode?: string;
}
interface BatchRetryBody {
    jobs: { job_id: string; is_sync_re_edit?: boolean }[];
}

const load = (name: StateFixtureName): Fixture => loadStateFixture("0.1.0", name);

const tasksOf = (state: Obj) => state.tasks as TaskView[];
const resultsOf = (state: Obj) => state.results as JobResult[];

describe("state written by 0.1.0, through the real provider host", function () {
    this.timeout(120_000);
    const current = useStack();
    let stack: Stack;
    before(() => (stack = current()));

    const cloudAsCaptured = (fx: Fixture) => capturedCloud(stack.emulator, fx);
    const operations = async () => (await stack.emulator.admin.requests()).map((r) => r.operation);
    const noCalls = async (why: string) => assert.deepEqual(await stack.emulator.admin.requests(), [], why);

    /** A preview with the fixture's program inputs plans `changes` (never a replacement) and calls nothing. */
    async function previewPlans(flow: ResourceFlow, fx: Fixture, changes: "none" | "some"): Promise<void> {
        const pv = await flow.preview(fx.inputs);
        assert.deepEqual(pv.failures, []);
        assert.equal(pv.diff?.changes, changes);
        assert.deepEqual(pv.diff?.replaces, []);
        await noCalls("preview stays offline");
    }
    const plansNoChangeOffline = (flow: ResourceFlow, fx: Fixture) => previewPlans(flow, fx, "none");
    const plansUpdateOffline = (flow: ResourceFlow, fx: Fixture) => previewPlans(flow, fx, "some");

    /** After a refresh: the same stored state, with the stored provider and the version 0.1.0 wrote. */
    function assertKept(fx: Fixture, refreshed: Obj, keys: string[]): void {
        assert.deepEqual(
            Object.keys(fx.state).filter((k) => !(k in refreshed)),
            [],
            "no stored property dropped",
        );
        for (const k of keys) assert.deepEqual(refreshed[k], fx.state[k], k);
        assert.equal(refreshed.stateVersion, 1);
        assert.equal(refreshed.__provider, fx.state.__provider, "the stored __provider stays in state");
    }

    describe("the fixtures", () => {
        for (const name of STATE_FIXTURE_NAMES) {
            it(`${name}: 0.1.0's serialized provider requires only its exported shim; state version 1; this stack's project`, () => {
                const fx = load(name);
                assert.equal(fx.type, `pulumi-nodejs:dynamic/roma:${fx.kind}`);
                const requires = [...fx.state.__provider.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
                assert.deepEqual(requires, [shimOf(fx.kind)]);
                assert.equal(fx.state.stateVersion, 1);
                assert.equal(fx.config["roma:projectId"], PROJECT);
                assert.equal(stack.config["roma:projectId"], fx.config["roma:projectId"]);
            });
        }
    });

    describe("TaskRunState: 12 tasks started, onDelete restore", () => {
        const fx = load("task-run-state-started");
        const ids = fx.inputs.taskIds as string[];
        beforeEach(() => cloudAsCaptured(fx));

        it("refresh lists tasks only and returns the same tasks, initial statuses and inputs", async () => {
            const flow = fromState(stack, fx, "started-refresh");
            const refreshed = await flow.refresh();
            const ops = await operations();
            assert.ok(ops.length > 0);
            assert.deepEqual(
                ops.filter((o) => o !== "ListTasks"),
                [],
            );
            assertKept(fx, refreshed, ["tasks", "initialStatuses", "instanceId", "taskIds", "state", "onDelete"]);
        });

        it("a preview with the program's unchanged inputs plans no change, offline", async () => {
            const flow = fromState(stack, fx, "started-preview");
            await plansNoChangeOffline(flow, fx);
        });

        it("two tasks stopped by hand: refresh shows them, preview plans an update, up starts exactly those two", async () => {
            const drifted = [ids[3], ids[8]];
            await stack.emulator.admin.seed({ tasks: drifted.map((taskId) => ({ projectId: PROJECT, instanceId: INSTANCE, taskId, status: "stopped" })) });
            const flow = fromState(stack, fx, "started-drift");
            await flow.refresh();
            assert.deepEqual(
                tasksOf(flow.state)
                    .filter((t) => t.status !== "started")
                    .map((t) => [t.taskId, t.status]),
                drifted.map((id) => [id, "stopped"]),
            );

            await stack.emulator.admin.clearRequests();
            await plansUpdateOffline(flow, fx);

            assert.equal((await flow.up(fx.inputs)).action, "update");
            const writes = await writeCalls(stack);
            assert.equal(writes.length, 1);
            const body = writes[0].body as BatchOperateBody;
            assert.equal(body.action_id, "start");
            assert.deepEqual(body.list.map((t) => t.task_id).sort(), [...drifted].sort());
            assert.ok(tasksOf(flow.state).every((t) => t.status === "started"));
            // What restore will go back to must survive the update, or a later destroy would leave tasks running.
            assert.deepEqual(flow.state.initialStatuses, fx.state.initialStatuses);
            assert.equal(flow.state.stateVersion, 1);
            assert.equal(flow.state.__provider, stack.providers.TaskRunState.provider, "after Update the engine stores the program's provider");
        });

        it("destroy with the stored provider restores every task to its initial status (all 12 stopped)", async () => {
            const flow = fromState(stack, fx, "started-destroy");
            assert.equal(flow.state.__provider, fx.state.__provider);
            await flow.destroy();
            const writes = await writeCalls(stack);
            assert.ok(writes.length > 0);
            const bodies = writes.map((w) => w.body as BatchOperateBody);
            assert.ok(bodies.every((b) => b.action_id === "stop"));
            assert.deepEqual(bodies.flatMap((b) => b.list.map((t) => t.task_id)).sort(), [...ids].sort());
            const cloud = (await stack.emulator.admin.state()).tasks.filter((t) => ids.includes(t.taskId));
            assert.equal(cloud.length, 12);
            assert.ok(
                cloud.every((t) => t.status === 0),
                "all 12 stopped",
            );
        });
    });

    describe("TaskRunState: 3 tasks stopped, onDelete keep", () => {
        const fx = load("task-run-state-stopped-keep");
        beforeEach(() => cloudAsCaptured(fx));

        it("refresh lists tasks only and keeps the state; preview plans no change", async () => {
            const flow = fromState(stack, fx, "keep-refresh");
            const refreshed = await flow.refresh();
            const reqs = await stack.emulator.admin.requests();
            assert.ok(reqs.length > 0);
            assert.deepEqual(
                reqs.filter((r) => r.operation !== "ListTasks").map((r) => r.operation),
                [],
            );
            // Whichever costs fewer calls: per-task filtered reads, or one page of this small
            // instance once its size is known.
            assert.ok(reqs.length <= (fx.inputs.taskIds as string[]).length, `${reqs.length} listing calls`);
            assertKept(fx, refreshed, ["tasks", "initialStatuses", "instanceId", "taskIds", "state", "onDelete"]);

            await stack.emulator.admin.clearRequests();
            await plansNoChangeOffline(flow, fx);
        });

        it("destroy (onDelete keep) writes nothing and leaves the tasks as they are", async () => {
            const before = (await stack.emulator.admin.state()).tasks.map((t) => [t.taskId, t.status]);
            await fromState(stack, fx, "keep-destroy").destroy();
            assert.deepEqual(await writeCalls(stack), []);
            assert.deepEqual(
                (await stack.emulator.admin.state()).tasks.map((t) => [t.taskId, t.status]),
                before,
            );
        });
    });

    describe("TaskRunState: partial failure, task-002 without a scheduled plan", () => {
        const fx = load("task-run-state-partial");
        const ids = fx.inputs.taskIds as string[];
        beforeEach(() => cloudAsCaptured(fx));

        it("the saved partial state refreshes and plans an update for the task still stopped", async () => {
            const flow = fromState(stack, fx, "partial-refresh");
            const refreshed = await flow.refresh();
            assertKept(fx, refreshed, ["tasks", "initialStatuses", "taskIds"]);
            await stack.emulator.admin.clearRequests();
            await plansUpdateOffline(flow, fx);
        });

        it("once the plan exists, up runs Update (init error) and starts only task-002", async () => {
            await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: "task-002", scheduled: true }] });
            await stack.emulator.admin.clearRequests();
            const flow = fromState(stack, fx, "partial-up");
            assert.equal(flow.initError, true);

            assert.equal((await flow.up(fx.inputs)).action, "update");
            const writes = await writeCalls(stack);
            assert.equal(writes.length, 1);
            const body = writes[0].body as BatchOperateBody;
            assert.equal(body.action_id, "start");
            assert.deepEqual(body.list, [{ task_id: "task-002" }]);

            assert.equal(flow.initError, false);
            assert.deepEqual(
                tasksOf(flow.state).map((t) => [t.taskId, t.status]),
                ids.map((id) => [id, "started"]),
            );
            assert.deepEqual(flow.state.initialStatuses, fx.state.initialStatuses);
            const cloud = (await stack.emulator.admin.state()).tasks.filter((t) => ids.includes(t.taskId));
            assert.equal(cloud.length, 5);
            assert.ok(cloud.every((t) => t.status === 1));
        });
    });

    describe("TaskProgressReset", () => {
        const fx = load("task-progress-reset");
        beforeEach(() => cloudAsCaptured(fx));

        it("refresh makes no call and keeps message, resetAt and dateFrom (ms)", async () => {
            const flow = fromState(stack, fx, "reset-refresh");
            const refreshed = await flow.refresh();
            await noCalls("there is no API to read a reset back");
            assertKept(fx, refreshed, ["message", "resetAt", "dateFrom", "instanceId", "taskId", "triggers"]);
            assert.equal(refreshed.dateFrom, Date.UTC(2026, 10, 1));
        });

        it("the program's ISO dateFrom equals the stored ms: no change, and up resets nothing", async () => {
            const flow = fromState(stack, fx, "reset-preview");
            assert.equal(typeof fx.inputs.dateFrom, "string");
            const pv = await flow.preview(fx.inputs);
            assert.deepEqual(pv.failures, []);
            assert.equal(pv.diff?.changes, "none");
            assert.deepEqual(pv.diff?.replaces, []);
            assert.equal((await flow.up(fx.inputs)).action, "same");
            await noCalls("an unchanged reset must not run again");
        });

        it("changed triggers plan a replacement", async () => {
            const pv = await fromState(stack, fx, "reset-triggers").preview({ ...fx.inputs, triggers: ["run-2"] });
            assert.equal(pv.diff?.changes, "some");
            assert.deepEqual(pv.diff?.replaces, ["triggers"]);
            await noCalls("preview stays offline");
        });

        it("destroy makes no call", async () => {
            await fromState(stack, fx, "reset-destroy").destroy();
            await noCalls("a reset cannot be undone");
        });
    });

    describe("DrsJobRetry: two jobs retried and waited for", () => {
        const fx = load("drs-job-retry-waited");
        beforeEach(() => cloudAsCaptured(fx));

        it("refresh reads job statuses only, never retries; preview plans no change", async () => {
            const flow = fromState(stack, fx, "waited-refresh");
            const refreshed = await flow.refresh();
            const ops = await operations();
            assert.ok(ops.includes("BatchListJobStatus"));
            assert.deepEqual(
                ops.filter((o) => o !== "BatchListJobStatus"),
                [],
                "no BatchRestoreTask",
            );
            assertKept(fx, refreshed, ["results", "jobStatuses", "jobIds", "waitFor", "timeoutSeconds"]);

            await stack.emulator.admin.clearRequests();
            await plansNoChangeOffline(flow, fx);
        });

        it("destroy makes no call", async () => {
            await fromState(stack, fx, "waited-destroy").destroy();
            await noCalls("a retry cannot be undone");
        });
    });

    describe("DrsJobRetry: partial failure, job-failed-2 not resumed", () => {
        const fx = load("drs-job-retry-partial");
        beforeEach(() => cloudAsCaptured(fx));

        it("once the job can be resumed, up runs Update (init error) and retries only job-failed-2", async () => {
            const captured = fx.emulatorSeed.jobs?.find((j) => j.jobId === "job-failed-2");
            assert.ok(captured);
            const { retryOutcome: _failed, ...rest } = captured;
            const retryable: SeedJob = { ...rest, status: "INCRE_TRANSFER_FAILED" };
            await stack.emulator.admin.seed({ jobs: [retryable] });
            await stack.emulator.admin.clearRequests();

            const flow = fromState(stack, fx, "partial-retry");
            // No input changed, so the Update below is owed to the init error alone.
            assert.equal((await flow.preview(fx.inputs)).diff?.changes, "none");
            await noCalls("preview stays offline");

            assert.equal((await flow.up(fx.inputs)).action, "update");
            const retries = await writeCalls(stack, "BatchRestoreTask");
            assert.equal(retries.length, 1);
            assert.deepEqual(
                (retries[0].body as BatchRetryBody).jobs.map((j) => j.job_id),
                ["job-failed-2"],
            );
            assert.equal(flow.initError, false);
            assert.deepEqual(
                resultsOf(flow.state).map((r) => [r.jobId, r.status]),
                [
                    ["job-paused-1", "success"],
                    ["job-failed-2", "success"],
                ],
            );
            const jobs = (await stack.emulator.admin.state()).jobs;
            assert.equal(jobs.find((j) => j.jobId === "job-paused-1")?.retries, 0, "the job that succeeded under 0.1.0 is not retried again");
            assert.equal(jobs.find((j) => j.jobId === "job-failed-2")?.status, "INCRE_TRANSFER_STARTED");
        });
    });

    describe("state from a newer version", () => {
        const fx = load("task-run-state-started");
        beforeEach(() => cloudAsCaptured(fx));

        it("is refused on refresh and on destroy, naming the cause and the fix, before any call", async () => {
            const flow = fromState(stack, fx, "newer");
            flow.state = { ...flow.state, stateVersion: 99 };
            const refused = (e: unknown) => {
                assert.ok(e instanceof HostCallError, String(e));
                assert.match(e.message, /written by a newer pulumi-roma-tasks/);
                assert.match(e.message, /state version 99/);
                assert.match(e.message, /upgrade/);
                return true;
            };
            await assert.rejects(flow.refresh(), refused);
            // Guessing what newer state means could stop or start the wrong tasks.
            await assert.rejects(flow.destroy(), refused);
            await noCalls("refused before any API call");
            assert.ok((await stack.emulator.admin.state()).tasks.every((t) => t.status === 1));
        });
    });
});
