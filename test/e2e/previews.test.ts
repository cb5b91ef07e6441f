// What a reviewer reads, as the real CLI prints it, on both paths: a TypeScript program with the
// dynamic resources and a YAML program with the plugin, each with a TaskRunState by ID and one by
// selector. After drift, a change of `state` and a task joining (and one leaving) the selection,
// `pulumi preview --diff` names exactly the tasks the `up` writes, each with
// `status: "<last observed>" => "<planned>"`, and nothing as removed but a task that leaves;
// `roma-plan` summarises `preview --json`; `preview --refresh --expect-no-changes` is the drift
// alarm. The texts are kept (ROMA_E2E_ARTIFACTS) for docs/previews.md (scripts/previews-doc.ts).
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_INSTANCE_ID, DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { REPO, packageFixture } from "../support/package-fixture";
import { keepArtifact, newProject, nodeProject, runCommand, succeeded, type CliProject, type CliResult } from "./support/cli";
import { batchWrites } from "./support/emulator";

const PIPELINE = ["inventory-sync", "pricing-sync"];

const TS_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { RunState, TaskRunState } from "pulumi-roma-tasks";

const config = new pulumi.Config("example");
const instanceId = "${DEMO_INSTANCE_ID}";
const pipeline = new TaskRunState("pipeline", {
    instanceId,
    taskIds: ${JSON.stringify(PIPELINE)},
    state: config.get("pipelineState") === "stopped" ? RunState.Stopped : RunState.Started,
});
const nightly = new TaskRunState("nightly", { instanceId, selector: { taskTag: "nightly" }, state: RunState.Started });
export const pipelineTasks = pipeline.tasks;
export const nightlyTasks = nightly.tasks;
`;

const yamlProgram = (pluginDir: string) => `name: roma-previews
runtime: yaml
plugins:
  providers:
    - name: roma
      path: ${pluginDir}
config:
  pipelineState:
    type: string
    default: started
resources:
  pipeline:
    type: roma:fdi:TaskRunState
    properties:
      instanceId: ${DEMO_INSTANCE_ID}
      taskIds: ${JSON.stringify(PIPELINE)}
      state: \${pipelineState}
  nightly:
    type: roma:fdi:TaskRunState
    properties:
      instanceId: ${DEMO_INSTANCE_ID}
      selector:
        taskTag: nightly
      state: started
`;

/** A task of the demo instance, as seeded. */
const task = (taskId: string, more: Record<string, string> = {}) => ({ projectId: DEMO_PROJECT_ID, instanceId: DEMO_INSTANCE_ID, taskId, ...more });

/**
 * Each line `status: "a" => "b"` of a preview, with the task ID of the entry it is in (the
 * nearest `~ <id>: {` above it): what the plan says it writes.
 */
export function statusArrows(text: string): string[] {
    const lines = text.split("\n");
    const out: string[] = [];
    lines.forEach((line, i) => {
        const m = /status\s*: "(\w+)" => "(\w+)"/.exec(line);
        if (!m) return;
        for (let j = i - 1; j >= 0; j--) {
            const entry = /^\s*[~+]\s+([\w.-]+)\s*: \{/.exec(lines[j] ?? "");
            if (entry) {
                out.push(`${entry[1]}: ${m[1]} => ${m[2]}`);
                return;
            }
        }
        out.push(`?: ${m[1]} => ${m[2]}`);
    });
    return out.sort();
}

/** Lines drawn as removed. */
const removed = (text: string) => text.split("\n").filter((l) => /^\s*-\s/.test(l));

/** The update steps of a preview, without the refresh part `--refresh` prints first. */
const updatePart = (text: string) => text.slice(text.indexOf("Previewing update"));

async function romaPlan(project: CliProject, json: string, name: string): Promise<string> {
    const file = path.join(path.dirname(project.dir), `${name}.json`);
    writeFileSync(file, json);
    keepArtifact(`${name}.json`, json);
    const r = succeeded(await runCommand(process.execPath, [path.join(REPO, "dist", "plan", "cli.js"), file], { cwd: project.dir, env: process.env }));
    keepArtifact(`${name}.md`, r.stdout);
    return r.stdout;
}

/** The rows of roma-plan's tables whose planned status is `to`, as `<task>`. */
const planned = (md: string, to: string) =>
    md
        .split("\n")
        .filter((l) => l.startsWith("| `") && l.includes(`**${to}**`))
        .map((l) => /^\| `([^`]+)`/.exec(l)?.[1] ?? "")
        .sort();

const paths = [
    {
        kind: "typescript",
        title: "TypeScript program, dynamic resources",
        stateKey: "example:pipelineState",
        make: () => nodeProject("previews-ts", "name: roma-previews\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n", TS_PROGRAM),
    },
    {
        kind: "yaml",
        title: "YAML program, native provider",
        stateKey: "pipelineState",
        make: () => newProject("previews-yaml", { "Pulumi.yaml": yamlProgram(path.join(packageFixture().dir, "node_modules", ".bin")) }, { kind: "yaml" }),
    },
];

for (const p of paths) {
    describe(`e2e: plans a reviewer reads, ${p.title} (real CLI)`, function () {
        let emulator: RunningEmulator;
        let project: CliProject;
        const show = (r: CliResult) => `${r.command}\n${r.stdout}\n${r.stderr}`;

        before(async () => {
            emulator = await startEmulator();
            await emulator.admin.seed(DEMO_SEED);
            project = p.make();
            await project.initStack(emulator.url);
            await project.ok(["up", "--yes"]);
        });
        after(async () => emulator?.close());

        it("drift: preview --diff names each drifted task with stopped => started, and nothing else; --expect-no-changes fails", async () => {
            await emulator.admin.seed({ tasks: [task("pricing-sync", { status: "stopped" }), task("orders-clean", { status: "stopped" })] });
            const alarm = await project.run(["preview", "--refresh", "--expect-no-changes"]);
            assert.notEqual(alarm.code, 0, `the drift alarm goes off: ${show(alarm)}`);
            keepArtifact(`${p.kind}-expect-no-changes.txt`, alarm.stdout + alarm.stderr);

            await project.ok(["refresh", "--yes"]);
            await emulator.admin.clearRequests();
            const diff = await project.ok(["preview", "--diff"]);
            assert.equal((await emulator.admin.requests()).length, 0, "preview calls no API");
            keepArtifact(`${p.kind}-drift.txt`, diff.stdout);
            assert.deepEqual(statusArrows(diff.stdout), ["orders-clean: stopped => started", "pricing-sync: stopped => started"], diff.stdout);
            assert.deepEqual(removed(diff.stdout), [], "nothing drawn as removed");
            assert.doesNotMatch(diff.stdout, /^\s*- tasks/m);
            // Each drifted task is named beside its ID.
            assert.match(diff.stdout, /~ pricing-sync\s*: \{\n\s*name\s*: "[^"]+"\n\s*~ status\s*: "stopped" => "started"/, diff.stdout);

            const json = (await project.ok(["preview", "--json"])).stdout;
            const md = await romaPlan(project, json, `${p.kind}-roma-plan-drift`);
            assert.deepEqual(planned(md, "started"), ["orders-clean", "pricing-sync"], md);
            assert.deepEqual(planned(md, "stopped"), [], md);
            assert.match(md, /\*\*Total:\*\* 2 task\(s\) to start, 0 to stop/);
        });

        it("a change of state previews exactly the tasks it writes; then up, and the alarm passes", async () => {
            await project.ok(["config", "set", p.stateKey, "stopped"]);
            const diff = await project.ok(["preview", "--diff"]);
            keepArtifact(`${p.kind}-state-change.txt`, diff.stdout);
            // pricing-sync is stopped already (drifted): not written, no arrow.
            assert.deepEqual(statusArrows(diff.stdout), ["inventory-sync: started => stopped", "orders-clean: stopped => started"], diff.stdout);
            assert.match(diff.stdout, /~ state\s*: "started" => "stopped"/);
            assert.deepEqual(removed(diff.stdout), []);

            await project.ok(["config", "set", p.stateKey, "started"]);
            await emulator.admin.clearRequests();
            await project.ok(["up", "--yes"]);
            assert.deepEqual((await batchWrites(emulator)).flatMap((w) => w.tasks.map((t) => `${w.action} ${t}`)).sort(), [
                "start orders-clean",
                "start pricing-sync",
            ]);
            const quiet = await project.run(["preview", "--refresh", "--expect-no-changes"]);
            assert.equal(quiet.code, 0, `no change after the up: ${show(quiet)}`);
            const md = await romaPlan(project, (await project.ok(["preview", "--json"])).stdout, `${p.kind}-roma-plan-none`);
            assert.equal(md, "", "roma-plan prints nothing when nothing changes");
        });

        it("a task that joins the selection shows with its target, one that leaves is named as leaving", async () => {
            await emulator.admin.seed({
                tasks: [
                    task("returns-extract", { taskName: "returns: extract", status: "stopped", taskTag: "nightly" }),
                    task("customers-load-dwh", { taskTag: "retired" }),
                ],
            });
            await project.ok(["refresh", "--yes"]);
            await emulator.admin.clearRequests();
            const diff = await project.ok(["preview", "--diff"]);
            assert.equal((await emulator.admin.requests()).length, 0, "preview calls no API");
            keepArtifact(`${p.kind}-join.txt`, diff.stdout);
            const text = updatePart(diff.stdout);
            assert.deepEqual(statusArrows(text), ["returns-extract: stopped => started"], text);
            assert.match(text, /~ returns-extract\s*: \{[^}]*selection\s*: "joins"/, text);
            assert.match(text, /- customers-load-dwh\s*: \{[^}]*selection\s*: "leaves"/, text);
            assert.deepEqual(
                removed(text).filter((l) => !/^\s*- customers-load-dwh/.test(l)),
                removed(text).filter((l) => /^\s*- (name|selection|status)\s*:/.test(l)),
                "only the leaving task is drawn with -",
            );

            const md = await romaPlan(project, (await project.ok(["preview", "--json"])).stdout, `${p.kind}-roma-plan-join`);
            assert.deepEqual(planned(md, "started"), ["returns-extract"], md);
            assert.match(md, /left as they are: `customers-load-dwh`/);

            await emulator.admin.clearRequests();
            await project.ok(["up", "--yes"]);
            assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["returns-extract"] }]);
            const quiet = await project.run(["preview", "--refresh", "--expect-no-changes"]);
            assert.equal(quiet.code, 0, `no change after the up: ${show(quiet)}`);
        });
    });
}
