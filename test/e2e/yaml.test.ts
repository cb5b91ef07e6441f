// A Pulumi YAML program with the native provider `pulumi-resource-roma`, found through
// `plugins.providers` in Pulumi.yaml (the folder npm installs the package's bin into), under the
// real CLI and the real YAML language host: up, drift shown by `preview --diff` and
// `preview --json`, `pulumi import`, and two explicit providers for two projects.
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { INSTANCE, OTHER_PROJECT, programYaml } from "./support/programs";
import { packageFixture } from "../support/package-fixture";
import { keepArtifact, newProject, resourcesOf, type CliProject } from "./support/cli";
import { EMULATOR_TOKEN, batchWrites, runningTasks } from "./support/emulator";
import { keepEngineState } from "./support/engine-state";
import { REPO } from "../support/package-fixture";

const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

describe("e2e: YAML program with the native provider (real CLI)", function () {
    let emulator: RunningEmulator;
    let project: CliProject;
    let pluginDir: string;

    before(async function () {
        emulator = await startEmulator();
        await emulator.admin.seed({
            ...DEMO_SEED,
            tasks: [
                ...(DEMO_SEED.tasks ?? []),
                { projectId: OTHER_PROJECT, instanceId: INSTANCE, taskId: "b-extract", status: "stopped" },
                { projectId: OTHER_PROJECT, instanceId: INSTANCE, taskId: "b-load", status: "stopped" },
            ],
        });
        pluginDir = path.join(packageFixture().dir, "node_modules", ".bin");
        project = newProject("yaml", { "Pulumi.yaml": programYaml(pluginDir, emulator.url) }, { kind: "yaml" });
        // The default provider's config is what `pulumi import` below uses.
        await project.initStack(emulator.url);
        await project.ok(["config", "set", "--secret", "token", EMULATOR_TOKEN]);
    });
    after(async () => emulator?.close());

    it("up: two explicit providers, each resource in its own project", async () => {
        await emulator.admin.clearRequests();
        await project.ok(["up", "--yes"]);
        const calls = await emulator.admin.requests();
        const projects = new Set(calls.filter((c) => c.operation === "BatchStartOrStopTasks").map((c) => c.path.split("/")[2]));
        assert.deepEqual([...projects].sort(), [DEMO_PROJECT_ID, OTHER_PROJECT].sort());
        const running = await runningTasks(emulator);
        for (const t of ["orders-extract", "orders-clean", "customers-extract", "b-extract", "b-load"]) assert.ok(running.has(t), `${t} runs`);
        const exp = await project.exportStack();
        const states = resourcesOf(exp, "roma:fdi:TaskRunState");
        assert.equal(states.length, 2);
        assert.equal(JSON.stringify(exp).includes(EMULATOR_TOKEN), false, "the token is stored only encrypted");
        await keepEngineState(
            `${PACKAGE_VERSION}-native`,
            "The YAML program of test/e2e/support/programs.ts after its first `up`: two explicit providers, TaskRunState (onDelete stop, and keep), TaskProgressReset and JobRetry through the plugin.",
            project,
            emulator,
            PACKAGE_VERSION,
        );
    });

    it("after drift, preview --diff names the drifted task and preview --json carries it", async () => {
        await emulator.admin.seed({ tasks: [{ projectId: DEMO_PROJECT_ID, instanceId: INSTANCE, taskId: "orders-clean", status: "stopped" }] });
        await project.ok(["refresh", "--yes"]);
        await emulator.admin.clearRequests();
        const diff = await project.ok(["preview", "--diff"]);
        assert.equal((await emulator.admin.requests()).length, 0, "preview calls no API");
        assert.match(diff.stdout, /~ roma:fdi:TaskRunState: \(update\)/);
        assert.match(diff.stdout, /~ orders-clean: \{\n\s*name\s*: "[^"]+"\n\s*~ status: "stopped" => "started"/);
        keepArtifact("yaml-preview-diff.txt", diff.stdout);

        const json = JSON.parse((await project.ok(["preview", "--json"])).stdout) as {
            steps: {
                op: string;
                urn: string;
                detailedDiff?: Record<string, { kind: string }>;
                diffReasons?: string[];
                oldState?: { outputs?: { taskStatus?: Record<string, { status: string }> } };
                newState?: { inputs?: { taskStatus?: Record<string, { status: string }> } };
            }[];
        };
        const step = json.steps.find((s) => s.urn.endsWith("::pipeline"));
        assert.equal(step?.op, "update");
        assert.deepEqual(Object.keys(step?.detailedDiff ?? {}), ['taskStatus["orders-clean"]']);
        // Per task, the old status in the old state's outputs and the new one in the new state's inputs (docs/previews.md).
        assert.equal(step?.oldState?.outputs?.taskStatus?.["orders-clean"]?.status, "stopped");
        assert.equal(step?.newState?.inputs?.taskStatus?.["orders-clean"]?.status, "started");

        await emulator.admin.clearRequests();
        await project.ok(["up", "--yes"]);
        assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["orders-clean"] }]);
    });

    it("pulumi import adopts tasks; the program with the generated code then makes no write", async () => {
        const out = path.join(path.dirname(project.dir), "imported.yaml");
        await emulator.admin.clearRequests();
        await project.ok(["import", "roma:fdi:TaskRunState", "adopted", `${INSTANCE}/pricing-sync,orders-load-dwh`, "--yes", "--out", out]);
        assert.deepEqual(await batchWrites(emulator), [], "import writes nothing");
        const generated = readFileSync(out, "utf8");
        assert.match(generated, /type: roma:fdi:TaskRunState/);
        // The generated code is a `resources:` block; the program's own block is its last key.
        const body = generated.replace(/^[\s\S]*?resources:\n/, "");
        writeFileSync(path.join(project.dir, "Pulumi.yaml"), programYaml(pluginDir, emulator.url, body));
        await emulator.admin.clearRequests();
        const up = await project.ok(["up", "--yes"]);
        assert.deepEqual(await batchWrites(emulator), [], "nothing to write after the import");
        assert.doesNotMatch(up.stdout, /adopted.*(update|replace)/);
        const adopted = resourcesOf(await project.exportStack(), "roma:fdi:TaskRunState").find((r) => r.urn.endsWith("::adopted"));
        assert.equal(adopted?.outputs?.state, "started");
    });

    it("destroy (protect removed) follows onDelete per resource", async () => {
        await project.ok(["state", "unprotect", "--all", "--yes"]);
        await project.ok(["destroy", "--yes"]);
        const running = await runningTasks(emulator);
        // pipeline: onDelete stop; other and adopted: keep (the default).
        for (const t of ["orders-extract", "orders-clean", "customers-extract"]) assert.ok(!running.has(t), `${t} stopped`);
        for (const t of ["b-extract", "b-load", "pricing-sync", "orders-load-dwh"]) assert.ok(running.has(t), `${t} kept`);
        assert.equal(project.backendFiles().includes(EMULATOR_TOKEN), false);
    });
});
