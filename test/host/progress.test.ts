// Progress during long waits as the engine receives it, through the dynamic-provider host and
// through the plugin: each provider process sends its lines to the engine it was started for
// (a fake one here, that records every Log call), as the resource's ephemeral status while
// waiting and a lasting line, with the resource's URN, saying what was reached.
import { strict as assert } from "node:assert";
import { ADAPTERS, INSTANCE, PROJECT, ResourceFlow, seedTasks, startStack, type Stack } from "../support/engine";
import { startFakeEngine, type FakeEngine } from "../support/fake-engine";
import { packageFixture } from "../support/package-fixture";

for (const adapter of ADAPTERS)
    describe(`progress in the engine's display (${adapter})`, function () {
        this.timeout(120_000);
        let engine: FakeEngine;
        let stack: Stack;
        before(async () => {
            engine = await startFakeEngine(packageFixture().dir);
            stack = await startStack({ adapter, engineAddress: engine.address });
        });
        after(async () => {
            await stack?.close();
            engine?.close();
        });
        beforeEach(() => {
            engine.lines.length = 0;
        });

        it("DrsJobRetry waiting for its jobs: status lines for its URN, then the line that stays says they transfer", async () => {
            await stack.emulator.admin.seed({
                jobs: ["a001", "a002"].map((j) => ({
                    projectId: PROJECT,
                    jobId: `5d1c2b3a-0000-4000-8000-00000000${j}`,
                    status: "PAUSING",
                    settleAfterPolls: 3,
                })),
            });
            const flow = new ResourceFlow(stack, "DrsJobRetry", "feeds");
            await flow.up({ jobIds: ["5d1c2b3a-0000-4000-8000-00000000a001", "5d1c2b3a-0000-4000-8000-00000000a002"], waitFor: "transferring" });
            const lines = await engine.waitFor((l) => l.some((x) => !x.ephemeral));
            const mine = lines.filter((l) => l.urn === flow.urn);
            assert.equal(mine.length, lines.length, "every line names the resource");
            assert.ok(mine.length >= 2, JSON.stringify(lines));
            assert.deepEqual(mine[0], { message: "waiting for 2 DRS jobs: 2 STARTJOBING (0s of 10m)", urn: flow.urn, ephemeral: true });
            const final = mine.filter((l) => !l.ephemeral);
            assert.equal(final.length, 1);
            assert.match(final[0].message, /^2 DRS jobs transferring after \d+s$/);
        });

        it("TaskRunState settling after its write: a status line while the listing still shows the old status, then what was reached", async () => {
            // Four tasks: each read is one listing of the instance (a few would be one filtered read each).
            await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(4, "stopped") });
            // The first listing, and the two after the start, show task-001 stopped.
            await stack.emulator.admin.setFaults([{ operation: "ListTasks", kind: "itemStatus", ids: ["task-001"], value: 0, times: 3 }]);
            const flow = new ResourceFlow(stack, "TaskRunState", "settling");
            await flow.up({ instanceId: INSTANCE, taskIds: seedTasks(4, "stopped").map((t) => t.taskId), state: "started" });
            const lines = await engine.waitFor((l) => l.some((x) => !x.ephemeral));
            assert.ok(lines.every((l) => l.urn === flow.urn));
            assert.deepEqual(lines[0], { message: "waiting for 4 task(s) to be started: 3 started, 1 stopped (0s of 1m)", urn: flow.urn, ephemeral: true });
            assert.deepEqual(
                lines.filter((l) => !l.ephemeral).map((l) => l.message.replace(/\d+s$/, "Ns")),
                ["4 task(s) started after Ns"],
            );
            await stack.emulator.admin.clearFaults();
        });
    });
