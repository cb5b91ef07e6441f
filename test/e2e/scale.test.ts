// A stack at scale under the real engine: 60 TaskRunStates of 7 tasks each on one instance,
// `pulumi up --parallel 16`, with the emulator enforcing the gateway's flow control at 8
// requests a second. Every resource must succeed and every task converge; the API calls are
// printed beside the minimum (one listing page for the instance plus ⌈420 / 10⌉ writes).
import { strict as assert } from "node:assert";
import { DEMO_PROJECT_ID, startEmulator, type RunningEmulator } from "../../provider/emulator";
import type { SeedTask } from "../../provider/emulator/types";
import { keepArtifact, nodeProject, resourcesOf, type CliProject } from "./support/cli";
import { batchWrites, runningTasks } from "./support/emulator";

const RESOURCES = 60;
const TASKS_PER_RESOURCE = 7;
const LIMIT_PER_SECOND = 8;
const INSTANCE = "roma-scale-inst";

const PROGRAM = `import { TaskRunState } from "pulumi-roma-tasks";
for (let r = 0; r < ${RESOURCES}; r++) {
    new TaskRunState(\`group-\${r}\`, {
        instanceId: "${INSTANCE}",
        taskIds: Array.from({ length: ${TASKS_PER_RESOURCE} }, (_, t) => \`task-\${r}-\${t}\`),
        state: "started",
    });
}
`;

describe("e2e: 60 resources x 7 tasks, up --parallel 16 under flow control (real CLI)", function () {
    let emulator: RunningEmulator;
    let project: CliProject;

    before(async function () {
        emulator = await startEmulator();
        const tasks: SeedTask[] = [];
        for (let r = 0; r < RESOURCES; r++)
            for (let t = 0; t < TASKS_PER_RESOURCE; t++)
                tasks.push({ projectId: DEMO_PROJECT_ID, instanceId: INSTANCE, taskId: `task-${r}-${t}`, status: "stopped", taskType: "REALTIME" });
        await emulator.admin.seed({ replace: true, tasks });
        project = nodeProject("scale", "name: roma-scale\nruntime: nodejs\n", PROGRAM);
        await project.initStack(emulator.url);
    });
    after(async () => emulator?.close());

    it("0 failures, every task converged, calls printed against the minimum", async () => {
        await emulator.admin.setFaults([{ kind: "flowControl", limitPerSecond: LIMIT_PER_SECOND }]);
        await emulator.admin.clearRequests();
        const started = Date.now();
        await project.ok(["up", "--yes", "--parallel", "16"]);
        const seconds = (Date.now() - started) / 1000;

        const running = await runningTasks(emulator, INSTANCE);
        assert.equal(running.size, RESOURCES * TASKS_PER_RESOURCE, "every task runs");
        const states = resourcesOf(await project.exportStack(), "pulumi-nodejs:dynamic/roma:TaskRunState");
        assert.equal(states.length, RESOURCES);
        assert.deepEqual(
            states.filter((s) => (s.initErrors ?? []).length > 0).map((s) => s.urn),
            [],
            "no resource saved as failed",
        );

        const calls = await emulator.admin.requests();
        // The request log, for the README's account of where the calls over the minimum go.
        const t0 = calls.length > 0 ? Date.parse(calls[0].time) : 0;
        keepArtifact(
            "scale-requests.txt",
            calls
                .map((c) => {
                    const what = c.operation === "BatchStartOrStopTasks" ? `${(c.body as { list: unknown[] }).list.length} tasks` : JSON.stringify(c.query);
                    return `+${String(Date.parse(c.time) - t0).padStart(6)} ms ${c.status} ${c.operation} ${what}`;
                })
                .join("\n"),
        );
        const throttled = calls.filter((c) => c.status === 429).length;
        const writes = (await batchWrites(emulator)).length;
        const minimum = 1 + Math.ceil((RESOURCES * TASKS_PER_RESOURCE) / 10);
        console.log(
            `      ${calls.length} API calls (${writes} writes, ${calls.filter((c) => c.operation !== "BatchStartOrStopTasks" && c.status !== 429).length} reads, ${throttled} answered 429) against a minimum of ${minimum}: ratio ${(calls.length / minimum).toFixed(2)}; ${seconds.toFixed(1)} s = ${(seconds / (minimum / LIMIT_PER_SECOND)).toFixed(2)} × (minimum ÷ ${LIMIT_PER_SECOND}/s), engine and program start included`,
        );
        assert.ok(writes >= Math.ceil((RESOURCES * TASKS_PER_RESOURCE) / 10));
    });
});
