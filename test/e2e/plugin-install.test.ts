// The plugin archive (`npm run plugin:archive`) installed the way the README says, by the real
// CLI: `pulumi plugin install resource roma <version> --file <archive>`, then a YAML program
// that names no plugin path finds it in PULUMI_HOME and runs.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { buildPluginArchive } from "../../scripts/plugin-archive";
import { DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { REPO } from "../support/package-fixture";
import { tempDir } from "../support/temp";
import { newProject } from "./support/cli";
import { batchWrites } from "./support/emulator";

const { version } = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string };

describe("e2e: the plugin archive through `pulumi plugin install` (real CLI)", function () {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator();
        await emulator.admin.seed(DEMO_SEED);
    });
    after(async () => emulator?.close());

    it("installs, is listed, and serves a YAML program that names no plugin path", async () => {
        const archive = buildPluginArchive(tempDir("roma-archive"));
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
      taskIds: [inventory-sync]
      state: started
`,
            },
            { kind: "yaml" },
        );
        await project.ok(["plugin", "install", "resource", "roma", version, "--file", archive]);
        const listed = await project.ok(["plugin", "ls"]);
        assert.match(listed.stdout, new RegExp(`roma\\s+resource\\s+${version.replace(/\./g, "\\.")}`));

        await project.initStack(emulator.url);
        await emulator.admin.clearRequests();
        await project.ok(["up", "--yes"]);
        assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["inventory-sync"] }]);
    });
});
