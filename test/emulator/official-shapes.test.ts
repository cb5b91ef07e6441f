// The emulator behaves as the official SDK models say (huaweicloud-sdk-go-v3 `services/roma/v2/model/`, `services/drs/v3/model/`), over raw
// HTTP: ShowTask's shape, ListTasks filters and task_tag, DRS paging with cur_page 0, tokens
// scoped to one project, the faults that reproduce what the models allow, and the request shape
// the official DRS client sends (field names from the Node SDK models).
import { strict as assert } from "node:assert";
import { DEFAULT_EMULATOR_CREDENTIALS, type RunningEmulator } from "../../provider/emulator";
import { callEmulator, requestToken, useEmulator } from "../support/emulator";

const P = "proj01";
const OTHER = "proj02";
const I = "inst01";
type Obj = Record<string, unknown>;

describe("emulator: the official models' shapes", function () {
    this.timeout(20_000);
    const current = useEmulator({
        tasks: [
            { projectId: P, instanceId: I, taskId: "t1", taskName: "orders-nightly", taskType: "TIMING", taskTag: "billing" },
            { projectId: P, instanceId: I, taskId: "t2", taskName: "orders-live", status: "started", taskTag: "ops" },
            { projectId: P, instanceId: I, taskId: "t3", taskName: "Users", executeStatus: "ERROR" },
            { projectId: OTHER, instanceId: I, taskId: "x1" },
        ],
        jobs: [
            { projectId: P, jobId: "j1", status: "PAUSING" },
            { projectId: P, jobId: "j2", status: "INCRE_TRANSFER_FAILED" },
            { projectId: P, jobId: "j3", status: "PAUSING" },
        ],
        projects: [{ projectId: P, name: "cn-north-4" }],
    });
    let emu: RunningEmulator;
    before(() => (emu = current()));

    async function call(method: string, p: string, body?: unknown, headers?: Record<string, string>) {
        const r = await callEmulator(emu, method, p, body, headers);
        return { status: r.status, body: r.body as Obj };
    }
    const list = async (query: string) => ((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks?${query}`)).body.entities as Obj[]).map((e) => e.task_id);

    it("ShowTask answers as TaskBasicRsp: lower-case task_type, status stop/running, no execute_status or ext_type", async () => {
        const { body } = await call("GET", `/v2/${P}/fdi/instances/${I}/tasks/t1`);
        const task = body.task as Obj;
        assert.equal(task.task_type, "timing");
        assert.equal(task.status, "stop");
        assert.equal(task.task_tag, "billing");
        assert.ok(!("execute_status" in task) && !("ext_type" in task), JSON.stringify(task));
    });

    it("ListTasks honours the documented filters and serves task_tag", async () => {
        assert.deepEqual(await list("name=orders"), ["t1", "t2"], "name is a fuzzy (substring) match");
        assert.deepEqual(await list("name=users"), [], "case-sensitive [I]");
        assert.deepEqual(await list("status=1"), ["t2"]);
        assert.deepEqual(await list("status=0"), ["t1", "t3"]);
        assert.deepEqual(await list("execute_status=ERROR"), ["t3"]);
        assert.deepEqual(await list("task_type=timing"), ["t1"], "sent in lower case, as the request model says");
        assert.deepEqual(await list("task_tag=ops"), ["t2"]);
        assert.deepEqual(await list("task_id=t3"), ["t3"]);
        assert.deepEqual(await list("name=orders&status=0"), ["t1"], "filters combine");
        const { body } = await call("GET", `/v2/${P}/fdi/instances/${I}/tasks?task_id=t1`);
        assert.equal((body.entities as Obj[])[0].task_tag, "billing");
        assert.equal((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks?status=7`)).status, 400);
    });

    it("DRS batch-status: cur_page 0 means all pages, like per_page 0", async () => {
        const status = (page_req: Obj) => call("POST", `/v3/${P}/jobs/batch-status`, { jobs: ["j1", "j2", "j3"], page_req });
        assert.equal(((await status({ cur_page: 0, per_page: 1 })).body.results as Obj[]).length, 3);
        assert.equal(((await status({ cur_page: 1, per_page: 0 })).body.results as Obj[]).length, 3);
        assert.deepEqual(
            ((await status({ cur_page: 2, per_page: 1 })).body.results as Obj[]).map((r) => r.id),
            ["j2"],
        );
    });

    it("accepts the official DRS client's request shapes (Node SDK models BatchRetryReq/RetryInfo, BatchQueryJobReqPage/PageReq)", async () => {
        // The Node SDK models keep wire names as their property keys ('job_id', 'is_sync_re_edit',
        // 'page_req', 'cur_page', 'per_page'), and the client sends X-Language.
        const headers = { "X-Auth-Token": "emulator-token", "X-Language": "en-us" };
        const retryBody = { jobs: [{ job_id: "j1" }, { job_id: "j2", is_sync_re_edit: true }] };
        const retry = await call("POST", `/v3/${P}/jobs/batch-retry-task`, retryBody, headers);
        assert.equal(retry.status, 200);
        assert.deepEqual(
            (retry.body.results as Obj[]).map((r) => [r.id, r.status]),
            [
                ["j1", "success"],
                ["j2", "success"],
            ],
        );
        const statusBody = { jobs: ["j1", "j2"], page_req: { cur_page: 1, per_page: 10 } };
        const status = await call("POST", `/v3/${P}/jobs/batch-status`, statusBody, headers);
        assert.equal(status.status, 200);
        assert.deepEqual(
            (status.body.results as Obj[]).map((r) => r.id),
            ["j1", "j2"],
        );
    });

    describe("IAM tokens are scoped to one project", () => {
        const token = (scope: Obj) => requestToken(emu, scope);

        it("a token for one project works there and is refused (403 APIG.0302) for another project's FDI and DRS URLs", async () => {
            const t = await token({ project: { id: P } });
            assert.equal(t.status, 201);
            const h = { "X-Auth-Token": t.token as string };
            assert.equal((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks`, undefined, h)).status, 200);
            const fdi = await call("GET", `/v2/${OTHER}/fdi/instances/${I}/tasks`, undefined, h);
            assert.deepEqual([fdi.status, fdi.body.error_code], [403, "APIG.0302"]);
            assert.match(String(fdi.body.error_msg), /scoped to another project/);
            const drs = await call("POST", `/v3/${OTHER}/jobs/batch-status`, { jobs: ["j1"] }, h);
            assert.deepEqual([drs.status, drs.body.error_code], [403, "APIG.0302"]);
        });

        it("a token requested by project name is scoped to that project's ID; an unknown name is refused", async () => {
            const byName = await token({ project: { name: "cn-north-4" } });
            assert.equal(byName.status, 201);
            assert.deepEqual((byName.body.token as Obj).project, { id: P, name: "cn-north-4" });
            assert.equal((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks`, undefined, { "X-Auth-Token": byName.token as string })).status, 200);
            const unknown = await token({ project: { name: "ap-nowhere-9" } });
            assert.equal(unknown.status, 401);
            assert.match(String((unknown.body.error as Obj).message), /does not exist/);
        });

        it("a domain-scoped token opens no project", async () => {
            const t = await token({ domain: { name: DEFAULT_EMULATOR_CREDENTIALS.users[0].domainName } });
            assert.equal(t.status, 201);
            const r = await call("GET", `/v2/${P}/fdi/instances/${I}/tasks`, undefined, { "X-Auth-Token": t.token as string });
            assert.deepEqual([r.status, r.body.error_code], [403, "APIG.0302"]);
        });

        it("the static token stands for a valid token of any project", async () => {
            assert.equal((await call("GET", `/v2/${OTHER}/fdi/instances/${I}/tasks`)).status, 200);
        });
    });

    describe("faults that reproduce what the models allow", () => {
        it("sparse: optional fields omitted, or null, and the request still processed", async () => {
            await emu.admin.setFaults([{ operation: "BatchStartOrStopTasks", kind: "sparse", times: 1 }]);
            const omitted = await call("POST", `/v2/${P}/fdi/instances/${I}/batch-operation/tasks`, { action_id: "start", list: [{ task_id: "t1" }] });
            assert.deepEqual(omitted.body, { success: [{ task_id: "t1" }] });
            assert.equal((await emu.admin.state()).tasks.find((t) => t.taskId === "t1")?.status, 1, "processed");

            await emu.admin.setFaults([{ operation: "ListTasks", kind: "sparse", sparse: "null" }]);
            const nulls = await call("GET", `/v2/${P}/fdi/instances/${I}/tasks?task_id=t3`);
            assert.equal(nulls.body.total, null);
            const e = (nulls.body.entities as Obj[])[0];
            assert.deepEqual([e.task_id, e.status, e.task_name, e.execute_status, e.ext_type, e.task_tag], ["t3", 0, null, null, null, null]);

            await emu.admin.setFaults([{ operation: "ListTasks", kind: "sparse" }]);
            assert.deepEqual((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks?task_id=none`)).body, {}, "an empty result omits entities");
        });

        it("itemStatus: an unknown status for chosen tasks, on ListTasks and ShowTask", async () => {
            await emu.admin.setFaults([
                { operation: "ListTasks", kind: "itemStatus", ids: ["t2"], value: 2 },
                { operation: "ShowTask", kind: "itemStatus", value: "paused" },
            ]);
            const entities = (await call("GET", `/v2/${P}/fdi/instances/${I}/tasks`)).body.entities as Obj[];
            assert.deepEqual(
                entities.map((e) => [e.task_id, e.status]),
                [
                    ["t1", 0],
                    ["t2", 2],
                    ["t3", 0],
                ],
            );
            assert.equal(((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks/t1`)).body.task as Obj).status, "paused");
        });

        it("itemStatus on a batch start: the task is processed but named in neither list", async () => {
            await emu.admin.setFaults([{ operation: "BatchStartOrStopTasks", kind: "itemStatus", ids: ["t1"] }]);
            const r = await call("POST", `/v2/${P}/fdi/instances/${I}/batch-operation/tasks`, {
                action_id: "start",
                list: [{ task_id: "t1" }, { task_id: "t3" }],
            });
            assert.deepEqual(
                (r.body.success as Obj[]).map((s) => s.task_id),
                ["t3"],
            );
            assert.deepEqual(r.body.failure, []);
            assert.equal((await emu.admin.state()).tasks.find((t) => t.taskId === "t1")?.status, 1);
        });

        it('itemStatus on a DRS retry: the job is not retried and answered with the given status ("FAILED")', async () => {
            await emu.admin.setFaults([
                { operation: "BatchRestoreTask", kind: "itemStatus", ids: ["j2"], value: "FAILED", errorCode: "DRS.M05004", errorMessage: "No." },
            ]);
            const r = await call("POST", `/v3/${P}/jobs/batch-retry-task`, { jobs: [{ job_id: "j1" }, { job_id: "j2" }] });
            assert.deepEqual(r.body.results, [
                { id: "j1", status: "success" },
                { id: "j2", status: "FAILED", error_code: "DRS.M05004", error_msg: "No." },
            ]);
            assert.equal(r.body.count, 2);
            const jobs = (await emu.admin.state()).jobs;
            assert.equal(jobs.find((j) => j.jobId === "j2")?.retries, 0, "withheld from processing");
            assert.equal(jobs.find((j) => j.jobId === "j1")?.retries, 1);
        });

        it("itemStatus on batch-status: a per-job error with no status", async () => {
            await emu.admin.setFaults([
                { operation: "BatchListJobStatus", kind: "itemStatus", ids: ["j1"], value: null, errorCode: "DRS.M00289", errorMessage: "Gone." },
            ]);
            const r = await call("POST", `/v3/${P}/jobs/batch-status`, { jobs: ["j1", "j2"], page_req: { cur_page: 1, per_page: 0 } });
            assert.deepEqual((r.body.results as Obj[])[0], { id: "j1", status: null, error_code: "DRS.M00289", error_message: "Gone." });
            assert.deepEqual((r.body.results as Obj[])[1], { id: "j2", status: "INCRE_TRANSFER_FAILED" });
        });

        it("resultsError: a DRS 400 with per-job results[] and no top-level code; nothing changes", async () => {
            await emu.admin.setFaults([{ operation: "BatchRestoreTask", kind: "resultsError", times: 1 }]);
            const r = await call("POST", `/v3/${P}/jobs/batch-retry-task`, { jobs: [{ job_id: "j1" }] });
            assert.equal(r.status, 400);
            assert.ok(!("error_code" in r.body));
            assert.deepEqual(r.body.results, [
                { id: "j1", status: "failed", error_code: "DRS.M05004", error_msg: "The job status does not allow this operation." },
            ]);
            assert.equal((await emu.admin.state()).jobs.find((j) => j.jobId === "j1")?.status, "PAUSING");
        });

        it("reply: rules for one operation apply in turn (a rule not applied is not spent)", async () => {
            await emu.admin.setFaults([
                { operation: "ResetMultiTaskOffset", kind: "reply", times: 1, reply: { status: 200, body: { n: 1 } } },
                { operation: "ResetMultiTaskOffset", kind: "reply", times: 1, reply: { status: 200, body: { n: 2 } } },
            ]);
            const path = `/v2/${P}/fdi/instances/${I}/multi-tasks/t1/reset`;
            assert.deepEqual((await call("POST", path, {})).body, { n: 1 });
            assert.deepEqual((await call("POST", path, {})).body, { n: 2 });
            assert.equal((await call("POST", path, {})).body.error_code, "FDI.3033", "then the emulator itself answers");
        });
    });
});
