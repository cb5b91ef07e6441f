// What a reviewer reads, as the real CLI prints it, on both paths: a TypeScript program with the
// dynamic resources and a YAML program with the plugin, each with a TaskRunState by ID and one by
// selector. After drift, a change of `state` and a task joining (and one leaving) the selection,
// `pulumi preview --diff` names exactly the tasks the `up` writes, each with
// `status: "<last observed>" => "<planned>"`, and nothing as removed but a task that leaves;
// `roma-plan` summarises `preview --json`; `preview --refresh --expect-no-changes` is the drift
// alarm. The texts are kept (ROMA_E2E_ARTIFACTS) for docs/previews.md (scripts/previews-doc.ts).
import { strict as assert } from "node:assert";
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_INSTANCE_ID, DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { REPO, packageFixture } from "../support/package-fixture";
import { keepArtifact, newProject, nodeProject, runCommand, succeeded, type CliProject, type CliResult } from "./support/cli";
import { batchWrites } from "./support/emulator";
import { tempDir } from "../support/temp";

// js-yaml (a dev dependency) ships no types.
const { load } = require("js-yaml") as { load: (text: string) => unknown };

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

/** roma-plan as a workflow runs it: its output and exit code. */
async function romaPlanRun(project: CliProject, json: string, name: string, args: string[] = []): Promise<CliResult> {
    const file = path.join(path.dirname(project.dir), `${name}.json`);
    writeFileSync(file, json);
    return runCommand(process.execPath, [path.join(REPO, "dist", "plan", "cli.js"), ...args, file], { cwd: project.dir, env: process.env });
}

interface WorkflowStep {
    name?: string;
    run?: string;
    env?: Record<string, string>;
}

/** The `run` script and `env` of a step of a workflow docs/previews.md shows (`<!-- workflow:<name> -->`). */
function documentedStep(workflow: string, step: string): Required<Pick<WorkflowStep, "run" | "env">> {
    const doc = readFileSync(path.join(REPO, "docs", "previews.md"), "utf8");
    const block = new RegExp(`<!-- workflow:${workflow} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\`\\n<!-- /workflow -->`).exec(doc);
    assert.ok(block, `docs/previews.md shows the ${workflow} workflow`);
    const jobs = (load(block[1]) as { jobs: Record<string, { steps: WorkflowStep[] }> }).jobs;
    const found = Object.values(jobs)
        .flatMap((j) => j.steps)
        .find((s) => s.name === step);
    assert.ok(found?.run, `the ${workflow} workflow has a step "${step}"`);
    return { run: found.run, env: found.env ?? {} };
}

/**
 * A stand-in for the GitHub CLI: records each call (with the body file's text) and answers `issue
 * list` as the documented query would (the open issue's number, once `issue create` made one).
 */
function fakeGh(): { dir: string; calls: () => { args: string[]; body?: string }[] } {
    const dir = tempDir("roma-fake-gh");
    const bin = path.join(dir, "gh");
    writeFileSync(
        bin,
        `#!/usr/bin/env node
const fs = require("fs"), path = require("path");
const dir = ${JSON.stringify(dir)}, args = process.argv.slice(2), log = path.join(dir, "calls.json"), open = path.join(dir, "open-issue");
const calls = fs.existsSync(log) ? JSON.parse(fs.readFileSync(log, "utf8")) : [];
const i = args.indexOf("--body-file");
calls.push({ args, ...(i >= 0 && { body: fs.readFileSync(args[i + 1], "utf8") }) });
fs.writeFileSync(log, JSON.stringify(calls));
if (args[0] === "issue" && args[1] === "list" && fs.existsSync(open)) process.stdout.write(fs.readFileSync(open, "utf8") + "\\n");
if (args[0] === "issue" && args[1] === "create") { fs.writeFileSync(open, "17"); process.stdout.write("https://github.com/org/repo/issues/17\\n"); }
`,
    );
    chmodSync(bin, 0o755);
    const log = path.join(dir, "calls.json");
    return { dir, calls: () => (existsSync(log) ? (JSON.parse(readFileSync(log, "utf8")) as { args: string[]; body?: string }[]) : []) };
}

/** Runs a documented step's script as GitHub runs `run:` (bash -eo pipefail), in the project, with `gh` faked. */
async function runStep(
    project: CliProject,
    step: { run: string; env: Record<string, string> },
    gh: { dir: string },
    env: Record<string, string>,
): Promise<CliResult> {
    const script = path.join(tempDir("roma-step"), "step.sh");
    writeFileSync(script, step.run);
    const stepEnv = Object.fromEntries(Object.entries(step.env).filter(([, v]) => !v.includes("${{")));
    const base = project.env();
    return runCommand("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
        cwd: project.dir,
        env: { ...base, ...stepEnv, ...env, PATH: `${gh.dir}${path.delimiter}${base.PATH ?? ""}` },
        label: `the documented step (${script})`,
    });
}

/** A preview of the real shape with `count` tasks: the step given, its taskStatus grown to `count` drifted tasks. */
function syntheticPreview(json: string, count: number): string {
    const preview = JSON.parse(json) as {
        steps: { op: string; newState?: { type?: string; inputs?: Record<string, unknown> }; oldState?: { outputs?: Record<string, unknown> } }[];
    };
    const step = preview.steps.find((s) => s.op === "update" && /TaskRunState$/.test(s.newState?.type ?? ""));
    assert.ok(step?.newState?.inputs && step.oldState?.outputs);
    const ids = Array.from({ length: count }, (_, i) => `task-${String(i).padStart(5, "0")}`);
    step.oldState.outputs.taskStatus = Object.fromEntries(ids.map((id) => [id, { name: `synthetic ${id} ${"n".repeat(60)}`, status: "stopped" }]));
    step.newState.inputs.taskStatus = Object.fromEntries(ids.map((id) => [id, { name: `synthetic ${id} ${"n".repeat(60)}`, status: "started" }]));
    preview.steps = preview.steps.filter((s) => s === step || !/TaskRunState$/.test(s.newState?.type ?? ""));
    return JSON.stringify(preview);
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
            assert.match(md, /This preview did not read the tasks/, "a preview without --refresh says its statuses are as last recorded");

            // 3,000 drifted tasks in a preview of this shape: within GitHub's limit, the totals first, what was left out said.
            const big = await romaPlanRun(project, syntheticPreview(json, 3000), `${p.kind}-roma-plan-3000`);
            assert.equal(big.code, 0, big.stderr);
            assert.ok(big.stdout.length <= 60_000, `${big.stdout.length} characters`);
            assert.match(big.stdout, /^### Plan for ROMA Connect\n\n\*\*Total:\*\* 3000 task\(s\) to start, 0 to stop/);
            const left =
                /\*\*Left out\*\* to keep this under 60000 characters: (\d+) task row\(s\), 1 resource section\(s\) \(in whole or part\)\. `roma-plan --json` lists every task\.\n$/.exec(
                    big.stdout,
                );
            assert.ok(left, big.stdout.slice(-500));
            assert.equal(planned(big.stdout, "started").length + Number(left[1]), 3000);
            keepArtifact(`${p.kind}-roma-plan-3000-tail.md`, big.stdout.split("\n").slice(-8).join("\n"));
            const all = JSON.parse((await romaPlanRun(project, syntheticPreview(json, 3000), `${p.kind}-roma-plan-3000`, ["--json"])).stdout) as {
                counts: { start: number };
                tasks: unknown[];
            };
            assert.equal(all.counts.start, 3000);
            assert.equal(all.tasks.length, 3000, "--json lists every task");
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
            const md = await romaPlan(project, (await project.ok(["preview", "--refresh", "--json"])).stdout, `${p.kind}-roma-plan-none`);
            assert.equal(md, "", "roma-plan prints nothing when the preview read the tasks and nothing changes");
            const stale = await romaPlan(project, (await project.ok(["preview", "--json"])).stdout, `${p.kind}-roma-plan-stale`);
            assert.match(stale, /No change planned for this package's resources\./);
            assert.match(
                stale,
                /This preview did not read the tasks: each “now” is the status recorded at the last `pulumi refresh` or `up`\. `pulumi preview --refresh` shows live statuses\./,
            );
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

        if (p.kind === "yaml")
            it("the documented workflows: no drift passes quietly, drift opens then updates one issue, a 503 is a broken alarm and a posted failed preview", async () => {
                // The workflows run `npx roma-plan` in a checkout after `npm ci`.
                if (!existsSync(path.join(project.dir, "node_modules")))
                    symlinkSync(path.join(packageFixture().dir, "node_modules"), path.join(project.dir, "node_modules"), "dir");
                const drift = documentedStep("drift", "drift alarm");
                const summary = documentedStep("preview", "roma-plan summary");
                const env = { STACK: "e2e", PR: "42", GH_TOKEN: "not-a-token" };

                const quiet = fakeGh();
                const none = await runStep(project, drift, quiet, env);
                assert.equal(none.code, 0, show(none));
                assert.match(none.stdout, /No drift in e2e\./);
                assert.deepEqual(quiet.calls(), [], "no drift: no issue");

                await emulator.admin.seed({ tasks: [task("pricing-sync", { status: "stopped" })] });
                const gh = fakeGh();
                const first = await runStep(project, drift, gh, env);
                assert.equal(first.code, 0, `drift is reported, the job passes: ${show(first)}`);
                const second = await runStep(project, drift, gh, env);
                assert.equal(second.code, 0, show(second));
                const calls = gh.calls();
                assert.deepEqual(
                    calls.map((c) => c.args.slice(0, 2).join(" ")),
                    ["issue list", "issue create", "issue list", "issue edit", "issue comment"],
                    "one issue: opened, then updated",
                );
                assert.deepEqual(calls[1].args.slice(2, 4), ["--title", "Drift in e2e"]);
                assert.equal(calls[3].args[2], "17");
                for (const c of [calls[1], calls[3]]) {
                    assert.deepEqual(planned(c.body ?? "", "started"), ["pricing-sync"], c.body);
                    assert.doesNotMatch(c.body ?? "", /did not read the tasks/, "the alarm refreshed");
                }
                keepArtifact(`${p.kind}-drift-issue.md`, calls[1].body ?? "");

                await emulator.admin.setFaults([{ kind: "error5xx" }]);
                try {
                    const outage = fakeGh();
                    const broken = await runStep(project, drift, outage, env);
                    keepArtifact(`${p.kind}-alarm-broken.txt`, broken.stdout + broken.stderr);
                    assert.equal(broken.code, 1, `a 503 fails the job with the CLI's code: ${show(broken)}`);
                    assert.match(broken.stdout, /::error::The drift alarm is broken: pulumi preview exited 1 \(not 7, drift\)\. No drift issue was filed\./);
                    assert.match(broken.stdout, /HTTP 503/);
                    assert.deepEqual(outage.calls(), [], "an outage files no drift issue");

                    const pr = fakeGh();
                    const failed = await runStep(project, summary, pr, env);
                    assert.equal(failed.code, 1, `the PR step fails with the preview: ${show(failed)}`);
                    const posted = pr.calls();
                    assert.deepEqual(
                        posted.map((c) => c.args.slice(0, 3).join(" ")),
                        ["pr comment 42"],
                    );
                    const comment = posted[0].body ?? "";
                    keepArtifact(`${p.kind}-roma-plan-failed.md`, comment);
                    assert.match(comment, /^### Plan for ROMA Connect: the preview failed\n/);
                    assert.match(comment, /ListTasks failed .*HTTP 503, FDI\.9999/);
                } finally {
                    await emulator.admin.clearFaults();
                }
            });

        if (p.kind === "yaml")
            it("roma-plan under a deletion: a rename without an alias keeps the tasks the new name wants, a removal lists what onDelete stops", async () => {
                const file = path.join(project.dir, "Pulumi.yaml");
                const original = readFileSync(file, "utf8");
                const stopping = original.replace("      state: ${pipelineState}\n", "      state: ${pipelineState}\n      onDelete: stop\n");
                assert.notEqual(stopping, original);
                try {
                    writeFileSync(file, stopping);
                    await project.ok(["up", "--yes", "--refresh"]);

                    writeFileSync(file, stopping.replace("  pipeline:\n    type:", "  pipeline-v2:\n    type:"));
                    const renamed = await romaPlan(project, (await project.ok(["preview", "--refresh", "--json"])).stdout, `${p.kind}-roma-plan-rename`);
                    assert.match(renamed, /\*\*`pipeline` \(TaskRunState, deleted; onDelete: stop\)\*\*/, renamed);
                    for (const t of PIPELINE)
                        assert.match(renamed, new RegExp(`\\| \`${t}\` \\| \`[^|]+\` \\| started \\| left as it is: \`pipeline-v2\` keeps it \\|`), renamed);
                    // pipeline-v2 finds its tasks started, as the old state recorded them: nothing to write.
                    assert.match(
                        renamed,
                        /\*\*Total:\*\* 0 task\(s\) to start, 0 to stop, 0 reset\(s\), 0 DRS job\(s\) to retry, 0 replacement\(s\), 1 deletion\(s\)\./,
                        renamed,
                    );

                    writeFileSync(file, stopping.replace(/^ {2}pipeline:\n(?: {4,}.*\n)+/m, ""));
                    const removed = await romaPlan(project, (await project.ok(["preview", "--refresh", "--json"])).stdout, `${p.kind}-roma-plan-removal`);
                    for (const t of PIPELINE) assert.match(removed, new RegExp(`\\| \`${t}\` \\| \`[^|]+\` \\| started \\| \\*\\*stopped\\*\\* \\|`), removed);
                    assert.match(
                        removed,
                        /\*\*Total:\*\* 0 task\(s\) to start, 2 to stop, 0 reset\(s\), 0 DRS job\(s\) to retry, 0 replacement\(s\), 1 deletion\(s\)\./,
                        removed,
                    );
                } finally {
                    writeFileSync(file, original);
                }
            });
    });
}
