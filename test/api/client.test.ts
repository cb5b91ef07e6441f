// The API client against the emulator over loopback: paging, chunking, the pool bound,
// per-task outcomes, and reads.
import { strict as assert } from "node:assert";
import type { ApiClients } from "../../provider/api/clients";
import { RomaApiError, type InputError } from "../../provider/core/errors";
import { startEmulator, type LoggedRequest, type RunningEmulator } from "../../provider/emulator";
import { clientsFor } from "../support/clients";

const P = "proj01";
const I = "inst01";
const scope = { projectId: P, instanceId: I };

const tasks = (n: number, extra: Record<string, unknown> = {}) =>
    Array.from({ length: n }, (_, i) => ({ projectId: P, instanceId: I, taskId: `t${String(i).padStart(4, "0")}`, ...extra }));

/** Mocha hooks: an emulator and token-authenticated clients for the suite. */
function useEmulator(ready: (e: RunningEmulator, c: ApiClients) => void): void {
    let e: RunningEmulator | undefined;
    let c: ApiClients | undefined;
    before(async () => {
        e = await startEmulator();
        c = clientsFor(e);
        ready(e, c);
    });
    after(async () => {
        await c?.close();
        await e?.close();
    });
}

/** Most requests in flight at once, as the emulator counted them on arrival. */
const maxInFlight = (log: LoggedRequest[]): number => Math.max(0, ...log.map((r) => r.inFlight));

describe("FDI client against the emulator", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let c: ApiClients;
    useEmulator((e, clients) => {
        emulator = e;
        c = clients;
    });
    beforeEach(async () => {
        await emulator.admin.clearFaults();
        await emulator.admin.seed({ replace: true, tasks: tasks(25) });
        await emulator.admin.clearRequests();
    });

    it("lists every page (limit 999, 0-based offsets)", async () => {
        await emulator.admin.seed({ replace: true, tasks: tasks(2500) });
        await emulator.admin.clearRequests();
        const all = await c.fdi.listTasks(scope);
        assert.equal(all.length, 2500);
        assert.equal(new Set(all.map((t) => t.taskId)).size, 2500);
        const log = await emulator.admin.requests();
        assert.deepEqual(
            log.map((r) => [r.operation, r.query.limit, r.query.offset]),
            [
                ["ListTasks", "999", "0"],
                ["ListTasks", "999", "999"],
                ["ListTasks", "999", "1998"],
            ],
        );
    });

    it("filters by task_id and normalises status both ways (ListTasks 0/1, ShowTask stop/running)", async () => {
        await emulator.admin.seed({ tasks: [{ projectId: P, instanceId: I, taskId: "t0003", status: "started" }] });
        const one = await c.fdi.listTasks(scope, { taskId: "t0003" });
        assert.deepEqual(
            one.map((t) => [t.taskId, t.status]),
            [["t0003", "started"]],
        );
        assert.equal((await c.fdi.showTask(scope, "t0003"))?.status, "started");
        assert.equal((await c.fdi.showTask(scope, "t0004"))?.status, "stopped");
        assert.equal(await c.fdi.showTask(scope, "nope"), undefined, "404 FDI.3081 is 'not there'");
    });

    it("splits 23 tasks into calls of 10, 10 and 3 and merges every outcome", async () => {
        const ids = tasks(23).map((t) => t.taskId);
        const r = await c.fdi.batchOperate(scope, "start", ids);
        assert.equal(r.calls, 3);
        assert.equal(r.succeeded.length, 23);
        assert.deepEqual(r.failed, []);
        const sizes = (await emulator.admin.requests()).map((x) => (x.body as { list: unknown[] }).list.length).sort((a, b) => b - a);
        assert.deepEqual(sizes, [10, 10, 3]);
    });

    it("reports per-task failures from inside a 200: unknown, already running, no schedule", async () => {
        await emulator.admin.seed({
            tasks: [
                { projectId: P, instanceId: I, taskId: "t0001", status: "started" },
                { projectId: P, instanceId: I, taskId: "t0002", scheduled: false },
            ],
        });
        const r = await c.fdi.batchOperate(scope, "start", ["t0000", "t0001", "t0002", "ghost"]);
        assert.deepEqual(
            r.succeeded.map((s) => s.taskId),
            ["t0000"],
        );
        const codes = Object.fromEntries(r.failed.map((f) => [f.taskId, f.errorCode]));
        assert.deepEqual(codes, { t0001: "FDI.3023", t0002: "FDI.3083", ghost: "FDI.3021" });
        assert.match(r.failed.find((f) => f.taskId === "t0001")?.errorMessage ?? "", /running/);
    });

    it("a call lost to a 5xx leaves only its own tasks unconfirmed (to be re-read) and keeps the other calls' outcomes", async () => {
        const noRetry = clientsFor(emulator, { HW_MAX_RETRIES: "0" });
        await emulator.admin.setFaults([{ operation: "BatchStartOrStopTasks", kind: "error5xx", times: 1 }]);
        const r = await noRetry.fdi.batchOperate(
            scope,
            "start",
            tasks(25).map((t) => t.taskId),
        );
        await noRetry.close();
        assert.equal(r.calls, 3);
        assert.equal(r.unconfirmed.length + r.succeeded.length, 25);
        assert.equal(r.unconfirmed.length, 10, "one chunk of ten lost to the 503");
        assert.deepEqual(r.failed, [], "a 503 is no refusal: the call may have acted");
        assert.ok(r.unconfirmed.every((f) => f.errorCode === "FDI.9999" && /HTTP 503.*outcome unknown/.test(f.errorMessage ?? "")));
    });

    it("keeps at most 4 calls in flight by default, and 1 when asked", async () => {
        await emulator.admin.seed({ replace: true, tasks: tasks(100) });
        await emulator.admin.setFaults([{ operation: "BatchStartOrStopTasks", kind: "latency", latencyMs: 60 }]);
        await emulator.admin.clearRequests();
        await c.fdi.batchOperate(
            scope,
            "start",
            tasks(100).map((t) => t.taskId),
        );
        const parallel = maxInFlight(await emulator.admin.requests());
        assert.ok(parallel >= 2 && parallel <= 4, `in flight: ${parallel}`);

        const serial = clientsFor(emulator, {}, 1);
        await emulator.admin.clearRequests();
        await serial.fdi.batchOperate(
            scope,
            "stop",
            tasks(30).map((t) => t.taskId),
        );
        await serial.close();
        assert.equal(maxInFlight(await emulator.admin.requests()), 1);
    });

    it("resets a composite task with date_from only when given", async () => {
        await emulator.admin.seed({
            tasks: [
                { projectId: P, instanceId: I, taskId: "multi1", extType: "MULTI" },
                { projectId: P, instanceId: I, taskId: "multi2", extType: "MULTI", scheduled: false },
            ],
        });
        assert.deepEqual(await c.fdi.resetMultiTask(scope, "multi1", 1630052714000), { message: "Reset Success" });
        await c.fdi.resetMultiTask(scope, "multi1");
        const bodies = (await emulator.admin.requests()).map((r) => r.body);
        assert.deepEqual(bodies, [{ date_from: 1630052714000 }, {}]);
        await assert.rejects(c.fdi.resetMultiTask(scope, "t0000"), (e: RomaApiError) => e.httpStatus === 400 && e.errorCode === "FDI.3033" && e.attempts === 1);
        await assert.rejects(
            c.fdi.resetMultiTask(scope, "multi2"),
            (e: RomaApiError) => e.httpStatus === 404 && e.errorCode === "FDI.3083" && /scheduled plans/.test(e.message),
        );
    });

    it("refuses IDs that break the one ID rule before sending anything", async () => {
        await assert.rejects(
            c.fdi.batchOperate(scope, "start", ["x".repeat(65)]),
            (e: InputError) => e.code === "INPUT" && /taskId must be at most 64 characters/.test(e.message),
        );
        await assert.rejects(c.fdi.listTasks({ projectId: "", instanceId: I }), /project_id must not be empty/);
        await assert.rejects(c.fdi.showTask(scope, "a/../b"), /task_id contains '\/'/);
        await assert.rejects(c.drs.batchStatus(P, ["job.1", "job 2"]), /jobId contains whitespace/);
        assert.deepEqual(await emulator.admin.requests(), []);
    });
});

describe("DRS client against the emulator", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    let c: ApiClients;
    useEmulator((e, clients) => {
        emulator = e;
        c = clients;
    });

    it("retries per job and sends is_sync_re_edit only when set", async () => {
        await emulator.admin.seed({
            replace: true,
            jobs: [
                { projectId: P, jobId: "j-paused", status: "PAUSING" },
                { projectId: P, jobId: "j-running", status: "INCRE_TRANSFER_STARTED" },
            ],
        });
        await emulator.admin.clearRequests();
        const r = await c.drs.batchRetry(P, [{ jobId: "j-paused", isSyncReEdit: true }, { jobId: "j-running" }, { jobId: "j-ghost" }]);
        assert.deepEqual(
            r.map((x) => [x.jobId, x.status]),
            [
                ["j-paused", "success"],
                ["j-running", "failed"],
                ["j-ghost", "failed"],
            ],
        );
        assert.ok(r[1].errorMessage);
        const [call] = await emulator.admin.requests();
        assert.deepEqual(call.body, { jobs: [{ job_id: "j-paused", is_sync_re_edit: true }, { job_id: "j-running" }, { job_id: "j-ghost" }] });
    });

    it("reads every page of batch-status (100 per page)", async () => {
        const jobs = Array.from({ length: 250 }, (_, i) => ({ projectId: P, jobId: `job-${i}`, status: "PAUSING" }));
        await emulator.admin.seed({ replace: true, jobs });
        await emulator.admin.clearRequests();
        const states = await c.drs.batchStatus(
            P,
            jobs.map((j) => j.jobId),
        );
        assert.equal(states.length, 250);
        assert.ok(states.every((s) => s.status === "PAUSING"));
        const pages = (await emulator.admin.requests()).map((r) => (r.body as { page_req: { cur_page: number; per_page: number } }).page_req);
        assert.deepEqual(
            pages,
            [1, 2, 3].map((cur_page) => ({ cur_page, per_page: 100 })),
        );
    });
});
