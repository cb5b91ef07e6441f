// The example stack (examples/index.ts) as a user runs it: a TypeScript program with the
// dynamic resources, the package installed from its tarball, and the real Pulumi CLI against the
// emulator. Assertions read the emulator's request log and `pulumi stack export`.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import type { SeedTask } from "../../provider/emulator/types";
import { REPO } from "../support/package-fixture";
import { nodeProject, resourcesOf, type CliProject } from "./support/cli";
import { batchWrites, runningTasks, EMULATOR_TOKEN } from "./support/emulator";
import { keepEngineState } from "./support/engine-state";

const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

const TRS = "pulumi-nodejs:dynamic/roma:TaskRunState";
const DYNAMIC = /^pulumi-nodejs:dynamic\/roma:/;

describe("e2e: TypeScript program with the dynamic resources (real CLI)", function () {
    let emulator: RunningEmulator;
    let project: CliProject;

    before(async function () {
        emulator = await startEmulator();
        await emulator.admin.seed(DEMO_SEED);
        // The example's own Pulumi.yaml (refresh: always) and program.
        project = nodeProject(
            "typescript",
            readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8").replace("main: examples/", "main: index.ts"),
            readFileSync(path.join(REPO, "examples", "index.ts"), "utf8"),
        );
        await project.initStack(emulator.url);
    });
    after(async () => emulator?.close());

    it("preview makes 0 API calls, then up converges the stack", async () => {
        await emulator.admin.clearRequests();
        const preview = await project.ok(["preview", "--diff"]);
        assert.equal((await emulator.admin.requests()).length, 0, "preview must not call the API");
        assert.match(preview.stdout, /\+ 4 to create/, "the stack and its three resources");

        await project.ok(["up", "--yes"]);
        const running = await runningTasks(emulator);
        for (const t of ["orders-extract", "orders-clean", "orders-load-dwh", "customers-extract", "customers-load-dwh", "inventory-sync", "pricing-sync"])
            assert.ok(running.has(t), `${t} runs after up`);
        const exp = await project.exportStack();
        assert.equal((exp.deployment.resources ?? []).filter((r) => DYNAMIC.test(r.type)).length, 3);
        const pipeline = resourcesOf(exp, TRS).find((r) => r.urn.endsWith("::nightly-pipeline"));
        assert.ok(pipeline?.outputs, "the engine stored the pipeline's outputs");
        assert.equal(pipeline.outputs.state, "started");
        assert.match(String(pipeline.outputs.__provider), /require\("pulumi-roma-tasks\/shims\/task-run-state"\)/);
        await keepEngineState(
            `${PACKAGE_VERSION}-dynamic`,
            "The example stack (examples/index.ts) after its first `up`: TaskRunState (onDelete restore), TaskProgressReset and DrsJobRetry as dynamic resources.",
            project,
            emulator,
            PACKAGE_VERSION,
        );
    });

    it("two tasks stopped by hand: up --refresh starts exactly those two, in one call", async () => {
        await emulator.admin.seed({
            tasks: ["orders-clean", "pricing-sync"].map((taskId) => ({
                projectId: DEMO_PROJECT_ID,
                instanceId: "roma-nightly-inst",
                taskId,
                status: "stopped",
            })),
        });
        await emulator.admin.clearRequests();
        await project.ok(["up", "--refresh", "--yes"]);
        const writes = await batchWrites(emulator);
        assert.deepEqual(writes, [{ action: "start", tasks: ["orders-clean", "pricing-sync"] }]);
    });

    it("refresh alone reads and writes nothing", async () => {
        await emulator.admin.clearRequests();
        await project.ok(["refresh", "--yes"]);
        const calls = await emulator.admin.requests();
        assert.ok(calls.length > 0, "refresh reads the tasks");
        assert.deepEqual(await batchWrites(emulator), []);
    });

    it("a task the API refuses is saved as a partial failure; the next up retries only it", async () => {
        // Out of state, and refused on start: no scheduled plan (FDI.3083).
        const stopped = (taskId: string, more: Partial<SeedTask> = {}): SeedTask => ({
            projectId: DEMO_PROJECT_ID,
            instanceId: "roma-nightly-inst",
            taskId,
            status: "stopped",
            ...more,
        });
        await emulator.admin.seed({ tasks: [stopped("orders-extract", { taskType: "TIMING", scheduled: false }), stopped("inventory-sync")] });
        await emulator.admin.clearRequests();
        const failed = await project.run(["up", "--refresh", "--yes"]);
        assert.notEqual(failed.code, 0, "the up fails");
        assert.match(failed.stdout + failed.stderr, /orders-extract/);
        assert.match(failed.stdout + failed.stderr, /FDI\.3083/);
        const pipeline = resourcesOf(await project.exportStack(), TRS).find((r) => r.urn.endsWith("::nightly-pipeline"));
        const tasks = pipeline?.outputs?.tasks as { taskId: string; status: string }[];
        assert.equal(tasks.find((t) => t.taskId === "inventory-sync")?.status, "started", "what did change is saved");
        assert.equal(tasks.find((t) => t.taskId === "orders-extract")?.status, "stopped", "what failed is saved as it is");

        await emulator.admin.seed({ tasks: [stopped("orders-extract", { taskType: "TIMING", scheduled: true })] });
        await emulator.admin.clearRequests();
        await project.ok(["up", "--yes"]);
        assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["orders-extract"] }]);
    });

    it("the token set with `config set --secret` is in no state file, log or output", async () => {
        const everything = project.backendFiles();
        assert.ok(everything.length > 0);
        assert.equal(everything.includes(EMULATOR_TOKEN), false, "the token is not in the backend or PULUMI_HOME");
        const exported = JSON.stringify(await project.exportStack());
        assert.equal(exported.includes(EMULATOR_TOKEN), false);
        const outputs = await project.ok(["stack", "output", "--json"]);
        assert.equal(outputs.stdout.includes(EMULATOR_TOKEN), false);
        const history = await project.ok(["stack", "history", "--json"]);
        assert.equal(history.stdout.includes(EMULATOR_TOKEN), false);
    });

    it("destroy follows onDelete: restore puts back what was stopped before the first up", async () => {
        await emulator.admin.clearRequests();
        const destroy = await project.ok(["destroy", "--yes"]);
        const running = await runningTasks(emulator);
        // Stopped in the demo data before the first up: stopped again.
        for (const t of ["orders-extract", "orders-clean", "customers-extract", "customers-load-dwh", "inventory-sync"])
            assert.ok(!running.has(t), `${t} stopped again`);
        // Running before: left running.
        for (const t of ["orders-load-dwh", "pricing-sync"]) assert.ok(running.has(t), `${t} still runs`);
        assert.equal(((await project.exportStack()).deployment.resources ?? []).filter((r) => DYNAMIC.test(r.type)).length, 0);
        assert.equal((destroy.stdout + destroy.stderr).includes(EMULATOR_TOKEN), false);
    });
});
