// The plugin archive (`npm run plugin:archive`: the single executable) installed the way the
// README says, by the real CLI: `pulumi plugin install resource roma <version> --file <archive>`;
// then a YAML program that names no plugin path finds it in PULUMI_HOME and runs with no `node`
// on PATH: up, drift fixed, destroy. (test/e2e/polyglot.test.ts runs the Python program the same way.)
import { strict as assert } from "node:assert";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { keepArtifact, newProject, resourcesOf } from "./support/cli";
import { batchWrites, runningTasks } from "./support/emulator";
import { PLUGIN_VERSION, installPluginArchive, pathWithoutNode } from "./support/installed-plugin";

describe("e2e: the plugin archive through `pulumi plugin install` (real CLI, no node on PATH)", function () {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator();
        await emulator.admin.seed(DEMO_SEED);
    });
    after(async () => emulator?.close());

    it("installs, is listed, and serves a YAML program that names no plugin path: up, drift fixed, destroy", async () => {
        const noNode = pathWithoutNode();
        assert.ok(!existsSync(path.join(noNode, "node")), "no node on the PATH the CLI and its plugins get");
        const project = newProject(
            "plugin-install",
            {
                "Pulumi.yaml": `name: roma-installed
runtime: yaml
resources:
  pipeline:
    type: roma:fdi:TaskRunState
    properties:
      instanceId: roma-nightly-inst
      taskIds: [inventory-sync, orders-clean]
      state: started
      onDelete: stop
`,
            },
            { kind: "yaml" },
            { PATH: noNode },
        );
        await installPluginArchive(project);
        const listed = await project.ok(["plugin", "ls"]);
        assert.match(listed.stdout, new RegExp(`roma\\s+resource\\s+${PLUGIN_VERSION.replace(/\./g, "\\.")}`));

        await project.initStack(emulator.url);
        await emulator.admin.clearRequests();
        await project.ok(["up", "--yes"]);
        assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["inventory-sync", "orders-clean"] }]);
        assert.equal(resourcesOf(await project.exportStack(), "roma:fdi:TaskRunState")[0].outputs?.state, "started");

        // Drift: stopped by hand, shown by a refreshing preview, fixed by the next up with one call for it.
        await emulator.admin.seed({ tasks: [{ projectId: DEMO_PROJECT_ID, instanceId: "roma-nightly-inst", taskId: "orders-clean", status: "stopped" }] });
        const drift = await project.ok(["preview", "--refresh", "--diff"]);
        keepArtifact("plugin-install-drift.txt", drift.stdout);
        assert.match(drift.stdout, /~ roma:fdi:TaskRunState: \(update\)/);
        await emulator.admin.clearRequests();
        await project.ok(["up", "--refresh", "--yes"]);
        assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["orders-clean"] }]);

        await emulator.admin.clearRequests();
        await project.ok(["destroy", "--yes"]);
        assert.deepEqual(await batchWrites(emulator), [{ action: "stop", tasks: ["inventory-sync", "orders-clean"] }]);
        const running = await runningTasks(emulator);
        assert.ok(!running.has("inventory-sync") && !running.has("orders-clean"), "onDelete stop");
    });
});
