// The example program under pulumi.runtime.setMocks: type tokens, input shapes, outputs, and
// that each resource's __provider is serializable and free of config. The mock does not make
// outputs up: it runs the production create (resources/common/operations.ts over each
// resource's handler) against in-memory FDI and DRS holding the example's tasks and jobs, so the
// stack outputs checked are what production computes. (The host-level tests run the same
// through the provider host.)
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceDefinition } from "../../provider/resources/common/handler";
import type { Props } from "../../provider/resources/common/inputs";
import { resourceOperations } from "../../provider/resources/common/operations";
import { drsJobRetry } from "../../provider/resources/drs-job-retry/handler";
import { taskProgressReset } from "../../provider/resources/task-progress-reset/handler";
import { taskRunState } from "../../provider/resources/task-run-state/handler";
import { FakeDrs, FakeFdi, fakeContext } from "../support/fakes";

/** The example's default IDs (examples/index.ts), all stopped or paused before the first up. */
const SCOPE = { projectId: "proj-default", instanceId: "roma-nightly-inst" };
const PIPELINE = ["orders-extract", "orders-clean", "orders-load-dwh", "customers-extract", "customers-load-dwh", "inventory-sync", "pricing-sync"];
const JOBS = ["5d1c2b3a-0000-4000-8000-00000000a001", "5d1c2b3a-0000-4000-8000-00000000a002"];

const definitions: Record<string, ResourceDefinition<unknown, unknown>> = {
    TaskRunState: taskRunState,
    TaskProgressReset: taskProgressReset,
    DrsJobRetry: drsJobRetry,
};

interface Registered {
    type: string;
    name: string;
    inputs: Record<string, unknown>;
}

function outputValue<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => resolve(v)));
}

describe("the example program under setMocks", function () {
    this.timeout(60_000);
    const registered: Registered[] = [];
    /** What production's create returned, by resource name. */
    const created = new Map<string, Props>();
    const fdi = new FakeFdi().addTasks(SCOPE, [
        ...PIPELINE.map((taskId) => ({ taskId, status: "stopped" as const })),
        { taskId: "orders-composite", status: "stopped" as const },
    ]);
    const drs = new FakeDrs(Object.fromEntries(JOBS.map((id) => [id, { status: "PAUSING" }])));
    const ctx = fakeContext({ fdi, drs });
    let program: Record<string, pulumi.Output<unknown>>;

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: async (a) => {
                    registered.push({ type: a.type, name: a.name, inputs: a.inputs as Record<string, unknown> });
                    const def = definitions[a.type.split(":").pop() ?? ""];
                    assert.ok(def, `no definition for ${a.type}`);
                    const ops = resourceOperations(def);
                    const { inputs, failures } = ops.check(a.inputs as Props);
                    assert.deepEqual(failures, [], `${a.name}: check`);
                    const outcome = await ops.create(ctx, `${a.name}-id`, inputs);
                    if ("partial" in outcome) throw outcome.partial;
                    const { outputs } = outcome;
                    created.set(a.name, outputs);
                    return { id: `${a.name}-id`, state: { ...(a.inputs as Record<string, unknown>), ...outputs } };
                },
                call: () => ({}),
            },
            "roma-tasks-example",
            "emulator",
            false,
        );
        program = require("../../examples/index") as Record<string, pulumi.Output<unknown>>;
        await outputValue(program.feedResults);
    });

    it("registers the three resources with their dynamic type tokens", () => {
        assert.deepEqual(registered.map((r) => r.type).sort(), [
            "pulumi-nodejs:dynamic/roma:DrsJobRetry",
            "pulumi-nodejs:dynamic/roma:TaskProgressReset",
            "pulumi-nodejs:dynamic/roma:TaskRunState",
        ]);
    });

    it("passes inputs through as declared (dateFrom normalised only inside the provider)", () => {
        const byName = Object.fromEntries(registered.map((r) => [r.name, r.inputs]));
        assert.equal((byName["nightly-pipeline"].taskIds as string[]).length, 7);
        assert.equal(byName["nightly-pipeline"].onDelete, "restore");
        assert.equal(byName["orders-backfill"].dateFrom, "2026-11-01T00:00:00Z");
        assert.equal(byName["warehouse-feeds"].waitFor, "transferring");
    });

    it("stores a __provider that loads the implementation by package name and holds no config", () => {
        for (const r of registered) {
            const p = r.inputs.__provider;
            assert.equal(typeof p, "string", `${r.name}: __provider must not be secret-wrapped`);
            const text = p as string;
            assert.match(text, /require\("pulumi-roma-tasks\/(dynamic|shims\/[a-z-]+)"\)/);
            assert.ok(!/require\("\.{1,2}\//.test(text), "no relative require");
            assert.ok(!text.includes("@pulumi/pulumi"), "does not capture the Pulumi SDK");
            assert.ok(!text.includes("roma-nightly-inst"), "no config value");
        }
    });

    it("surfaces the outputs production's create computed as stack outputs", async () => {
        const tasks = (await outputValue(program.pipelineTasksObserved)) as { taskId: string; status: string }[];
        assert.deepEqual(tasks, created.get("nightly-pipeline")?.tasks, "the stack output is the resource's own `tasks`");
        // What create did to the fake FDI: every pipeline task started, in taskIds order.
        assert.deepEqual(
            tasks.map((t) => `${t.taskId}:${t.status}`),
            PIPELINE.map((id) => `${id}:started`),
        );
        assert.ok(PIPELINE.every((id) => fdi.task(SCOPE, id)?.status === "started"));
        // The reset ran once against the composite task, from the window's start, at the (fake) time it ran.
        assert.deepEqual(
            fdi.resets.map((r) => [r.taskId, r.dateFrom]),
            [["orders-composite", Date.parse("2026-11-01T00:00:00Z")]],
        );
        const resetAt = await outputValue(program.backfillResetAt);
        assert.match(String(resetAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        assert.equal(resetAt, created.get("orders-backfill")?.resetAt);
        assert.equal(await outputValue(program.backfillFromMs), Date.parse("2026-11-01T00:00:00Z"));
        const results = (await outputValue(program.feedResults)) as { jobId: string; status: string }[];
        assert.deepEqual(
            results.map((r) => `${r.jobId}:${r.status}`),
            JOBS.map((id) => `${id}:success`),
        );
    });
});
