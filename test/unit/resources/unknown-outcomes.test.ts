// Handlers against in-memory fakes (test/support/fakes.ts: a fake clock, so the settle wait costs nothing): a write
// whose outcome the API did not confirm is re-read, never assumed; a task in an unknown state
// is never counted as in state; a DRS retry with an unknown outcome is read before it is retried
// again. Also: the 0.1.0 state fixtures still parse under the widened schemas.
import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
import type { DrsClient, DrsJobState, DrsRetryJob, FdiClient, ObservedTask } from "../../../provider/api/types";
import { PartialFailureError } from "../../../provider/core/errors";
import { migrateState } from "../../../provider/resources/common/state";
import { handler as drsHandler } from "../../../provider/resources/drs-job-retry/handler";
import { classifyJobStatus, showsResumed } from "../../../provider/resources/drs-job-retry/plan";
import { DrsJobRetryInputs, DrsJobRetryState } from "../../../provider/resources/drs-job-retry/schema";
import { TaskProgressResetState } from "../../../provider/resources/task-progress-reset/schema";
import { handler as runHandler } from "../../../provider/resources/task-run-state/handler";
import { planDelete, planRunState, recordInitialStatuses, viewTasks } from "../../../provider/resources/task-run-state/plan";
import { TaskRunStateInputs, TaskRunStateState } from "../../../provider/resources/task-run-state/schema";
import { rejection } from "../../support/expect";
import { fakeContext } from "../../support/fakes";

/** A fake FDI instance: `status` per task, changed by batchOperate unless the task is in `ignore`. */
function fakeFdi(status: Record<string, ObservedTask["status"] | number>, opts: { unconfirmed?: string[]; ignore?: string[] } = {}) {
    const writes: { action: string; ids: string[] }[] = [];
    const fdi: Partial<FdiClient> = {
        listTasks: async (_scope, filter) =>
            Object.entries(status)
                .filter(([id]) => !filter?.taskId || id === filter.taskId)
                .map(([taskId, s]) => (typeof s === "number" ? { taskId, status: "unknown" as const, rawStatus: String(s) } : { taskId, status: s })),
        batchOperate: async (_scope, action, ids) => {
            writes.push({ action, ids: [...ids] });
            for (const id of ids) if (!opts.ignore?.includes(id)) status[id] = action === "start" ? "started" : "stopped";
            const unconfirmed = ids.filter((id) => opts.unconfirmed?.includes(id));
            return {
                action,
                calls: 1,
                succeeded: ids.filter((id) => !unconfirmed.includes(id)).map((taskId) => ({ taskId })),
                failed: [],
                unconfirmed: unconfirmed.map((taskId) => ({
                    taskId,
                    errorCode: "NO_RESULT",
                    errorMessage: "the API returned no result for this task (request ID r-42)",
                })),
            };
        },
    };
    return { fdi, writes };
}

describe("TaskRunState handler: unconfirmed writes and unknown states (fakes)", () => {
    const inputs = (over: Record<string, unknown> = {}) => TaskRunStateInputs.parse({ instanceId: "i", taskIds: ["a", "b"], state: "started", ...over });

    it("a task in neither list is waited for like an acknowledged one; done when the re-read shows it", async () => {
        const { fdi } = fakeFdi({ a: "stopped", b: "stopped" }, { unconfirmed: ["b"] });
        const out = await runHandler.create(fakeContext({ answers: { fdi } }), "id", inputs());
        assert.deepEqual(
            out.tasks.map((t) => t.status),
            ["started", "started"],
        );
    });

    it("one still not in state after settling fails NO_RESULT, naming the request ID", async () => {
        const { fdi } = fakeFdi({ a: "stopped", b: "stopped" }, { unconfirmed: ["b"], ignore: ["b"] });
        const ctx = fakeContext({ answers: { fdi } });
        const err = await rejection(runHandler.create(ctx, "id", inputs()), PartialFailureError);
        assert.deepEqual(err.reasons, [
            "task b: NO_RESULT the API returned no result for this task (request ID r-42), and the task is still stopped after 60 s (settleTimeoutSeconds)",
        ]);
        assert.ok(ctx.elapsed() >= 60_000, "waited the settle time, like an acknowledged task");
    });

    it("a task that stays in an unknown state is written, never counted as in state, and fails UNKNOWN_STATUS with the raw value", async () => {
        const { fdi, writes } = fakeFdi({ a: "started", b: 7 }, { ignore: ["b"] });
        const err = await rejection(runHandler.create(fakeContext({ answers: { fdi } }), "id", inputs()), PartialFailureError);
        assert.deepEqual(writes, [{ action: "start", ids: ["b"] }]);
        assert.deepEqual(err.reasons, ["task b: UNKNOWN_STATUS the API reports status 7, which is not a documented value; not counted as started"]);
        const tasks = (err.properties as { tasks: { status: string; rawStatus?: string }[] }).tasks;
        assert.deepEqual(tasks[1], { taskId: "b", taskName: undefined, status: "unknown", rawStatus: "7", executeStatus: undefined });
    });

    it("converge and delete judge an unknown status read back after an acknowledged write alike: UNKNOWN_STATUS, after the settle time", async () => {
        // b's write is acknowledged, but the listing keeps reporting the undocumented status 7.
        const up = fakeFdi({ a: "stopped", b: 7 }, { ignore: ["b"] });
        const upCtx = fakeContext({ answers: { fdi: up.fdi } });
        const created = await rejection(runHandler.create(upCtx, "id", inputs()), PartialFailureError);
        const down = fakeFdi({ a: "started", b: 7 }, { ignore: ["b"] });
        const downCtx = fakeContext({ answers: { fdi: down.fdi } });
        const state = TaskRunStateState.parse({ ...inputs({ onDelete: "stop" }), tasks: [], stateVersion: 1 });
        const deleted = await rejection(runHandler.delete(downCtx, "id", state), PartialFailureError);
        assert.deepEqual([up.writes, down.writes], [[{ action: "start", ids: ["a", "b"] }], [{ action: "stop", ids: ["a", "b"] }]]);
        assert.deepEqual(created.reasons, ["task b: UNKNOWN_STATUS the API reports status 7, which is not a documented value; not counted as started"]);
        assert.deepEqual(deleted.reasons, ["task b: UNKNOWN_STATUS the API reports status 7, which is not a documented value; not counted as stopped"]);
        // Both waited the settle time for the status to become one they can judge.
        assert.deepEqual([upCtx.elapsed() >= 60_000, downCtx.elapsed() >= 60_000], [true, true]);
    });

    it("delete re-reads a task the API did not confirm, and fails it NO_RESULT only if it is not at the target", async () => {
        const state = TaskRunStateState.parse({ ...inputs({ onDelete: "stop" }), tasks: [], stateVersion: 1 });
        const ok = fakeFdi({ a: "started", b: "started" }, { unconfirmed: ["b"] });
        await runHandler.delete(fakeContext({ answers: { fdi: ok.fdi } }), "id", state);
        const stuck = fakeFdi({ a: "started", b: "started" }, { unconfirmed: ["b"], ignore: ["b"] });
        const err = await rejection(runHandler.delete(fakeContext({ answers: { fdi: stuck.fdi } }), "id", state), PartialFailureError);
        assert.deepEqual(err.reasons, [
            "task b: NO_RESULT the API returned no result for this task (request ID r-42), and the task is still started after 60 s (settleTimeoutSeconds)",
        ]);
    });
});

describe("run-state planning with unknown states", () => {
    const views = viewTasks(
        ["a", "b", "c"],
        [
            { taskId: "a", status: "unknown", rawStatus: "2" },
            { taskId: "b", status: "started" },
        ],
    );

    it("an unknown task is to change, with its raw value kept in the view", () => {
        assert.deepEqual(planRunState("started", views), { action: "start", toChange: ["a"], alreadyDone: ["b"], missing: ["c"] });
        assert.equal(views[0].rawStatus, "2");
    });

    it("first seen unknown is remembered as unknown, so a later status never passes for the initial one", () => {
        const first = recordInitialStatuses(undefined, views);
        assert.deepEqual(first, { a: "unknown", b: "started" });
        assert.deepEqual(recordInitialStatuses(first, viewTasks(["a"], [{ taskId: "a", status: "started" }])), first);
    });

    it("delete writes an unknown task only towards a known target", () => {
        assert.deepEqual(planDelete("stop", views, {}), { start: [], stop: ["a", "b"] });
        assert.deepEqual(planDelete("restore", views, { a: "unknown", b: "stopped" }), { start: [], stop: ["b"] });
        assert.deepEqual(planDelete("restore", views, { a: "started" }), { start: ["a"], stop: [] });
    });
});

describe("DrsJobRetry: a retry whose outcome is unknown is read before it is retried (fakes)", () => {
    const inputs = DrsJobRetryInputs.parse({ jobIds: ["a", "b", "c", "d"] });
    const olds = DrsJobRetryState.parse({
        ...inputs,
        results: [
            { jobId: "a", status: "failed", errorCode: "INVALID_RESPONSE", errorMessage: "outcome unknown" },
            { jobId: "b", status: "failed", errorCode: "NO_RESULT" },
            { jobId: "c", status: "failed", errorCode: "REQUEST_FAILED" },
            { jobId: "d", status: "failed", errorCode: "DRS.M05004" },
        ],
        stateVersion: 1,
    });

    it("resumed jobs are recorded as such, only the rest are retried; an API refusal is retried without a read", async () => {
        const read: string[][] = [];
        const retried: DrsRetryJob[][] = [];
        const statuses: Record<string, string> = { a: "INCRE_TRANSFER_STARTED", b: "STARTJOBING", c: "PAUSING" };
        const drs: Partial<DrsClient> = {
            batchStatus: async (_p, ids) => {
                read.push([...ids]);
                return ids.map((jobId): DrsJobState => ({ jobId, status: statuses[jobId] }));
            },
            batchRetry: async (_p, jobs) => {
                retried.push([...jobs]);
                return jobs.map((j) => ({ jobId: j.jobId, status: "success" as const }));
            },
        };
        const out = await drsHandler.update(fakeContext({ answers: { drs } }), "id", olds, inputs);
        assert.deepEqual(read, [["a", "b", "c"]]);
        assert.deepEqual(retried, [
            [
                { jobId: "c", isSyncReEdit: undefined },
                { jobId: "d", isSyncReEdit: undefined },
            ],
        ]);
        assert.deepEqual(
            out.results.map((r) => [r.jobId, r.status]),
            [
                ["a", "success"],
                ["b", "success"],
                ["c", "success"],
                ["d", "success"],
            ],
        );
    });
});

describe("DRS statuses (official enum, Node model QueryJobStatusResp; Terraform's lists)", () => {
    const expected: Record<string, "transferring" | "failed" | "pending"> = {
        CREATING: "pending",
        CREATE_FAILED: "failed",
        CONFIGURATION: "pending",
        STARTJOBING: "pending",
        WAITING_FOR_START: "pending",
        START_JOB_FAILED: "failed",
        PAUSING: "pending",
        FULL_TRANSFER_STARTED: "transferring",
        FULL_TRANSFER_FAILED: "failed",
        FULL_TRANSFER_COMPLETE: "transferring",
        INCRE_TRANSFER_STARTED: "transferring",
        INCRE_TRANSFER_FAILED: "failed",
        RELEASE_RESOURCE_STARTED: "pending",
        RELEASE_RESOURCE_FAILED: "failed",
        RELEASE_RESOURCE_COMPLETE: "failed",
        REBUILD_NODE_STARTED: "pending",
        REBUILD_NODE_FAILED: "failed",
        CHANGE_JOB_STARTED: "pending",
        CHANGE_JOB_FAILED: "failed",
        DELETED: "failed",
        CHILD_TRANSFER_STARTING: "pending",
        CHILD_TRANSFER_STARTED: "pending",
        CHILD_TRANSFER_COMPLETE: "pending",
        CHILD_TRANSFER_FAILED: "failed",
        RELEASE_CHILD_TRANSFER_STARTED: "pending",
        RELEASE_CHILD_TRANSFER_COMPLETE: "transferring",
        NODE_UPGRADE_START: "pending",
        NODE_UPGRADE_COMPLETE: "pending",
        NODE_UPGRADE_FAILED: "failed",
        A_STATUS_ADDED_LATER: "pending",
    };
    it("classifies all 29 values of the enum, and an unknown one as pending", () => {
        assert.equal(Object.keys(expected).length, 30);
        for (const [status, cls] of Object.entries(expected)) assert.equal(classifyJobStatus(status), cls, status);
        assert.equal(classifyJobStatus(undefined), "pending");
    });
    it("a retry has taken when the job transfers or is starting", () => {
        assert.deepEqual(Object.keys(expected).filter(showsResumed), [
            "STARTJOBING",
            "WAITING_FOR_START",
            "FULL_TRANSFER_STARTED",
            "FULL_TRANSFER_COMPLETE",
            "INCRE_TRANSFER_STARTED",
            "RELEASE_CHILD_TRANSFER_COMPLETE",
        ]);
    });
});

describe("state written by 0.1.0 parses under the widened schemas", () => {
    const dir = path.resolve(__dirname, "..", "..", "fixtures", "state-0.1.0");
    const schemas: Record<string, z.ZodType> = { TaskRunState: TaskRunStateState, DrsJobRetry: DrsJobRetryState, TaskProgressReset: TaskProgressResetState };
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
        it(file, () => {
            const fixture = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { kind: string; state: Record<string, unknown> };
            const { __provider: _, ...state } = fixture.state;
            assert.doesNotThrow(() => migrateState(fixture.kind, schemas[fixture.kind], {}, state));
        });
    }
});
