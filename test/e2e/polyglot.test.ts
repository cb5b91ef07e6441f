// The generated SDKs in real programs: a Python program (sdk/python in a venv with PyPI's
// `pulumi`; the plugin from its release archive, no node on PATH) and a Go program (sdk/go,
// `go build`; the plugin from the npm package's bin), each under the real CLI.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { REPO, packageFixture } from "../support/package-fixture";
import { tempDir } from "../support/temp";
import { newProject, resourcesOf, runCommand, succeeded, type CliProject } from "./support/cli";
import { EMULATOR_TOKEN, batchWrites, runningTasks } from "./support/emulator";
import { installPluginArchive, pathWithoutNode } from "./support/installed-plugin";

/**
 * PyPI's `pulumi` for the Python program: the CLI's own version where PyPI has it; PyPI served
 * 3.272.0 as its newest while the CLI is v3.274.1, and the SDK's protocol is the same.
 */
const PYTHON_PULUMI = "3.272.0";

/** A project for a program of another language: Pulumi.yaml names the plugin's folder. */
async function polyglotProject(name: string, runtime: "python" | "go", emulator: RunningEmulator): Promise<CliProject> {
    const pluginDir = path.join(packageFixture().dir, "node_modules", ".bin");
    const project = newProject(
        name,
        { "Pulumi.yaml": `name: roma-${name}\nruntime: ${runtime}\nplugins:\n  providers:\n    - name: roma\n      path: ${pluginDir}\n` },
        { kind: runtime },
    );
    await project.initStack(emulator.url);
    return project;
}

/**
 * A project whose plugin is the release archive's single executable, installed by
 * `pulumi plugin install`, with no node on the PATH of the CLI and the plugin: as a Python user
 * who never installed Node.js has it.
 */
async function releaseUserProject(name: string, runtime: "python", emulator: RunningEmulator): Promise<CliProject> {
    const project = newProject(name, { "Pulumi.yaml": `name: roma-${name}\nruntime: ${runtime}\n` }, { kind: runtime }, { PATH: pathWithoutNode() });
    await installPluginArchive(project);
    await project.initStack(emulator.url);
    return project;
}

/** Runs a program's own command (its Automation API drives the CLI) in the project's environment. */
async function runProgram(project: CliProject, cmd: string, args: string[]): Promise<string> {
    return succeeded(await runCommand(cmd, args, { cwd: project.dir, env: project.env() })).stdout;
}

/** A build or install step; fails with its output. */
async function step(cmd: string, args: string[], cwd = REPO): Promise<void> {
    succeeded(await runCommand(cmd, args, { cwd, env: process.env }));
}

describe("e2e: generated SDKs in Python and Go programs (real CLI)", function () {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator();
    });
    beforeEach(async () => emulator.admin.seed(DEMO_SEED));
    after(async () => emulator?.close());

    it("Python, the plugin installed from its archive and no node on PATH: up, drift fixed by the next up, destroy (onDelete restore)", async () => {
        const project = await releaseUserProject("python", "python", emulator);
        const venv = path.join(tempDir("roma-e2e-venv"), "venv");
        await step("python3", ["-m", "venv", venv]);
        const python = path.join(venv, "bin", "python");
        await step(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `pulumi==${PYTHON_PULUMI}`, path.join(REPO, "sdk", "python")]);
        const main = path.join(REPO, "test", "e2e", "programs", "python", "main.py");

        await emulator.admin.clearRequests();
        await runProgram(project, python, [main, "preview", project.dir, "e2e"]);
        assert.equal((await emulator.admin.requests()).length, 0, "preview calls no API");

        await runProgram(project, python, [main, "up", project.dir, "e2e"]);
        for (const t of ["orders-extract", "orders-clean", "inventory-sync"]) assert.ok((await runningTasks(emulator)).has(t), `${t} runs`);
        const stored = resourcesOf(await project.exportStack(), "roma:fdi:TaskRunState");
        assert.equal(stored.length, 1);
        assert.equal(stored[0].outputs?.state, "started");

        // Drift: stopped by hand, seen by refresh, fixed by the next up with one call for it.
        await emulator.admin.seed({ tasks: [{ projectId: DEMO_PROJECT_ID, instanceId: "roma-nightly-inst", taskId: "orders-clean", status: "stopped" }] });
        await runProgram(project, python, [main, "refresh", project.dir, "e2e"]);
        await emulator.admin.clearRequests();
        await runProgram(project, python, [main, "up", project.dir, "e2e"]);
        assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["orders-clean"] }]);

        await runProgram(project, python, [main, "destroy", project.dir, "e2e"]);
        const running = await runningTasks(emulator);
        for (const t of ["orders-extract", "orders-clean", "inventory-sync"]) assert.ok(!running.has(t), `${t} restored to stopped`);
        assert.equal(project.backendFiles().includes(EMULATOR_TOKEN), false);
    });

    it("Go: go build, up and destroy", async () => {
        const project = await polyglotProject("go", "go", emulator);
        const binary = path.join(path.dirname(project.dir), "roma-e2e-go");
        await step("go", ["build", "-o", binary, "."], path.join(REPO, "test", "e2e", "programs", "go"));

        await emulator.admin.clearRequests();
        await runProgram(project, binary, ["up", project.dir, "e2e"]);
        assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["customers-extract", "orders-extract"] }]);
        const stored = resourcesOf(await project.exportStack(), "roma:fdi:TaskRunState");
        assert.deepEqual(
            (stored[0].outputs?.tasks as { taskId: string; status: string }[]).map((t) => `${t.taskId}=${t.status}`),
            ["orders-extract=started", "customers-extract=started"],
        );

        await emulator.admin.clearRequests();
        const again = await runProgram(project, binary, ["preview", project.dir, "e2e"]);
        assert.match(again, /changes: map\[same:2\]/, "nothing to change after the up");

        await runProgram(project, binary, ["destroy", project.dir, "e2e"]);
        const running = await runningTasks(emulator);
        assert.ok(!running.has("orders-extract") && !running.has("customers-extract"), "onDelete stop");
    });
});
