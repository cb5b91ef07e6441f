// The example program under pulumi.runtime.setMocks: type tokens, input shapes, outputs, and
// that each resource's __provider is serializable and free of config. (Provider methods do
// not run here; the host-level tests cover them.)
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";

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
    let program: Record<string, pulumi.Output<unknown>>;

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (a) => {
                    registered.push({ type: a.type, name: a.name, inputs: a.inputs as Record<string, unknown> });
                    // Stand in for what create would return, so outputs can be checked to surface.
                    const computed: Record<string, unknown> = a.type.endsWith(":TaskRunState")
                        ? { tasks: (a.inputs as { taskIds: string[] }).taskIds.map((taskId) => ({ taskId, status: "started" })) }
                        : a.type.endsWith(":TaskProgressReset")
                          ? { message: "Reset Success", resetAt: "2026-11-23T00:00:00.000Z" }
                          : { results: (a.inputs as { jobIds: string[] }).jobIds.map((jobId) => ({ jobId, status: "success" })) };
                    return { id: `${a.name}-id`, state: { ...(a.inputs as Record<string, unknown>), ...computed } };
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

    it("surfaces computed outputs as stack outputs", async () => {
        const tasks = (await outputValue(program.pipelineTasksObserved)) as { status: string }[];
        assert.equal(tasks.length, 7);
        assert.equal(await outputValue(program.backfillResetAt), "2026-11-23T00:00:00.000Z");
    });
});
