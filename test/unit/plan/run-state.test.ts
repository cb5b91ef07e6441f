import { strict as assert } from "node:assert";
import { diffReplaceOnAnyChange, diffTaskRunState, RESET_KEYS } from "../../../provider/plan/diff";
import { classifyJobStatus } from "../../../provider/plan/drs-wait";
import { isAlreadyInState, planDelete, planRunState, recordInitialStatuses, viewTasks } from "../../../provider/plan/run-state";
import { UNKNOWN } from "../../../provider/plan/unknown";

const observed = [
    { taskId: "a", status: "started" as const },
    { taskId: "b", status: "stopped" as const },
    { taskId: "c", status: "stopped" as const, taskName: "C" },
];

describe("run-state planning", () => {
    it("acts only on tasks not yet in the desired state, and lists missing ones", () => {
        const views = viewTasks(["a", "b", "c", "z"], observed);
        assert.deepEqual(planRunState("started", views), { action: "start", toChange: ["b", "c"], alreadyDone: ["a"], missing: ["z"] });
        assert.deepEqual(planRunState("stopped", views).toChange, ["a"]);
    });

    it("counts FDI.3023 on start as done, nothing else", () => {
        assert.ok(isAlreadyInState("start", { taskId: "x", errorCode: "FDI.3023" }));
        assert.ok(!isAlreadyInState("stop", { taskId: "x", errorCode: "FDI.3023" }));
        assert.ok(!isAlreadyInState("start", { taskId: "x", errorCode: "FDI.3083" }));
    });

    it("remembers the first status seen for each task", () => {
        const first = recordInitialStatuses(undefined, viewTasks(["a", "b"], observed));
        assert.deepEqual(first, { a: "started", b: "stopped" });
        const later = recordInitialStatuses(first, viewTasks(["a", "b", "c"], [{ taskId: "a", status: "stopped" }, ...observed.slice(1)]));
        assert.deepEqual(later, { a: "started", b: "stopped", c: "stopped" });
    });

    it("plans delete per onDelete", () => {
        const views = viewTasks(["a", "b", "c", "z"], [{ taskId: "a", status: "started" }, { taskId: "b", status: "started" }, { taskId: "c", status: "started" }]);
        assert.deepEqual(planDelete("keep", views, {}), { start: [], stop: [] });
        assert.deepEqual(planDelete("stop", views, {}), { start: [], stop: ["a", "b", "c"] });
        assert.deepEqual(planDelete("restore", views, { a: "started", b: "stopped" }), { start: [], stop: ["b"] });
    });
});

describe("diffs are pure and precise", () => {
    const olds = { instanceId: "i", taskIds: ["a", "b"], state: "started", onDelete: "keep", tasks: [{ taskId: "a", status: "started" }, { taskId: "b", status: "started" }] };

    it("no change when inputs match and every task is in state; order of taskIds does not matter", () => {
        assert.deepEqual(diffTaskRunState(olds, { instanceId: "i", taskIds: ["b", "a"], state: "started", onDelete: "keep" }), { changes: false, replaces: [] });
    });
    it("drift observed by refresh is a change", () => {
        const drifted = { ...olds, tasks: [{ taskId: "a", status: "started" }, { taskId: "b", status: "missing" }] };
        assert.equal(diffTaskRunState(drifted, { instanceId: "i", taskIds: ["a", "b"], state: "started", onDelete: "keep" }).changes, true);
    });
    it("instanceId and projectId replace; unknown values count as changes", () => {
        assert.deepEqual(diffTaskRunState(olds, { ...olds, instanceId: "j" }).replaces, ["instanceId"]);
        assert.deepEqual(diffTaskRunState(olds, { ...olds, projectId: "p" }).replaces, ["projectId"]);
        assert.equal(diffTaskRunState(olds, { ...olds, taskIds: [UNKNOWN] }).changes, true);
    });
    it("one-shot resources replace on any input change and only then", () => {
        const o = { instanceId: "i", taskId: "m", dateFrom: 1, triggers: ["x"], message: "Reset Success" };
        assert.deepEqual(diffReplaceOnAnyChange(RESET_KEYS, o, { instanceId: "i", taskId: "m", dateFrom: 1, triggers: ["x"] }), { changes: false, replaces: [] });
        assert.deepEqual(diffReplaceOnAnyChange(RESET_KEYS, o, { instanceId: "i", taskId: "m", dateFrom: 2, triggers: ["y"] }).replaces, ["dateFrom", "triggers"]);
    });
});

describe("DRS wait classification [I] (Terraform's start targets)", () => {
    it("classifies statuses", () => {
        assert.equal(classifyJobStatus("INCRE_TRANSFER_STARTED"), "transferring");
        assert.equal(classifyJobStatus("FULL_TRANSFER_COMPLETE"), "transferring");
        assert.equal(classifyJobStatus("INCRE_TRANSFER_FAILED"), "failed");
        assert.equal(classifyJobStatus("STARTJOBING"), "pending");
        assert.equal(classifyJobStatus(undefined), "pending");
    });
});
