// The contract table: for each operation, answers shaped exactly as the official Huawei SDK
// models allow (huaweicloud-sdk-go-v3 and huaweicloud-sdk-nodejs-v3; each row cites its model), and the outcome the
// client promises for each. The emulator's `reply` fault serves each body verbatim, so the
// whole client runs: transport, validation, paging and the mapping to domain types.
import type { OperationName } from "../../provider/core/operations";
import { strict as assert } from "node:assert";
import { createServer } from "node:net";
import type { ApiClients } from "../../provider/api/clients";
import { RomaApiError } from "../../provider/core/errors";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { clientsFor } from "../support/clients";

const P = "proj01";
const I = "inst01";
const scope = { projectId: P, instanceId: I };

const GO_ROMA = "huaweicloud-sdk-go-v3 services/roma/v2/model/";
const GO_DRS = "huaweicloud-sdk-go-v3 services/drs/v3/model/";
const NODE_DRS = "huaweicloud-sdk-nodejs-v3 services/drs/v3/model/";

interface Row {
    /** The body's shape, in words. */
    shape: string;
    /** Model file(s) that allow it. */
    model: string;
    /** The answers served, in order (one per call). */
    replies: { status?: number; body: unknown }[];
    /** Calls the client and checks the promised outcome. */
    check(c: ApiClients): Promise<void>;
}

const entity = (taskId: string, extra: Record<string, unknown> = {}) => ({ task_id: taskId, status: 0, ...extra });

const table: Partial<Record<OperationName, Row[]>> = {
    ListMonitorInfos: [
        {
            shape: "empty result, then entities with every optional field absent or null; an entity without task_id is skipped",
            model: "https://support.huaweicloud.com/intl/en-us/api-roma/ListMonitorInfos.html (TaskMonitorInfo)",
            replies: [
                { body: {} },
                {
                    body: {
                        entities: [
                            { task_id: "t1", last_execute_time: null, cron: null, period: null, execute_status: null, use_quartz_cron: null },
                            { task_name: "no id" },
                            {
                                task_id: "t2",
                                last_execute_time: 1764550800000,
                                cron: "0 0 1 * * ?",
                                period: "DAY",
                                use_quartz_cron: "true",
                                dispatch_interval: "1",
                            },
                        ],
                    },
                },
            ],
            check: async (c) => {
                assert.deepEqual(await c.fdi.listMonitors(scope), []);
                assert.deepEqual(await c.fdi.listMonitors(scope), [
                    { taskId: "t1" },
                    { taskId: "t2", lastExecuteTime: 1764550800000, cron: "0 0 1 * * ?", period: "DAY" },
                ]);
            },
        },
    ],
    ListTasks: [
        {
            shape: "empty result: no total, no size, no entities",
            model: `${GO_ROMA}model_list_tasks_response.go (all omitempty)`,
            replies: [{ body: {} }],
            check: async (c) => assert.deepEqual(await c.fdi.listTasks(scope), []),
        },
        {
            shape: "entities without total or size; optional strings absent; the short page ends paging",
            model: `${GO_ROMA}model_list_tasks_response.go, model_brief_task_resp_bean.go`,
            replies: [{ body: { entities: [entity("t1", { status: 1 }), entity("t2")] } }],
            check: async (c) =>
                assert.deepEqual(await c.fdi.listTasks(scope), [
                    { taskId: "t1", taskName: undefined, status: "started", executeStatus: undefined, extType: undefined },
                    { taskId: "t2", taskName: undefined, status: "stopped", executeStatus: undefined, extType: undefined },
                ]),
        },
        {
            shape: "optional strings null (task_name, task_type, execute_status, ext_type, task_tag)",
            model: `${GO_ROMA}model_brief_task_resp_bean.go (*string, omitempty)`,
            replies: [
                {
                    body: {
                        total: 1,
                        size: 1,
                        entities: [entity("t1", { task_name: null, task_type: null, execute_status: null, ext_type: null, task_tag: null })],
                    },
                },
            ],
            check: async (c) =>
                assert.deepEqual(await c.fdi.listTasks(scope), [
                    { taskId: "t1", taskName: undefined, status: "stopped", executeStatus: undefined, extType: undefined },
                ]),
        },
        {
            shape: 'status as the string "1" (the Go enum converter reads it), and an unknown status 2, and none',
            model: `${GO_ROMA}model_brief_task_resp_bean.go (BriefTaskRespBeanStatus, int32 0/1)`,
            replies: [{ body: { entities: [entity("t1", { status: "1" }), entity("t2", { status: 2 }), { task_id: "t3" }] } }],
            check: async (c) =>
                assert.deepEqual(
                    (await c.fdi.listTasks(scope)).map((t) => [t.taskId, t.status, t.rawStatus]),
                    [
                        ["t1", "started", undefined],
                        ["t2", "unknown", "2"],
                        ["t3", "unknown", undefined],
                    ],
                ),
        },
        {
            shape: "an entity without task_id (cannot be matched) is skipped, the rest stand",
            model: `${GO_ROMA}model_brief_task_resp_bean.go (task_id omitempty)`,
            replies: [{ body: { entities: [{ task_name: "orphan", status: 1 }, entity("t2")] } }],
            check: async (c) =>
                assert.deepEqual(
                    (await c.fdi.listTasks(scope)).map((t) => t.taskId),
                    ["t2"],
                ),
        },
        {
            shape: "full pages without total: paging goes on until a short page",
            model: `${GO_ROMA}model_list_tasks_response.go`,
            replies: [{ body: { entities: Array.from({ length: 999 }, (_, i) => entity(`a${i}`)) } }, { body: { entities: [entity("last")] } }],
            check: async (c) => assert.equal((await c.fdi.listTasks(scope)).length, 1000),
        },
        {
            shape: "total present: paging stops when it is reached, even on a full page",
            model: `${GO_ROMA}model_list_tasks_response.go`,
            replies: [{ body: { total: 999, entities: Array.from({ length: 999 }, (_, i) => entity(`a${i}`)) } }],
            check: async (c) => assert.equal((await c.fdi.listTasks(scope)).length, 999),
        },
    ],
    ShowTask: [
        {
            shape: 'TaskBasicRsp: status "running", task_type lower case, no execute_status, no ext_type',
            model: `${GO_ROMA}model_task_basic_rsp.go, model_show_task_response.go`,
            replies: [{ body: { task: { task_id: "t1", task_name: "n", task_type: "realtime", status: "running" }, task_detail: "{}" } }],
            check: async (c) =>
                assert.deepEqual(await c.fdi.showTask(scope, "t1"), {
                    taskId: "t1",
                    taskName: "n",
                    status: "started",
                    executeStatus: undefined,
                    extType: undefined,
                }),
        },
        {
            shape: 'every field absent but status "stop"; task_detail null',
            model: `${GO_ROMA}model_task_basic_rsp.go (all omitempty)`,
            replies: [{ body: { task: { status: "stop" }, task_detail: null } }],
            check: async (c) => assert.deepEqual((await c.fdi.showTask(scope, "t9"))?.status, "stopped"),
        },
        {
            shape: "a status outside stop/running is a task in an unknown state",
            model: `${GO_ROMA}model_task_basic_rsp.go`,
            replies: [{ body: { task: { task_id: "t1", status: "paused" } } }],
            check: async (c) => {
                const t = await c.fdi.showTask(scope, "t1");
                assert.deepEqual([t?.status, t?.rawStatus], ["unknown", "paused"]);
            },
        },
    ],
    BatchStartOrStopTasks: [
        {
            shape: "counts absent, success only: each task judged by its own item; a task in neither list is unconfirmed, with the request ID",
            model: `${GO_ROMA}model_batch_start_or_stop_tasks_response.go, model_task_bean_facade.go`,
            replies: [{ body: { success: [{ task_id: "t1" }] } }],
            check: async (c) => {
                const r = await c.fdi.batchOperate(scope, "start", ["t1", "t2"]);
                assert.deepEqual(
                    r.succeeded.map((s) => s.taskId),
                    ["t1"],
                );
                assert.deepEqual(r.failed, []);
                assert.deepEqual(
                    r.unconfirmed.map((u) => [u.taskId, u.errorCode]),
                    [["t2", "NO_RESULT"]],
                );
                assert.match(r.unconfirmed[0].errorMessage ?? "", /request ID [0-9a-f]{32}/);
            },
        },
        {
            shape: "an empty object: nothing said about any task, so all are unconfirmed (never assumed failed or done)",
            model: `${GO_ROMA}model_batch_start_or_stop_tasks_response.go (all omitempty)`,
            replies: [{ body: {} }],
            check: async (c) => {
                const r = await c.fdi.batchOperate(scope, "stop", ["t1", "t2"]);
                assert.deepEqual([r.succeeded, r.failed, r.unconfirmed.length], [[], [], 2]);
            },
        },
        {
            shape: "counts that disagree with the lists, null lists and null item strings",
            model: `${GO_ROMA}model_batch_start_or_stop_tasks_response.go, model_task_bean_facade.go`,
            replies: [
                {
                    body: {
                        success_count: 5,
                        failure_count: 0,
                        success: null,
                        failure: [{ task_id: "t1", task_name: null, error_code: "FDI.3083", error_msg: null }],
                    },
                },
            ],
            check: async (c) => {
                const r = await c.fdi.batchOperate(scope, "start", ["t1"]);
                assert.deepEqual(r.failed, [{ taskId: "t1", taskName: undefined, errorCode: "FDI.3083", errorMessage: undefined }]);
                assert.deepEqual([r.succeeded, r.unconfirmed], [[], []]);
            },
        },
        {
            shape: "a failure item without task_id: its code is reported with the unconfirmed tasks",
            model: `${GO_ROMA}model_task_bean_facade.go (task_id omitempty)`,
            replies: [{ body: { failure: [{ error_code: "FDI.3002", error_msg: "Invalid parameters." }] } }],
            check: async (c) => {
                const r = await c.fdi.batchOperate(scope, "start", ["t1"]);
                assert.equal(r.unconfirmed.length, 1);
                assert.match(r.unconfirmed[0].errorMessage ?? "", /it also reported, for no task of this call: FDI\.3002 Invalid parameters\./);
            },
        },
    ],
    ResetMultiTaskOffset: [
        {
            shape: "no message",
            model: `${GO_ROMA}model_reset_multi_task_offset_response.go (message omitempty)`,
            replies: [{ body: {} }],
            check: async (c) => assert.deepEqual(await c.fdi.resetMultiTask(scope, "m1"), { message: undefined }),
        },
        {
            shape: "message null",
            model: `${GO_ROMA}model_reset_multi_task_offset_response.go`,
            replies: [{ body: { message: null } }],
            check: async (c) => assert.deepEqual(await c.fdi.resetMultiTask(scope, "m1"), { message: undefined }),
        },
    ],
    BatchRestoreTask: [
        {
            shape: "results without count",
            model: `${GO_DRS}model_batch_restore_task_response.go (count omitempty), model_retry_task_resp.go`,
            replies: [{ body: { results: [{ id: "j1", status: "success" }] } }],
            check: async (c) => assert.deepEqual(await c.drs.batchRetry(P, [{ jobId: "j1" }]), [{ jobId: "j1", status: "success" }]),
        },
        {
            shape: 'status is a free string: "FAILED" is that job\'s failure with its error_code/error_msg, the others stand',
            model: `${GO_DRS}model_retry_task_resp.go, ${NODE_DRS}RetryTaskResp.ts (status: string, no enum)`,
            replies: [
                {
                    body: {
                        results: [
                            { id: "j1", status: "success" },
                            { id: "j2", status: "FAILED", error_code: "DRS.M05004", error_msg: "The job cannot be resumed." },
                            { id: "j3", status: "partially" },
                        ],
                        count: 3,
                    },
                },
            ],
            check: async (c) =>
                assert.deepEqual(await c.drs.batchRetry(P, [{ jobId: "j1" }, { jobId: "j2" }, { jobId: "j3" }]), [
                    { jobId: "j1", status: "success" },
                    { jobId: "j2", status: "failed", errorCode: "DRS.M05004", errorMessage: "The job cannot be resumed." },
                    { jobId: "j3", status: "failed", errorCode: undefined, errorMessage: 'the API answered status "partially"' },
                ]),
        },
        {
            shape: "no results at all: each job's outcome is unknown (NO_RESULT), never a rejected answer",
            model: `${GO_DRS}model_batch_restore_task_response.go (results omitempty)`,
            replies: [{ body: {} }],
            check: async (c) => {
                const [r] = await c.drs.batchRetry(P, [{ jobId: "j1" }]);
                assert.deepEqual([r.status, r.errorCode], ["failed", "NO_RESULT"]);
                assert.match(r.errorMessage ?? "", /request ID [0-9a-f]{32}\); outcome unknown/);
            },
        },
        {
            shape: "HTTP 400 with per-job results[] and no top-level error_code: each job's code is in the error",
            model: "terraform-provider-huaweicloud resource_huaweicloud_drs_batch_retry_task.go (DRS.M00289, DRS.M05004 under HTTP 400)",
            replies: [
                {
                    status: 400,
                    body: {
                        results: [
                            { id: "j1", status: "failed", error_code: "DRS.M00289", error_msg: "The job does not exist." },
                            { id: "j2", status: "failed", error_code: "DRS.M05004", error_msg: "Not paused." },
                        ],
                        count: 2,
                    },
                },
            ],
            check: async (c) =>
                assert.rejects(c.drs.batchRetry(P, [{ jobId: "j1" }, { jobId: "j2" }]), (e: RomaApiError) => {
                    assert.equal(e.httpStatus, 400);
                    assert.deepEqual(
                        e.items.map((i) => [i.id, i.errorCode]),
                        [
                            ["j1", "DRS.M00289"],
                            ["j2", "DRS.M05004"],
                        ],
                    );
                    assert.match(e.message, /HTTP 400.*j1: DRS\.M00289 The job does not exist\.; j2: DRS\.M05004 Not paused\./);
                    return true;
                }),
        },
    ],
    BatchListJobStatus: [
        {
            shape: "results without count; an item with error_code and error_message but no status",
            model: `${NODE_DRS}QueryJobStatusResp.ts, ${GO_DRS}model_batch_list_job_status_response.go`,
            replies: [
                {
                    body: {
                        results: [
                            { id: "j1", status: "RELEASE_CHILD_TRANSFER_COMPLETE" },
                            { id: "j2", error_code: "DRS.M00289", error_message: "The job does not exist." },
                        ],
                    },
                },
            ],
            check: async (c) =>
                assert.deepEqual(await c.drs.batchStatus(P, ["j1", "j2"]), [
                    { jobId: "j1", status: "RELEASE_CHILD_TRANSFER_COMPLETE", errorCode: undefined, errorMessage: undefined },
                    { jobId: "j2", status: undefined, errorCode: "DRS.M00289", errorMessage: "The job does not exist." },
                ]),
        },
        {
            shape: "count meaning this page's size: paging goes on until every requested job has been seen",
            model: `${GO_DRS}model_batch_list_job_status_response.go (count: ambiguous)`,
            replies: [
                { body: { results: Array.from({ length: 100 }, (_, i) => ({ id: `j${i}`, status: "PAUSING" })), count: 100 } },
                { body: { results: Array.from({ length: 50 }, (_, i) => ({ id: `j${100 + i}`, status: "PAUSING" })), count: 50 } },
            ],
            check: async (c) =>
                assert.equal(
                    (
                        await c.drs.batchStatus(
                            P,
                            Array.from({ length: 150 }, (_, i) => `j${i}`),
                        )
                    ).length,
                    150,
                ),
        },
        {
            shape: "a server that ignores paging (the same page again): stops when a page brings nothing new",
            model: `${GO_DRS}model_batch_list_job_status_response.go`,
            replies: [{ body: { results: [{ id: "j1", status: "PAUSING" }], count: 2 } }, { body: { results: [{ id: "j1", status: "PAUSING" }], count: 2 } }],
            check: async (c) =>
                assert.deepEqual(
                    (await c.drs.batchStatus(P, ["j1", "j2"])).map((s) => s.jobId),
                    ["j1"],
                ),
        },
    ],
    KeystoneCreateUserTokenByPassword: [
        {
            shape: "Keystone error body { error: { code, message, title } }: the message reaches the user",
            model: "huaweicloud-sdk-nodejs-v3 core ExceptionUtil (Keystone error)",
            replies: [{ status: 401, body: { error: { code: 401, message: "The username or password is wrong.", title: "Unauthorized" } } }],
            check: async (c) =>
                assert.rejects(c.fdi.listTasks(scope), (e: RomaApiError) => {
                    assert.equal(e.operation, "KeystoneCreateUserTokenByPassword");
                    assert.equal(e.errorCode, undefined, "Keystone's code only repeats the HTTP status");
                    assert.match(e.message, /\(HTTP 401, request ID [0-9a-f]{32}\): The username or password is wrong\.$/);
                    return true;
                }),
        },
    ],
};

describe("contract: every answer the official models allow", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
    });
    after(async () => emulator.close());

    for (const [operation, rows] of Object.entries(table) as [OperationName, Row[]][]) {
        describe(operation, () => {
            for (const row of rows) {
                it(`${row.shape} [${row.model}]`, async () => {
                    await emulator.admin.clearRequests();
                    await emulator.admin.setFaults(
                        row.replies.map((r) => ({ operation, kind: "reply" as const, times: 1, reply: { status: r.status ?? 200, body: r.body } })),
                    );
                    const env: Record<string, string> =
                        operation === "KeystoneCreateUserTokenByPassword"
                            ? { HW_AUTH_TOKEN: "", HW_USER_NAME: "u", HW_USER_PASSWORD: "p", HW_DOMAIN_NAME: "d", HW_AUTH_URL: `${emulator.url}/v3` }
                            : {};
                    const c = clientsFor(emulator, env);
                    try {
                        await row.check(c);
                    } finally {
                        await c.close();
                        await emulator.admin.clearFaults();
                    }
                    const calls = (await emulator.admin.requests()).filter((r) => r.operation === operation);
                    assert.equal(calls.length, row.replies.length, "one call per answer served, no retry of a 4xx");
                });
            }
        });
    }

    describe("gateway codes and network errors", () => {
        it("APIGW.0308 and APIG.0308 classify the same way: throttling, whatever the status that carries it", async () => {
            for (const code of ["APIG.0308", "APIGW.0308"]) {
                await emulator.admin.seed({ replace: true, tasks: [{ projectId: P, instanceId: I, taskId: "t1" }] });
                await emulator.admin.clearRequests();
                await emulator.admin.setFaults([
                    { operation: "ListTasks", kind: "reply", times: 1, reply: { status: 400, body: { error_code: code, error_msg: "throttled" } } },
                ]);
                const c = clientsFor(emulator);
                assert.equal((await c.fdi.listTasks(scope)).length, 1, `${code} under HTTP 400 is waited out, then the call succeeds`);
                assert.equal((await emulator.admin.requests()).filter((r) => r.operation === "ListTasks").length, 2);
                await c.close();
            }
            await emulator.admin.clearFaults();
        });

        it("a 429 with APIGW.0308 is retried like APIG.0308", async () => {
            await emulator.admin.seed({ replace: true, tasks: [{ projectId: P, instanceId: I, taskId: "t1" }] });
            await emulator.admin.clearRequests();
            await emulator.admin.setFaults([
                { operation: "ListTasks", kind: "reply", times: 1, reply: { status: 429, body: { error_code: "APIGW.0308", error_msg: "x" } } },
            ]);
            const c = clientsFor(emulator);
            assert.equal((await c.fdi.listTasks(scope)).length, 1);
            await c.close();
            assert.deepEqual(
                (await emulator.admin.requests()).map((r) => r.status),
                [429, 200],
            );
        });

        it("a network error names the host and port, never the path, query or headers", async () => {
            const port = await new Promise<number>((resolve) => {
                const srv = createServer();
                srv.listen(0, "127.0.0.1", () => {
                    const p = (srv.address() as { port: number }).port;
                    srv.close(() => resolve(p));
                });
            });
            const c = clientsFor(emulator, { ROMA_ENDPOINT: `http://127.0.0.1:${port}`, HW_MAX_RETRIES: "0" });
            await assert.rejects(c.fdi.listTasks(scope, { taskId: "secret-looking-id" }), (e: RomaApiError) => {
                assert.equal(e.httpStatus, undefined);
                assert.match(e.message, new RegExp(`connection refused \\(127\\.0\\.0\\.1:${port}\\)`));
                const messageOnly = e.message.replace(/^ListTasks failed for secret-looking-id/, "");
                for (const leak of ["/v2/", "fdi/instances", "limit=", "secret-looking-id", "emulator-token"])
                    assert.ok(!messageOnly.includes(leak), `message names ${leak}`);
                return true;
            });
            await c.close();
        });
    });
});
