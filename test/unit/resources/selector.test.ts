// TaskRunState with a selector, against in-memory clients on a fake clock: exactly one of
// taskIds and selector, reads through ListTasks' filters only, tasks joining and leaving the
// selection, a selection that matches nothing, delete on the tasks last resolved, and the
// progress lines of a settling wait.
import { strict as assert } from "node:assert";
import { InputError } from "../../../provider/core/errors";
import { UNKNOWN } from "../../../provider/core/unknown";
import { resourceOperations } from "../../../provider/resources/common/operations";
import type { Props } from "../../../provider/resources/common/inputs";
import { PROGRESS_EVERY_MS, formatDuration } from "../../../provider/resources/common/progress";
import { handler as trs, taskRunState } from "../../../provider/resources/task-run-state/handler";
import { TaskRunStateInputs, TaskRunStateState } from "../../../provider/resources/task-run-state/schema";
import { rejection } from "../../support/expect";
import { FakeFdi, fakeContext, type FakeTask } from "../../support/fakes";

const SCOPE = { projectId: "proj-default", instanceId: "inst-1" };
const ops = resourceOperations(taskRunState);

const task = (taskId: string, status: "started" | "stopped", over: Partial<FakeTask> = {}): FakeTask => ({
    taskId,
    taskName: `orders ${taskId}`,
    status,
    taskType: "timing",
    taskTag: "nightly",
    ...over,
});

const inputs = (over: Props = {}) => TaskRunStateInputs.parse({ instanceId: SCOPE.instanceId, state: "started", selector: { taskTag: "nightly" }, ...over });
const stateOf = (written: object) => TaskRunStateState.parse({ ...written, stateVersion: 1 });
const writes = (fdi: FakeFdi) => fdi.batches.map((b) => `${b.action} ${b.ids.join(",")}`);

describe("TaskRunState selector: check", () => {
    const check = (props: Props) => ops.check({ instanceId: "inst-1", state: "started", ...props });

    it("refuses both taskIds and selector, and neither, with a message naming both", () => {
        const both = check({ taskIds: ["t1"], selector: { taskTag: "nightly" } });
        assert.deepEqual(both.failures, [{ property: "", reason: "set either taskIds (tasks by ID) or selector (tasks by tag, name or type), not both" }]);
        const neither = check({});
        assert.equal(neither.failures.length, 1);
        assert.equal(neither.failures[0].property, "");
        assert.match(neither.failures[0].reason, /set exactly one of taskIds .* or selector/);
    });

    it("refuses an empty selector, an unknown field and a task type it does not know", () => {
        assert.deepEqual(check({ selector: {} }).failures, [{ property: "selector", reason: "must set at least one of taskTag, nameContains, taskType" }]);
        assert.deepEqual(
            check({ selector: { taskTag: "nightly", tag: "x" } }).failures.map((f) => `${f.property}: ${f.reason}`),
            ["selector.tag: is not an input of this resource"],
        );
        assert.deepEqual(
            check({ selector: { taskType: "batch" } }).failures.map((f) => `${f.property}: ${f.reason}`),
            ['selector.taskType: must be one of "realtime", "timing", got "batch"'],
        );
        assert.deepEqual(
            check({ selector: { nameContains: "" } }).failures.map((f) => f.property),
            ["selector.nameContains"],
        );
    });

    it("a selector not known yet (preview) passes and stays unknown; taskIds unknown beside a selector still counts as both", () => {
        const pv = check({ selector: { taskTag: UNKNOWN } });
        assert.deepEqual(pv.failures, []);
        assert.equal(pv.inputs.selector, UNKNOWN);
        assert.match(check({ taskIds: UNKNOWN, selector: { taskTag: "x" } }).failures[0].reason, /not both/);
        assert.deepEqual(check({ selector: UNKNOWN }).failures, []);
    });

    it("state written with taskIds diffs as before; switching to a selector is an in-place update", () => {
        const olds = stateOf({
            ...TaskRunStateInputs.parse({ instanceId: "inst-1", state: "started", taskIds: ["t1"] }),
            tasks: [{ taskId: "t1", status: "started" }],
        });
        const same = ops.diff(olds, check({ taskIds: ["t1"] }).inputs);
        assert.deepEqual([same.changes, same.replaces], [false, []]);
        const switched = ops.diff(olds, check({ selector: { taskTag: "nightly" } }).inputs);
        assert.equal(switched.changes, true);
        assert.deepEqual(switched.replaces, []);
        assert.deepEqual(switched.paths.map((p) => p.path).sort(), ["selector", "taskIds"]);
    });

    it("a selector whose fields come in another order than stored is unchanged; another value is a change", () => {
        // Stored state is parsed back in schema order; the engine sends a Struct's fields in no fixed order.
        const stored = check({ selector: { taskTag: "nightly", nameContains: "orders", taskType: "timing" } }).inputs;
        const olds = stateOf({ ...TaskRunStateInputs.parse(stored), tasks: [{ taskId: "t1", status: "started" }] });
        const reordered = { ...stored, selector: { taskType: "timing", nameContains: "orders", taskTag: "nightly" } };
        assert.notEqual(JSON.stringify(reordered.selector), JSON.stringify(olds.selector));
        const same = ops.diff(olds, reordered);
        assert.deepEqual([same.changes, same.paths], [false, []]);
        assert.deepEqual(ops.planned(olds, reordered).tasks, [{ taskId: "t1", status: "started", executeStatus: UNKNOWN }]);
        const changed = ops.diff(olds, { ...reordered, selector: { taskType: "timing", nameContains: "order", taskTag: "nightly" } });
        assert.deepEqual(
            changed.paths.map((p) => p.path),
            ["selector"],
        );
    });
});

describe("TaskRunState selector: handler", () => {
    it("create reads through the selector's filters only, writes only the matched tasks out of state, and lists them", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [
            task("a", "stopped"),
            task("b", "started"),
            task("c", "stopped", { taskTag: "hourly" }),
            task("d", "stopped", { taskType: "realtime" }),
        ]);
        const ctx = fakeContext({ fdi });
        const out = stateOf(await trs.create(ctx, "id", inputs({ selector: { taskTag: "nightly", taskType: "timing" } })));
        assert.deepEqual(writes(fdi), ["start a"]);
        assert.deepEqual(
            out.tasks.map((t) => `${t.taskId}:${t.status}`),
            ["a:started", "b:started"],
        );
        assert.deepEqual(out.initialStatuses, { a: "stopped", b: "started" });
        assert.equal(out.taskIds, undefined);
        assert.deepEqual(fdi.queries, [
            { taskTag: "nightly", taskType: "timing" },
            { taskTag: "nightly", taskType: "timing" },
        ]);
        assert.equal(fdi.calls.listTasks, 0, "never a listing by ID, let alone of the whole instance");
    });

    it("a selection that matches nothing fails naming the selector and the instance, and writes nothing", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [task("a", "stopped")]);
        const err = await rejection(trs.create(fakeContext({ fdi }), "id", inputs({ selector: { taskTag: "nighlty" } })), InputError);
        assert.match(err.message, /^TaskRunState start on instance inst-1: the selector \{ taskTag: "nighlty" \} matches no task, so nothing was written;/);
        assert.deepEqual(writes(fdi), []);
    });

    it("a task that joins is found by refresh and drifts; the next up writes only it; one that leaves is named once and left as it is", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [task("a", "stopped"), task("b", "stopped")]);
        const ctx = fakeContext({ fdi });
        let state = stateOf(await trs.create(ctx, "id", inputs()));
        assert.deepEqual(writes(fdi), ["start a,b"]);
        // Tagged in the console: c joins (stopped); b is untagged (and stays started).
        fdi.addTasks(SCOPE, [task("c", "stopped"), task("b", "started", { taskTag: "" })]);
        state = stateOf(await trs.read(ctx, "id", state));
        assert.deepEqual(
            state.tasks.map((t) => `${t.taskId}:${t.status}`),
            ["a:started", "c:stopped"],
        );
        assert.equal(ctx.logs.length, 1);
        assert.match(
            ctx.logs[0],
            /1 task\(s\) on instance inst-1 no longer match the selector \{ taskTag: "nightly" \} and are left as they are: b \(orders b\), last seen started/,
        );
        const diff = ops.diff(state, ops.check({ instanceId: "inst-1", state: "started", selector: { taskTag: "nightly" } }).inputs);
        assert.equal(diff.changes, true);
        assert.deepEqual(
            diff.paths.map((p) => p.path),
            ["tasks[1].status"],
        );
        state = stateOf(await trs.update(ctx, "id", state, inputs()));
        assert.deepEqual(writes(fdi), ["start a,b", "start c"], "the up writes only the task that joined");
        assert.equal(fdi.task(SCOPE, "b")?.status, "started", "the task that left is left as it is");
        await trs.read(ctx, "id", state);
        assert.equal(ctx.logs.length, 1, "named once");
    });

    it("an update without a refresh names the tasks that left, once", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [task("a", "stopped"), task("b", "stopped")]);
        const ctx = fakeContext({ fdi });
        const state = stateOf(await trs.create(ctx, "id", inputs()));
        fdi.addTasks(SCOPE, [task("b", "started", { taskTag: "" })]);
        const next = stateOf(await trs.update(ctx, "id", state, inputs({ onDelete: "stop" })));
        assert.equal(ctx.logs.filter((l) => l.includes("no longer match")).length, 1);
        await trs.update(ctx, "id", next, inputs({ onDelete: "stop" }));
        assert.equal(ctx.logs.filter((l) => l.includes("no longer match")).length, 1);
    });

    it("delete acts on the tasks last resolved, also one that left the selection since", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [task("a", "stopped"), task("b", "stopped")]);
        const ctx = fakeContext({ fdi });
        const state = stateOf(await trs.create(ctx, "id", inputs({ onDelete: "restore" })));
        fdi.addTasks(SCOPE, [task("b", "started", { taskTag: "" }), task("z", "started")]);
        await trs.delete(ctx, "id", state);
        assert.deepEqual(writes(fdi).slice(1), ["stop a,b"]);
        assert.equal(fdi.task(SCOPE, "z")?.status, "started", "a task that joined after the last resolution is not touched");
    });

    it("a refresh that finds the selection empty records no task, and the next up is planned as an update that fails naming the selector", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [task("a", "stopped")]);
        const ctx = fakeContext({ fdi });
        let state = stateOf(await trs.create(ctx, "id", inputs()));
        fdi.addTasks(SCOPE, [task("a", "started", { taskTag: "" })]);
        state = stateOf(await trs.read(ctx, "id", state));
        assert.deepEqual(state.tasks, []);
        const diff = ops.diff(state, ops.check({ instanceId: "inst-1", state: "started", selector: { taskTag: "nightly" } }).inputs);
        assert.equal(diff.changes, true);
        assert.deepEqual(
            diff.paths.map((p) => p.path),
            ["tasks"],
        );
        await rejection(trs.update(ctx, "id", state, inputs()), InputError);
    });

    it("preview plans the tasks last matched when the selector is unchanged, and unknown tasks when it changed", () => {
        const olds = stateOf({ ...inputs(), tasks: [{ taskId: "a", status: "stopped" }], initialStatuses: { a: "stopped" } });
        const same = ops.planned(olds, ops.check({ instanceId: "inst-1", state: "started", selector: { taskTag: "nightly" } }).inputs);
        assert.deepEqual(same.tasks, [{ taskId: "a", status: "started", executeStatus: UNKNOWN }]);
        const changed = ops.planned(olds, ops.check({ instanceId: "inst-1", state: "started", selector: { taskTag: "hourly" } }).inputs);
        assert.equal(changed.tasks, UNKNOWN);
        assert.equal(ops.planned(undefined, ops.check({ instanceId: "inst-1", state: "started", selector: { taskTag: "x" } }).inputs).tasks, UNKNOWN);
    });
});

describe("TaskRunState: progress while settling", () => {
    it("a status line at most every few seconds while tasks settle, and a final line saying what was reached", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [task("a", "stopped"), task("b", "stopped"), task("c", "stopped")]);
        fdi.lagWrites("a", 8);
        fdi.lagWrites("b", 3);
        const lines: { message: string; final: boolean }[] = [];
        const ctx = { ...fakeContext({ fdi, pollIntervalMs: 2000 }), status: (message: string, final: boolean) => lines.push({ message, final }) };
        await trs.create(ctx, "id", inputs());
        const statusLines = lines.filter((l) => !l.final).map((l) => l.message);
        assert.deepEqual(statusLines, [
            "waiting for 3 task(s) to be started: 2 stopped, 1 started (0s of 1m)",
            "waiting for 3 task(s) to be started: 2 started, 1 stopped (6s of 1m)",
            "waiting for 3 task(s) to be started: 2 started, 1 stopped (12s of 1m)",
        ]);
        assert.deepEqual(
            lines.filter((l) => l.final).map((l) => l.message),
            ["3 task(s) started after 16s"],
        );
        assert.equal(lines.at(-1)?.final, true, "the final line is the last");
    });

    it("nothing is shown when the tasks show their status at once", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [task("a", "stopped")]);
        const lines: string[] = [];
        await trs.create({ ...fakeContext({ fdi }), status: (m: string) => lines.push(m) }, "id", inputs());
        assert.deepEqual(lines, []);
    });

    it("durations read as people read them", () => {
        assert.deepEqual([0, 45_000, 80_000, 600_000, 3_900_000].map(formatDuration), ["0s", "45s", "1m20s", "10m", "1h5m"]);
        assert.equal(PROGRESS_EVERY_MS, 5000);
    });
});
