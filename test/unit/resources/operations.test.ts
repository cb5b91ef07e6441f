// The property-bag operations both adapters share: detailed diffs (inputs and drift as paths)
// and the outputs a preview plans without a call.
import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../../provider/core/unknown";
import { dynamicProvider } from "../../../provider/dynamic/adapter";
import type { Props } from "../../../provider/resources/common/inputs";
import { resourceOperations } from "../../../provider/resources/common/operations";
import { drsJobRetry } from "../../../provider/resources/drs-job-retry/handler";
import { taskProgressReset } from "../../../provider/resources/task-progress-reset/handler";
import { taskRunState } from "../../../provider/resources/task-run-state/handler";

const trs = resourceOperations(taskRunState);
const stored = {
    instanceId: "i",
    taskIds: ["a", "b", "c", "d"],
    state: "started",
    onDelete: "keep",
    settleTimeoutSeconds: 60,
    tasks: [
        { taskId: "a", taskName: "A", status: "started" },
        { taskId: "b", status: "started" },
        { taskId: "c", status: "stopped" },
        { taskId: "d", status: "missing" },
    ],
    initialStatuses: { a: "stopped", b: "started", c: "stopped" },
    stateVersion: 1,
};
const inputs = { instanceId: "i", taskIds: ["a", "b", "c", "d"], state: "started", onDelete: "keep", settleTimeoutSeconds: 60 };

describe("resource operations (shared by the adapters)", () => {
    it("a drifted TaskRunState names each task out of state as a path into tasks", () => {
        const d = trs.diff(stored, inputs);
        assert.equal(d.changes, true);
        assert.deepEqual(
            d.paths.map((p) => p.path),
            ["tasks[2].status", "tasks[3].status"],
        );
        assert.ok(d.paths.every((p) => !p.input && !p.replace));
    });

    it("changed inputs are paths of their own, instanceId and projectId as replacements", () => {
        const d = trs.diff(stored, { ...inputs, instanceId: "j", projectId: "p", onDelete: "stop", state: "stopped" });
        const byPath = Object.fromEntries(d.paths.map((p) => [p.path, p.replace]));
        assert.deepEqual(byPath, {
            instanceId: true,
            projectId: true,
            onDelete: false,
            state: false,
            "tasks[0].status": false,
            "tasks[1].status": false,
            "tasks[3].status": false,
        });
        assert.deepEqual(d.replaces.sort(), ["instanceId", "projectId"]);
    });

    it("no paths when nothing differs", () => {
        const inState = { ...stored, tasks: stored.tasks.map((t) => ({ ...t, status: "started" })) };
        assert.deepEqual(trs.diff(inState, inputs), { changes: false, replaces: [], paths: [] });
    });

    it("a planned TaskRunState has every task in the desired status, the run status unknown", () => {
        const planned = trs.planned(stored, { ...inputs, state: "stopped", taskIds: ["a", "e"] });
        assert.deepEqual(planned.tasks, [
            { taskId: "a", taskName: "A", status: "stopped", executeStatus: UNKNOWN },
            { taskId: "e", status: "stopped", executeStatus: UNKNOWN },
        ]);
        assert.equal(planned.initialStatuses, UNKNOWN, "task e was never seen");
        assert.equal((trs.planned(stored, inputs).tasks as { status: string }[])[3].status, UNKNOWN, "task d was last seen missing");
        assert.deepEqual(trs.planned(stored, { ...inputs, taskIds: ["a", "b", "c"] }).initialStatuses, stored.initialStatuses);
        assert.equal(trs.planned(undefined, { ...inputs, taskIds: UNKNOWN }).tasks, UNKNOWN);
        assert.equal(trs.planned(undefined, inputs).stateVersion, 1);
    });

    it("one-shot resources plan their answers as unknown on create, and carry them on update", () => {
        const reset = resourceOperations(taskProgressReset);
        const resetInputs = { instanceId: "i", taskId: "t" };
        assert.deepEqual(reset.planned(undefined, resetInputs), { ...resetInputs, message: UNKNOWN, resetAt: UNKNOWN, stateVersion: 1 });
        const old = { ...resetInputs, message: "Reset Success", resetAt: "2026-01-01T00:00:00.000Z", stateVersion: 1 };
        assert.deepEqual(reset.planned(old, resetInputs), old);
        const drs = resourceOperations(drsJobRetry);
        assert.equal(drs.planned(undefined, { jobIds: ["j"], waitFor: "none", timeoutSeconds: 600 }).results, UNKNOWN);
    });

    it("changes and replaces follow from the detailed paths, for every resource: the two adapters cannot disagree", async () => {
        const reset = { instanceId: "i", taskId: "t", dateFrom: 1_800_000_000_000, triggers: ["x"] };
        const retry = { jobIds: ["j1", "j2"], waitFor: "none", timeoutSeconds: 600 };
        // Each resource's stored state, and input changes to try one at a time (unknown values included).
        const cases: { def: Parameters<typeof resourceOperations>[0]; olds: Props; news: Props; changes: Props[] }[] = [
            {
                def: taskRunState,
                olds: stored,
                news: inputs,
                changes: [
                    {},
                    { state: "stopped" },
                    { onDelete: "stop" },
                    { instanceId: "j" },
                    { projectId: "p" },
                    { taskIds: ["d", "c", "b", "a"] },
                    { taskIds: [UNKNOWN] },
                    { state: UNKNOWN },
                ],
            },
            {
                def: taskRunState,
                olds: { ...stored, tasks: stored.tasks.map((t) => ({ ...t, status: "started" })) },
                news: inputs,
                changes: [{}, { settleTimeoutSeconds: 120 }, { instanceId: "j", state: "stopped" }],
            },
            {
                def: taskProgressReset,
                olds: { ...reset, message: "Reset Success", resetAt: "2026-01-01T00:00:00.000Z", stateVersion: 1 },
                news: reset,
                changes: [{}, { dateFrom: 1 }, { triggers: ["y"] }, { taskId: UNKNOWN }, { projectId: "p", instanceId: "j" }],
            },
            {
                def: drsJobRetry,
                olds: { ...retry, results: [], stateVersion: 1 },
                news: retry,
                changes: [{}, { jobIds: ["j2", "j1"] }, { jobIds: ["j3"] }, { waitFor: "transferring" }, { timeoutSeconds: 60 }, { isSyncReEdit: true }],
            },
        ];
        let changed = 0;
        for (const { def, olds, news, changes } of cases) {
            const ops = resourceOperations(def);
            const host = dynamicProvider(def, () => assert.fail("diff needs no context"));
            for (const change of changes) {
                const next = { ...news, ...change };
                const d = ops.diff(olds, next);
                const label = `${def.type} ${JSON.stringify(change)}`;
                assert.equal(d.changes, d.paths.length > 0, label);
                assert.deepEqual(
                    d.replaces,
                    d.paths.filter((p) => p.replace).map((p) => p.path),
                    label,
                );
                // What the dynamic host is told is that same summary.
                assert.deepEqual(await host.diff("id", olds, next), { changes: d.changes, replaces: d.replaces }, label);
                if (d.changes) changed++;
            }
        }
        assert.ok(changed >= 15, `the cases exercise changes (${changed})`);
    });
});
