// The plugin when the engine cancels, reconfigures mid-call, or something inside it fails
// where no call can report it: waits end, what was done stays recorded, nothing is lost quietly.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { INSTANCE, PROJECT, ResourceFlow, pluginEntry, providerArgs, seedTasks, useStack } from "../support/engine";
import { packageFixture } from "../support/package-fixture";
import { tempDir } from "../support/temp";
import { until } from "../support/until";

describe("roma plugin: cancel and shutdown", function () {
    this.timeout(120_000);
    const stack = useStack({ adapter: "plugin", env: { ROMA_POLL_INTERVAL_MS: "200" } }, { each: true });

    it("Cancel ends a DrsJobRetry wait at once, and the retry that was sent stays recorded", async () => {
        await stack().emulator.admin.seed({
            replace: true,
            jobs: [
                { projectId: PROJECT, jobId: "job-slow", status: "PAUSING", settleAfterPolls: 1_000_000 },
                { projectId: PROJECT, jobId: "job-later", status: "PAUSING", settleAfterPolls: 3 },
            ],
        });
        const flow = new ResourceFlow(stack(), "DrsJobRetry", "cancelled-wait");
        const up = flow.upAllowingPartialFailure({ jobIds: ["job-slow"], waitFor: "transferring", timeoutSeconds: 600 });
        const polls = async () => (await stack().emulator.admin.requests()).filter((r) => r.operation === "BatchListJobStatus").length;
        await until("the first status poll", async () => (await polls()) > 0);
        const atCancel = await polls();
        await stack().host.cancel();
        const { partial } = await up;
        // Counted, not timed: before Cancel worked, the wait polled every 200 ms for 600 s.
        assert.ok((await polls()) <= atCancel + 1, `polled ${(await polls()) - atCancel} time(s) after Cancel`);
        assert.ok(partial, "a partial failure carries what is known");
        assert.match(partial.message, /cancel/i);
        const results = partial.properties.results as { jobId: string; status: string }[];
        assert.deepEqual(
            results.map((r) => [r.jobId, r.status]),
            [["job-slow", "success"]],
            "the retry that was sent is recorded",
        );
        // The provider's own poll interval is the clock: a second wait of three polls in the same
        // process spans three intervals, in which a wait left running would have polled again.
        // A cancelled context stays cancelled: the second wait runs on a new one (a Configure).
        const after = await polls();
        await stack().host.configure(providerArgs(stack().config));
        const later = new ResourceFlow(stack(), "DrsJobRetry", "later-wait");
        await later.up({ jobIds: ["job-later"], waitFor: "transferring", timeoutSeconds: 600 });
        const slowPolls = (await stack().emulator.admin.requests()).filter(
            (r) => r.operation === "BatchListJobStatus" && JSON.stringify(r.body).includes("job-slow"),
        );
        assert.ok((await polls()) - after >= 3, "the second wait polled at least three times");
        assert.equal(slowPolls.length, after, "no poll of the cancelled job after the call ended");
    });

    it("Cancel during a TaskRunState settle records what the last read showed, and fails only the tasks not yet started", async () => {
        const taskIds = seedTasks(50, "stopped").map((t) => t.taskId);
        const stuck = ["task-048", "task-049"];
        await stack().emulator.admin.seed({ replace: true, tasks: seedTasks(50, "stopped") });
        // Two tasks keep reading stopped after their start.
        await stack().emulator.admin.setFaults([{ operation: "ListTasks", kind: "itemStatus", ids: stuck, value: 0 }]);
        const flow = new ResourceFlow(stack(), "TaskRunState", "cancelled-settle");
        const up = flow.upAllowingPartialFailure({ instanceId: INSTANCE, taskIds, state: "started", settleTimeoutSeconds: 600 });
        const readsAfterWrites = async () => {
            const log = await stack().emulator.admin.requests();
            const lastWrite = log.map((r) => r.operation).lastIndexOf("BatchStartOrStopTasks");
            return lastWrite === -1 ? 0 : log.slice(lastWrite + 1).filter((r) => r.operation === "ListTasks" && r.status === 200).length;
        };
        await until("three reads after the writes", async () => (await readsAfterWrites()) >= 3);
        await stack().host.cancel();
        const { partial } = await up;
        assert.ok(partial, "a partial failure carries what is known");
        // The engine prints the reasons alone: the summary is the first, then one per task that failed.
        assert.deepEqual(
            partial.reasons.map((r) => r.split(":")[0]),
            [`TaskRunState start on instance ${INSTANCE}`, ...stuck.map((id) => `task ${id}`)],
            partial.reasons.join("\n"),
        );
        assert.match(partial.reasons[1], /REQUEST_FAILED the start was sent and the last read showed the task stopped, then the wait ended: .*cancel/i);
        const recorded = new Map((partial.properties.tasks as { taskId: string; status: string }[]).map((t) => [t.taskId, t.status]));
        assert.deepEqual(
            taskIds.filter((id) => recorded.get(id) !== "started"),
            stuck,
            "the 48 tasks read started are recorded started",
        );
    });

    it("a Configure that replaces the clients lets calls in flight finish on the old ones", async () => {
        await stack().emulator.admin.seed({ replace: true, tasks: seedTasks(4, "stopped") });
        await stack().emulator.admin.setFaults([{ operation: "ListTasks", kind: "latency", latencyMs: 1500, times: 1 }]);
        const flow = new ResourceFlow(stack(), "TaskRunState", "reconfigured");
        const up = flow.up({ instanceId: INSTANCE, taskIds: seedTasks(4, "stopped").map((t) => t.taskId), state: "started" });
        await until("the first read", async () => (await stack().emulator.admin.requests()).length > 0);
        await stack().host.configure(providerArgs({ ...stack().config, "roma:maxRetries": "3" }));
        await up;
        assert.deepEqual(
            (flow.state.tasks as { status: string }[]).map((t) => t.status),
            ["started", "started", "started", "started"],
        );
        assert.ok((await stack().emulator.admin.state()).tasks.every((t) => t.status === 1));
    });
});

describe("roma plugin: an unhandled rejection", function () {
    this.timeout(60_000);
    it("is logged with what failed and ends the process with a clear message", async () => {
        const dir = tempDir("roma-unhandled");
        const preload = path.join(dir, "reject-later.js");
        // Something inside the process rejects where no call awaits it.
        writeFileSync(preload, 'setTimeout(() => { Promise.reject(new Error("lost promise from a timer")); }, 300);\n');
        const child = spawn(process.execPath, ["-r", preload, pluginEntry(packageFixture().dir), "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
        assert.equal(code, 1);
        assert.match(stderr, /pulumi-resource-roma: unhandled rejection, the provider stops: Error: lost promise from a timer/);
        assert.match(stderr, /reject-later\.js/, "the stack says where it came from");
    });
});
