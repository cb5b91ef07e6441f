// getTasks against in-memory clients: by selector or by ID (exactly one), the tasks as data in
// a stable shape, last runs and schedules from the monitors only when asked, a missing ID named.
import { strict as assert } from "node:assert";
import { InputError } from "../../../provider/core/errors";
import { checkGetTasksArgs, getTasksWith } from "../../../provider/resources/get-tasks/handler";
import { FakeFdi, fakeContext, type FakeTask } from "../../support/fakes";

const SCOPE = { projectId: "proj-default", instanceId: "inst-1" };
const T = Date.UTC(2026, 10, 30, 1, 0);

const seeded = () =>
    new FakeFdi().addTasks(SCOPE, [
        {
            taskId: "a",
            taskName: "orders extract",
            status: "started",
            executeStatus: "SUCCESS",
            taskType: "timing",
            taskTag: "nightly",
            monitor: { lastExecuteTime: T, cron: "0 0 1 * * ?", period: "DAY" },
        },
        { taskId: "b", taskName: "orders load", status: "stopped", taskType: "timing", taskTag: "nightly" },
        { taskId: "c", taskName: "pricing", status: "started", taskType: "realtime" },
        ...Array.from({ length: 5 }, (_, i): FakeTask => ({ taskId: `x${i}`, status: "stopped" })),
    ]);

const args = (raw: Record<string, unknown>) => {
    const r = checkGetTasksArgs({ instanceId: SCOPE.instanceId, ...raw });
    assert.ok(r.args, JSON.stringify(r.failures));
    return r.args;
};

describe("getTasks", () => {
    it("by selector: the matched tasks as data; with withLastRun, last run and schedule from the monitors", async () => {
        const fdi = seeded();
        const plain = await getTasksWith(fakeContext({ fdi }), args({ selector: { taskTag: "nightly" } }));
        assert.deepEqual(plain.tasks, [
            { taskId: "a", taskName: "orders extract", taskType: "timing", taskTag: "nightly", status: "started", executeStatus: "SUCCESS" },
            { taskId: "b", taskName: "orders load", taskType: "timing", taskTag: "nightly", status: "stopped", executeStatus: "" },
        ]);
        assert.equal(fdi.calls.listMonitors, 0, "no monitor call unless asked");
        const withRuns = await getTasksWith(fakeContext({ fdi }), args({ selector: { taskTag: "nightly" }, withLastRun: true }));
        assert.deepEqual(withRuns.tasks[0], {
            taskId: "a",
            taskName: "orders extract",
            taskType: "timing",
            taskTag: "nightly",
            status: "started",
            executeStatus: "SUCCESS",
            lastExecuteTime: "2026-11-30T01:00:00.000Z",
            cron: "0 0 1 * * ?",
            period: "DAY",
        });
        assert.equal(withRuns.tasks[1].lastExecuteTime, undefined);
        assert.equal(fdi.calls.listMonitors, 1);
    });

    it("by ID: in the order given, one filtered read each for a few, one listing for more; a missing ID is named", async () => {
        const fdi = seeded();
        const few = await getTasksWith(fakeContext({ fdi }), args({ taskIds: ["c", "a"] }));
        assert.deepEqual(
            few.tasks.map((t) => `${t.taskId}:${t.taskType}:${t.status}`),
            ["c:realtime:started", "a:timing:started"],
        );
        assert.deepEqual(fdi.queries, [{ taskId: "c" }, { taskId: "a" }]);
        const many = await getTasksWith(fakeContext({ fdi }), args({ taskIds: ["x0", "x1", "x2", "x3"] }));
        assert.equal(many.tasks.length, 4);
        assert.deepEqual(fdi.queries.at(-1), {});
        await assert.rejects(getTasksWith(fakeContext({ fdi }), args({ taskIds: ["a", "nope"] })), (e: InputError) => {
            assert.ok(e instanceof InputError);
            assert.equal(e.message, "getTasks on instance inst-1: 1 task(s) not found: nope; check the task IDs and the instance (and projectId)");
            return true;
        });
    });

    it("a last run outside the dates JavaScript holds: said once for that task, which keeps its other data; the others are whole", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [
            { taskId: "odd", status: "started", monitor: { lastExecuteTime: 9e15 } },
            { taskId: "fine", status: "stopped", monitor: { lastExecuteTime: T } },
        ]);
        const lines: string[] = [];
        const r = await getTasksWith({ ...fakeContext({ fdi }), log: (m: string) => lines.push(m) }, args({ taskIds: ["odd", "fine"], withLastRun: true }));
        assert.deepEqual(
            r.tasks.map((t) => [t.taskId, t.status, t.lastExecuteTime]),
            [
                ["odd", "started", undefined],
                ["fine", "stopped", "2026-11-30T01:00:00.000Z"],
            ],
        );
        assert.deepEqual(lines, [
            "getTasks on instance inst-1: task odd: lastExecuteTime 9000000000000000 (ListMonitorInfos last_execute_time) is outside the dates JavaScript can hold; left out of this task's data (the other fields and tasks are as the API gave them)",
        ]);
    });

    it("a selector that matches nothing is an empty list, not an error", async () => {
        assert.deepEqual(await getTasksWith(fakeContext({ fdi: seeded() }), args({ selector: { taskTag: "weekly" }, withLastRun: true })), { tasks: [] });
    });

    it("checks its arguments as TaskRunState checks its inputs: exactly one of taskIds and selector, each named", () => {
        assert.deepEqual(
            checkGetTasksArgs({ instanceId: "i", taskIds: ["a"], selector: { taskTag: "x" } }).failures.map((f) => f.property),
            ["selector"],
        );
        assert.deepEqual(
            checkGetTasksArgs({ instanceId: "i" }).failures.map((f) => f.property),
            ["taskIds"],
        );
        assert.deepEqual(
            checkGetTasksArgs({ instanceId: "i/x", selector: { taskType: "daily" }, withLastRun: "yes" }).failures.map((f) => f.property),
            ["instanceId", "selector.taskType", "withLastRun"],
        );
    });
});
