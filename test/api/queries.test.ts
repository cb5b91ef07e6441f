// Selector reads and task monitors against the emulator over loopback: ListTasks' own filters
// with the name re-checked on the client, paging of a large selection, the offset limit, and
// ListMonitorInfos paged from offset 1.
import { strict as assert } from "node:assert";
import { createClients, type ApiClients } from "../../provider/api/clients";
import { resolveConfig } from "../../provider/config/resolve";
import { InputError } from "../../provider/core/errors";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";

const P = "proj01";
const I = "inst01";
const scope = { projectId: P, instanceId: I };

describe("FDI selector reads and task monitors against the emulator", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    let c: ApiClients;
    before(async () => {
        emulator = await startEmulator();
        const config = resolveConfig(() => undefined, {
            ROMA_ENDPOINT: emulator.url,
            DRS_ENDPOINT: emulator.url,
            HW_PROJECT_ID: P,
            HW_AUTH_TOKEN: "emulator-token",
            ROMA_MAX_REQUESTS_PER_SECOND: "1000",
        });
        c = createClients(config, { retryBaseDelayMs: 5, retryMaxDelayMs: 40 });
    });
    after(async () => {
        await c.close();
        await emulator.close();
    });
    beforeEach(async () => {
        await emulator.admin.clearFaults();
        await emulator.admin.seed({ replace: true });
        await emulator.admin.clearRequests();
    });

    it("sends task_tag, name and task_type, and reads every page of the selection only", async () => {
        const tasks = Array.from({ length: 2500 }, (_, i) => ({
            projectId: P,
            instanceId: I,
            taskId: `t${i}`,
            taskName: `orders ${i}`,
            taskType: i % 2 === 0 ? ("TIMING" as const) : ("REALTIME" as const),
            taskTag: i < 2100 ? "nightly" : "hourly",
        }));
        await emulator.admin.seed({ tasks });
        const r = await c.fdi.findTasks(scope, { taskTag: "nightly", taskType: "timing", nameContains: "orders" });
        assert.equal(r.tasks.length, 1050);
        assert.equal(r.calls, 2);
        assert.ok(r.tasks.every((t) => t.taskTag === "nightly" && t.taskType === "timing"));
        const log = await emulator.admin.requests();
        assert.deepEqual(
            log.map((l) => [l.operation, l.query.task_tag, l.query.task_type, l.query.name, l.query.offset]),
            [
                ["ListTasks", "nightly", "timing", "orders", "0"],
                ["ListTasks", "nightly", "timing", "orders", "999"],
            ],
        );
    });

    it("re-checks the name on the client: a server whose name match is fuzzier than a substring adds nothing", async () => {
        await emulator.admin.setFaults([
            {
                operation: "ListTasks",
                kind: "reply",
                times: 1,
                reply: {
                    status: 200,
                    body: {
                        total: 3,
                        entities: [
                            { task_id: "a", task_name: "orders-extract", task_tag: "nightly", status: 1 },
                            { task_id: "b", task_name: "Orders-load", task_tag: "nightly", status: 0 },
                            { task_id: "c", task_name: "ord-ers", task_tag: "nightly", status: 0 },
                        ],
                    },
                },
            },
        ]);
        const r = await c.fdi.findTasks(scope, { nameContains: "orders" });
        assert.deepEqual(
            r.tasks.map((t) => t.taskId),
            ["a"],
        );
    });

    it("a selection the API cannot page through (offset above 20000) is refused with what to do", async () => {
        await emulator.admin.seed({ tasks: Array.from({ length: 21_000 }, (_, i) => ({ projectId: P, instanceId: I, taskId: `x${i}`, taskTag: "all" })) });
        await assert.rejects(c.fdi.findTasks(scope, { taskTag: "all" }), (e: InputError) => {
            assert.ok(e instanceof InputError);
            assert.match(e.message, /the selector \{ taskTag: "all" \} matches more than 20000 tasks, which the API cannot page through; narrow it/);
            return true;
        });
        assert.equal((await emulator.admin.requests()).length, 21);
    });

    it("ListMonitorInfos pages from offset 1 and gives each task's last run and schedule", async () => {
        const tasks = Array.from({ length: 1200 }, (_, i) => ({
            projectId: P,
            instanceId: I,
            taskId: `m${i}`,
            taskName: i < 10 ? `nightly ${i}` : `other ${i}`,
            ...(i % 3 === 0 && { lastExecuteTime: Date.UTC(2026, 10, 30) + i, cron: "0 0 1 * * ?", period: "DAY" as const }),
        }));
        await emulator.admin.seed({ tasks });
        const all = await c.fdi.listMonitors(scope);
        assert.equal(all.length, 1200);
        assert.deepEqual(
            all.find((m) => m.taskId === "m3"),
            {
                taskId: "m3",
                lastExecuteTime: Date.UTC(2026, 10, 30) + 3,
                cron: "0 0 1 * * ?",
                period: "DAY",
                executeStatus: "UNSTARTED",
            },
        );
        assert.deepEqual(
            all.find((m) => m.taskId === "m1"),
            { taskId: "m1", executeStatus: "UNSTARTED" },
        );
        const named = await c.fdi.listMonitors(scope, { taskName: "nightly" });
        assert.equal(named.length, 10);
        const log = await emulator.admin.requests();
        assert.deepEqual(
            log.map((l) => [l.operation, l.query.offset, l.query.task_name]),
            [
                ["ListMonitorInfos", "1", undefined],
                ["ListMonitorInfos", "1000", undefined],
                ["ListMonitorInfos", "1", "nightly"],
            ],
        );
    });
});
