// getTasks and getTasksOutput as a TypeScript program calls them: without a provider, in the
// program's process with the stack's roma:* configuration (against the emulator); with an
// explicit native provider, as an invoke of roma:fdi:getTasks that the engine sends to it
// (here the mocks stand in for the engine and the plugin).
import { emulatorStackConfig } from "../support/emulator";
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { getTasks, getTasksOutput, InputError, TaskType } from "../../provider";
import { DEMO_INSTANCE_ID, DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

describe("getTasks in a TypeScript program", function () {
    this.timeout(60_000);
    let emulator: RunningEmulator;
    const calls: { token: string; inputs: Record<string, unknown>; provider?: string }[] = [];
    let answer: unknown;

    before(async () => {
        emulator = await startEmulator();
        await emulator.admin.seed(DEMO_SEED);
        await pulumi.runtime.setMocks(
            {
                newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs as Record<string, unknown> }),
                call: (a) => {
                    calls.push({ token: a.token, inputs: a.inputs as Record<string, unknown>, provider: a.provider });
                    return answer as Record<string, unknown>;
                },
            },
            "get-tasks",
            "test",
            false,
        );
        for (const [k, v] of Object.entries(emulatorStackConfig(emulator, DEMO_PROJECT_ID))) pulumi.runtime.setConfig(k, v);
    });
    after(async () => emulator?.close());

    it("without a provider: reads through the stack's roma:* config, with last runs when asked", async () => {
        await emulator.admin.clearRequests();
        const nightly = await getTasks({ instanceId: DEMO_INSTANCE_ID, selector: { taskTag: "nightly", taskType: TaskType.Timing }, withLastRun: true });
        assert.deepEqual(
            nightly.tasks.map((t) => t.taskId),
            ["orders-extract", "orders-clean", "orders-load-dwh", "customers-extract", "customers-load-dwh"],
        );
        assert.equal(nightly.tasks[0].lastExecuteTime, "2026-11-30T01:00:00.000Z");
        assert.equal(nightly.tasks[0].cron, "0 0 1 * * ?");
        assert.equal(nightly.tasks[4].lastExecuteTime, undefined, "never run");
        assert.deepEqual(
            (await emulator.admin.requests()).map((r) => r.operation),
            ["ListTasks", "ListMonitorInfos"],
        );
        assert.deepEqual(calls, [], "no invoke without a provider");
    });

    it("getTasksOutput takes Inputs and gives an Output; bad arguments fail naming each", async () => {
        const out = getTasksOutput({ instanceId: pulumi.output(DEMO_INSTANCE_ID), taskIds: [pulumi.output("pricing-sync"), "orders-clean"] });
        assert.deepEqual(
            (await valueOf(out)).tasks.map((t) => `${t.taskId}:${t.taskType}`),
            ["pricing-sync:realtime", "orders-clean:timing"],
        );
        await assert.rejects(getTasks({ instanceId: DEMO_INSTANCE_ID }), (e: InputError) => {
            assert.ok(e instanceof InputError);
            assert.match(e.message, /^getTasks: taskIds: taskIds or selector is required: set exactly one/);
            return true;
        });
    });

    it("with an explicit native provider: an invoke of roma:fdi:getTasks sent to it, its answer checked", async () => {
        class RomaProvider extends pulumi.ProviderResource {
            constructor(name: string) {
                super("roma", name, {});
            }
        }
        const eu = new RomaProvider("eu");
        answer = { tasks: [{ taskId: "t1", taskName: "n", taskType: "timing", taskTag: "nightly", status: "started", executeStatus: "SUCCESS" }] };
        const r = await getTasks({ instanceId: "inst-eu", selector: { taskTag: "nightly" } }, { provider: eu });
        assert.equal(r.tasks[0].taskId, "t1");
        assert.equal(calls.length, 1);
        assert.equal(calls[0].token, "roma:fdi:getTasks");
        assert.deepEqual(calls[0].inputs, { instanceId: "inst-eu", selector: { taskTag: "nightly" } });
        assert.match(String(calls[0].provider), /pulumi:providers:roma::eu::/);
        answer = { tasks: [{ taskId: "t1" }] };
        await assert.rejects(
            getTasks({ instanceId: "inst-eu", taskIds: ["t1"] }, { provider: eu }),
            /the roma provider answered a result this package cannot read/,
        );
    });
});
