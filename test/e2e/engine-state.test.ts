// State as the real engine wrote it in earlier versions (test/fixtures/engine-state/, kept by
// this suite with ROMA_E2E_ARTIFACTS), imported into a new stack and run by today's package
// under the real CLI: a preview plans no change and calls nothing, a refresh writes nothing,
// and destroy does what each resource's onDelete says. Users' stacks hold exactly this.
import { strict as assert } from "node:assert";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { REPO, packageFixture } from "../support/package-fixture";
import { newProject, nodeProject, type CliProject } from "./support/cli";
import { EMULATOR_TOKEN, batchWrites, runningTasks } from "./support/emulator";
import type { EngineStateFixture } from "./support/engine-state";
import { programYaml } from "./support/programs";

const FIXTURES = path.join(REPO, "test", "fixtures", "engine-state");
const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".json"));

/** The project each kind of fixture was written by. */
function projectFor(name: string, emulator: RunningEmulator): CliProject {
    if (name.endsWith("-dynamic"))
        return nodeProject(
            `state-${name}`,
            readFileSync(path.join(REPO, "Pulumi.yaml"), "utf8").replace("main: examples/", "main: index.ts"),
            readFileSync(path.join(REPO, "examples", "index.ts"), "utf8"),
        );
    const pluginDir = path.join(packageFixture().dir, "node_modules", ".bin");
    return newProject(`state-${name}`, { "Pulumi.yaml": programYaml(pluginDir, emulator.url) }, { kind: "yaml" });
}

describe("e2e: state the real engine wrote in earlier versions, run by this version (real CLI)", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
    });
    after(async () => emulator?.close());

    it("has fixtures for both adapters", () => {
        assert.ok(files.some((f) => f.endsWith("-dynamic.json")) && files.some((f) => f.endsWith("-native.json")), files.join(", "));
    });

    for (const file of files) {
        const name = file.replace(/\.json$/, "");
        it(`${name}: preview plans nothing offline, refresh writes nothing, destroy follows onDelete`, async () => {
            const fx = JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as EngineStateFixture;
            await emulator.admin.clearFaults();
            await emulator.admin.seed(fx.cloud);
            const project = projectFor(name, emulator);
            await project.initStack(emulator.url);
            await project.ok(["config", "set", "--secret", "token", EMULATOR_TOKEN]);
            // The explicit providers' stored endpoints name the emulator of the day it was written.
            const exported = path.join(path.dirname(project.dir), "import.json");
            writeFileSync(exported, JSON.stringify(fx.deployment).split(fx.emulatorUrl).join(emulator.url));
            await project.ok(["stack", "import", "--file", exported]);

            await emulator.admin.clearRequests();
            const preview = JSON.parse((await project.ok(["preview", "--refresh=false", "--json"])).stdout) as { changeSummary: Record<string, number> };
            assert.deepEqual(Object.keys(preview.changeSummary), ["same"], JSON.stringify(preview.changeSummary));
            assert.equal((await emulator.admin.requests()).length, 0, "an offline preview calls nothing");

            // The drift alarm stays quiet on an upgraded stack: a refresh that first stores the
            // plan view (docs/previews.md) is no change, before and after it is saved.
            const alarm = await project.run(["preview", "--refresh", "--expect-no-changes"]);
            assert.equal(alarm.code, 0, `${alarm.stdout}\n${alarm.stderr}`);
            await project.ok(["refresh", "--yes"]);
            assert.deepEqual(await batchWrites(emulator), [], "refresh writes nothing");
            assert.ok((await emulator.admin.requests()).length > 0, "refresh reads");
            await project.ok(["preview", "--refresh", "--expect-no-changes"]);

            const before = await runningTasks(emulator);
            await project.ok(["destroy", "--yes"]);
            const after = await runningTasks(emulator);
            if (name.endsWith("-dynamic")) {
                // onDelete restore: the tasks stopped before the first up are stopped again.
                for (const t of ["orders-extract", "orders-clean", "customers-extract", "customers-load-dwh", "inventory-sync"])
                    assert.ok(before.has(t) && !after.has(t), `${t} restored to stopped`);
                for (const t of ["orders-load-dwh", "pricing-sync"]) assert.ok(after.has(t), `${t} still runs`);
            } else {
                // pipeline: onDelete stop; other: keep.
                for (const t of ["orders-extract", "orders-clean", "customers-extract"]) assert.ok(!after.has(t), `${t} stopped`);
                for (const t of ["b-extract", "b-load"]) assert.ok(after.has(t), `${t} kept`);
            }
        });
    }
});
