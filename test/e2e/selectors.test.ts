// The selector examples (examples/selectors-yaml, examples/selectors-python) as users run them,
// under the real CLI against the emulator's demo data: every task tagged `nightly` runs, the
// last runs come back through `roma:fdi:getTasks`, and a task tagged later is found by the next
// `up` (the examples refresh always) and started alone.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_INSTANCE_ID, DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { REPO, packageFixture } from "../support/package-fixture";
import { tempDir } from "../support/temp";
import { newProject, runCommand, succeeded, type CliProject } from "./support/cli";
import { batchWrites, runningTasks } from "./support/emulator";

const NIGHTLY = (DEMO_SEED.tasks ?? []).filter((t) => t.taskTag === "nightly").map((t) => t.taskId);

/** An example's Pulumi.yaml, told where the plugin is (the README's first way of getting it). */
function withPlugin(example: string): string {
    const pluginDir = path.join(packageFixture().dir, "node_modules", ".bin");
    const yaml = readFileSync(path.join(REPO, "examples", example, "Pulumi.yaml"), "utf8");
    return `${yaml}plugins:\n  providers:\n    - name: roma\n      path: ${pluginDir}\n`;
}

async function configure(project: CliProject, emulator: RunningEmulator): Promise<void> {
    await project.initStack(emulator.url);
}

describe("e2e: the selector examples through the native provider (real CLI)", function () {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator();
        assert.ok(NIGHTLY.length > 0, "the demo data tags tasks nightly");
    });
    beforeEach(async () => emulator.admin.seed(DEMO_SEED));
    after(async () => emulator?.close());

    it("YAML: the nightly tasks run, last runs are exported, a task tagged later is started alone", async () => {
        const project = newProject("selectors-yaml", { "Pulumi.yaml": withPlugin("selectors-yaml") }, { kind: "yaml" });
        await configure(project, emulator);
        await project.ok(["up", "--yes"]);
        const running = await runningTasks(emulator, DEMO_INSTANCE_ID);
        for (const t of NIGHTLY) assert.ok(running.has(t), `${t} runs`);
        const outputs = JSON.parse((await project.ok(["stack", "output", "--json"])).stdout) as { lastRuns: { taskId: string }[]; nightlyTasks: unknown[] };
        assert.deepEqual(outputs.lastRuns.map((t) => t.taskId).sort(), [...NIGHTLY].sort());
        assert.equal(outputs.nightlyTasks.length, NIGHTLY.length);

        await emulator.admin.seed({
            tasks: [{ projectId: DEMO_PROJECT_ID, instanceId: DEMO_INSTANCE_ID, taskId: "pricing-sync", status: "stopped", taskTag: "nightly" }],
        });
        await emulator.admin.clearRequests();
        await project.ok(["up", "--yes"]);
        assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["pricing-sync"] }]);
        assert.equal(
            (await emulator.admin.requests()).some((r) => r.operation === "ListTasks" && !r.query.task_tag && !r.query.task_id),
            false,
            "a selector never lists the whole instance",
        );
    });

    it("Python: the example program on the generated SDK", async () => {
        const project = newProject("selectors-python", { "Pulumi.yaml": withPlugin("selectors-python") }, { kind: "python" });
        await configure(project, emulator);
        const venv = path.join(tempDir("roma-e2e-venv"), "venv");
        succeeded(await runCommand("python3", ["-m", "venv", venv], { cwd: REPO, env: process.env }));
        const python = path.join(venv, "bin", "python");
        succeeded(
            await runCommand(
                python,
                [
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                    path.join(REPO, "examples", "selectors-python", "requirements.txt"),
                    path.join(REPO, "sdk", "python"),
                ],
                { cwd: REPO, env: process.env },
            ),
        );
        const runner = path.join(REPO, "test", "e2e", "programs", "python", "run_program.py");
        const program = path.join(REPO, "examples", "selectors-python", "__main__.py");
        succeeded(await runCommand(python, [runner, program, "up", project.dir, "e2e"], { cwd: project.dir, env: project.env() }));
        const running = await runningTasks(emulator, DEMO_INSTANCE_ID);
        for (const t of NIGHTLY) assert.ok(running.has(t), `${t} runs`);
        const outputs = JSON.parse((await project.ok(["stack", "output", "--json"])).stdout) as {
            lastRuns: Record<string, unknown>;
            schedules: Record<string, unknown>;
        };
        assert.deepEqual(Object.keys(outputs.lastRuns).sort(), [...NIGHTLY].sort());
        assert.deepEqual(Object.keys(outputs.schedules).sort(), [...NIGHTLY].sort());
    });
});
