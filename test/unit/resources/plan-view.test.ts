// The per-task view a plan is drawn from (TaskRunState `taskStatus`, docs/previews.md): what
// Check plans from the program's inputs and the old inputs alone, what a refresh records (with a
// selector's joining and leaving tasks marked), and the diff paths that tell the engine which
// tasks the next `up` writes, old state without the view included.
import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../../provider/core/unknown";
import type { Props } from "../../../provider/resources/common/inputs";
import { resourceOperations } from "../../../provider/resources/common/operations";
import { taskRunState } from "../../../provider/resources/task-run-state/handler";
import { driftTaskRunState, observedTaskStatus, plannedTaskStatus, taskStatusPath } from "../../../provider/resources/task-run-state/plan";
import { TaskRunStateState, type TaskView } from "../../../provider/resources/task-run-state/schema";

const ops = resourceOperations(taskRunState);
const view = (taskId: string, status: TaskView["status"], taskName?: string): TaskView => ({ taskId, status, ...(taskName !== undefined && { taskName }) });
const state = (over: Props): TaskRunStateState =>
    TaskRunStateState.parse({ instanceId: "inst", state: "started", tasks: [], initialStatuses: {}, stateVersion: 1, ...over });

describe("TaskRunState plan view (taskStatus)", () => {
    it("Check plans every task of taskIds in the target status, named as the old inputs name it; no call needed", () => {
        const olds = {
            instanceId: "inst",
            taskIds: ["a", "b"],
            state: "started",
            taskStatus: { a: { name: "A", status: "started" }, b: { name: "B", status: "stopped" } },
        };
        const r = ops.check({ instanceId: "inst", taskIds: ["a", "b", "c"], state: "stopped" }, olds);
        assert.deepEqual(r.failures, []);
        assert.deepEqual(r.inputs.taskStatus, { a: { name: "A", status: "stopped" }, b: { name: "B", status: "stopped" }, c: { status: "stopped" } });
        // A new resource: no old inputs, no names yet.
        assert.deepEqual(ops.check({ instanceId: "inst", taskIds: ["a"], state: "started" }).inputs.taskStatus, { a: { status: "started" } });
    });

    it("Check plans a selector's tasks from the old view: leavers dropped, joiners kept marked until in state", () => {
        const olds = {
            selector: { taskTag: "n" },
            taskStatus: {
                a: { name: "A", status: "started" },
                j: { name: "J", status: "stopped", selection: "joins" },
                k: { status: "started", selection: "joins" },
                l: { name: "L", status: "started", selection: "leaves" },
            },
        };
        assert.deepEqual(plannedTaskStatus(olds, { selector: { taskTag: "n" }, state: "started" }), {
            a: { name: "A", status: "started" },
            j: { name: "J", status: "started", selection: "joins" },
            k: { status: "started" },
        });
        // Not known: a changed selector, or stored inputs without a view (the up reads the tasks).
        assert.equal(plannedTaskStatus(olds, { selector: { taskTag: "m" }, state: "started" }), undefined);
        assert.equal(plannedTaskStatus({ selector: { taskTag: "n" } }, { selector: { taskTag: "n" }, state: "started" }), undefined);
        // Unknown while the inputs it depends on are (preview).
        assert.equal(plannedTaskStatus(olds, { selector: { taskTag: "n" }, state: UNKNOWN }), UNKNOWN);
        assert.equal(plannedTaskStatus({}, { taskIds: UNKNOWN, state: "started" }), UNKNOWN);
    });

    it("a refresh marks tasks that match since the last up as joining and keeps those that left, marked leaving", () => {
        const previous = state({ selector: { taskTag: "n" }, tasks: [view("a", "started", "A"), view("l", "started", "L")] });
        const now = [view("a", "stopped", "A"), view("j", "stopped", "J")];
        const first = observedTaskStatus(now, previous);
        assert.deepEqual(first, {
            a: { name: "A", status: "stopped" },
            j: { name: "J", status: "stopped", selection: "joins" },
            l: { name: "L", status: "started", selection: "leaves" },
        });
        // A second refresh before any up still knows who joined and who left (from the stored view).
        assert.deepEqual(observedTaskStatus(now, state({ ...previous, taskStatus: first })), first);
        // Without a previous state (taskIds, or after a write): each task as seen, unmarked.
        assert.deepEqual(observedTaskStatus([view("m", "missing")]), { m: { status: "missing" } });
    });

    it("the diff names each task whose observed status is not the planned one, and each task planned in or out", () => {
        const olds = state({
            taskIds: ["a", "b", "c"],
            tasks: [view("a", "started", "A"), view("b", "stopped", "B"), view("c", "started", "C")],
            taskStatus: { a: { name: "A", status: "started" }, b: { name: "B", status: "stopped" }, c: { name: "C", status: "started" } },
        });
        const news = { instanceId: "inst", taskIds: ["a", "b", "d"], state: "started" };
        const planned = { ...news, taskStatus: { a: { name: "A", status: "started" }, b: { name: "B", status: "started" }, d: { status: "started" } } };
        assert.deepEqual(driftTaskRunState(olds, planned), [
            { path: 'taskStatus["b"]' },
            { path: 'taskStatus["c"]', kind: "delete" },
            { path: 'taskStatus["d"]', kind: "add" },
        ]);
        // Planned without names (before any refresh named them): the status alone, so no name is drawn as removed.
        assert.deepEqual(
            driftTaskRunState(olds, {
                ...news,
                taskIds: ["a", "b", "c"],
                taskStatus: { a: { status: "started" }, b: { status: "started" }, c: { status: "started" } },
            }),
            [{ path: 'taskStatus["b"].status' }],
        );
        assert.equal(taskStatusPath('we"ird'), 'taskStatus["we\\"ird"]');
    });

    it("a selector's tasks that an up met without a refresh before it (stored inputs that do not know them) plan no change", () => {
        const olds = state({
            selector: { taskTag: "n" },
            tasks: [view("a", "started"), view("new", "started")],
            taskStatus: { a: { status: "started" }, new: { status: "started" } },
        });
        const news = { instanceId: "inst", selector: { taskTag: "n" }, state: "started" };
        const checked = ops.check(news, { ...news, taskStatus: { a: { status: "started" }, gone: { status: "started" } } }).inputs;
        assert.equal(ops.diff(olds, checked).changes, false);
    });

    it("a leaver alone is an update (the up records it); a joiner already in state is not", () => {
        const olds = state({
            selector: { taskTag: "n" },
            tasks: [view("a", "started"), view("j", "started")],
            taskStatus: { a: { status: "started" }, j: { status: "started", selection: "joins" }, l: { status: "started", selection: "leaves" } },
        });
        const news = { instanceId: "inst", selector: { taskTag: "n" }, state: "started" };
        const checked = ops.check(news, { ...news, taskStatus: olds.taskStatus }).inputs;
        assert.deepEqual(checked.taskStatus, { a: { status: "started" }, j: { status: "started" } });
        assert.deepEqual(ops.diff({ ...olds }, checked).paths, [{ path: 'taskStatus["l"]', kind: "delete", replace: false, input: false }]);
    });

    it("state without the view (0.1.0, 0.2.0) plans no change when every task is in state, and names the drifted ones otherwise", () => {
        const old = {
            instanceId: "inst",
            taskIds: ["a", "b"],
            state: "started",
            tasks: [view("a", "started"), view("b", "started")],
            initialStatuses: {},
            stateVersion: 1,
        };
        const checked = ops.check(
            { instanceId: "inst", taskIds: ["a", "b"], state: "started" },
            { instanceId: "inst", taskIds: ["a", "b"], state: "started" },
        ).inputs;
        assert.equal(ops.diff(old, checked).changes, false);
        const drifted = { ...old, tasks: [view("a", "started"), view("b", "stopped")] };
        assert.deepEqual(
            ops.diff(drifted, checked).paths.map((p) => p.path),
            ['taskStatus["b"]'],
        );
    });

    it("a refresh returns the inputs with the view it observed: the stored ones, or for the dynamic host those the outputs hold", () => {
        const outputs = {
            instanceId: "inst",
            taskIds: ["a"],
            state: "started",
            onDelete: "keep",
            settleTimeoutSeconds: 60,
            tasks: [],
            taskStatus: { a: { status: "stopped" } },
        };
        // The dynamic host passes no inputs: those held in the outputs.
        assert.deepEqual(ops.readInputs(undefined, outputs), {
            instanceId: "inst",
            taskIds: ["a"],
            state: "started",
            onDelete: "keep",
            settleTimeoutSeconds: 60,
            taskStatus: { a: { status: "stopped" } },
        });
        // The plugin gets the stored inputs: kept as they are, but for the view.
        const stored = { instanceId: "inst", taskIds: ["a"], state: "started", __defaults: [], taskStatus: { a: { status: "started" } } };
        assert.deepEqual(ops.readInputs(stored, outputs), { ...stored, taskStatus: { a: { status: "stopped" } } });
        // Old outputs without a view: the stored inputs stay.
        assert.equal(ops.readInputs(stored, { ...outputs, taskStatus: undefined }), undefined);
    });
});
