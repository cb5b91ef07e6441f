import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../../provider/core/unknown";
import { classifyJobStatus, mergeResults } from "../../../provider/resources/drs-job-retry/plan";
import type { Props } from "../../../provider/resources/common/inputs";
import { diffResource } from "../../../provider/resources/common/operations";
import { taskProgressReset } from "../../../provider/resources/task-progress-reset/handler";
import { TaskProgressResetState } from "../../../provider/resources/task-progress-reset/schema";
import { taskRunState } from "../../../provider/resources/task-run-state/handler";
import { isAlreadyInState, planDelete, planRunState, recordInitialStatuses, viewTasks } from "../../../provider/resources/task-run-state/plan";
import { TaskRunStateState } from "../../../provider/resources/task-run-state/schema";

/** The summary the dynamic host gets, from the one diff. */
const summary = ({ changes, replaces }: { changes: boolean; replaces: string[] }) => ({ changes, replaces });
const diffTaskRunState = (olds: TaskRunStateState, news: Props) => summary(diffResource(taskRunState, olds, news));
const reset = { diff: (olds: TaskProgressResetState, news: Props) => summary(diffResource(taskProgressReset, olds, news)) };

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
        const views = viewTasks(
            ["a", "b", "c", "z"],
            [
                { taskId: "a", status: "started" },
                { taskId: "b", status: "started" },
                { taskId: "c", status: "started" },
            ],
        );
        assert.deepEqual(planDelete("keep", views, {}), { start: [], stop: [] });
        assert.deepEqual(planDelete("stop", views, {}), { start: [], stop: ["a", "b", "c"] });
        assert.deepEqual(planDelete("restore", views, { a: "started", b: "stopped" }), { start: [], stop: ["b"] });
    });
});

describe("diffs are pure and precise", () => {
    const olds = TaskRunStateState.parse({
        instanceId: "i",
        taskIds: ["a", "b"],
        state: "started",
        onDelete: "keep",
        tasks: [
            { taskId: "a", status: "started" },
            { taskId: "b", status: "started" },
        ],
        stateVersion: 1,
    });

    it("no change when inputs match and every task is in state; order of taskIds does not matter", () => {
        assert.deepEqual(diffTaskRunState(olds, { instanceId: "i", taskIds: ["b", "a"], state: "started", onDelete: "keep", settleTimeoutSeconds: 60 }), {
            changes: false,
            replaces: [],
        });
    });
    it("drift observed by refresh is a change", () => {
        const drifted = TaskRunStateState.parse({
            ...olds,
            tasks: [
                { taskId: "a", status: "started" },
                { taskId: "b", status: "missing" },
            ],
        });
        assert.equal(diffTaskRunState(drifted, { instanceId: "i", taskIds: ["a", "b"], state: "started", onDelete: "keep" }).changes, true);
    });
    it("instanceId and projectId replace; unknown values count as changes", () => {
        assert.deepEqual(diffTaskRunState(olds, { ...olds, instanceId: "j" }).replaces, ["instanceId"]);
        assert.deepEqual(diffTaskRunState(olds, { ...olds, projectId: "p" }).replaces, ["projectId"]);
        assert.equal(diffTaskRunState(olds, { ...olds, taskIds: [UNKNOWN] }).changes, true);
    });
    it("a change of onDelete or state is an update, not a replacement", () => {
        assert.deepEqual(diffTaskRunState(olds, { ...olds, onDelete: "stop" }), { changes: true, replaces: [] });
        assert.deepEqual(diffTaskRunState(olds, { ...olds, state: "stopped" }), { changes: true, replaces: [] });
    });
    it("one-shot resources replace on any input change and only then", () => {
        const o = TaskProgressResetState.parse({
            instanceId: "i",
            taskId: "m",
            dateFrom: 1_800_000_000_000,
            triggers: ["x"],
            message: "Reset Success",
            stateVersion: 1,
        });
        const same = { instanceId: "i", taskId: "m", dateFrom: 1_800_000_000_000, triggers: ["x"] };
        assert.deepEqual(reset.diff(o, same), { changes: false, replaces: [] });
        assert.deepEqual(reset.diff(o, { ...same, dateFrom: 1_800_000_000_001, triggers: ["y"] }).replaces, ["dateFrom", "triggers"]);
        assert.deepEqual(reset.diff(o, { ...same, taskId: UNKNOWN }).replaces, ["taskId"]);
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

describe("DRS retry results", () => {
    it("keep earlier successes, take this call's outcomes, and mark jobs not yet retried", () => {
        const previous = [
            { jobId: "a", status: "success" as const },
            { jobId: "b", status: "failed" as const, errorCode: "DRS.X" },
        ];
        const merged = mergeResults(["a", "b", "c"], previous, [{ jobId: "b", status: "success" }]);
        assert.deepEqual(merged, [
            { jobId: "a", status: "success" },
            { jobId: "b", status: "success" },
            { jobId: "c", status: "failed", errorCode: "NOT_RETRIED", errorMessage: "not retried yet" },
        ]);
        merged[0].status = "failed";
        assert.equal(previous[0].status, "success", "results are copies: marking one failed later leaves the earlier state alone");
    });
});
