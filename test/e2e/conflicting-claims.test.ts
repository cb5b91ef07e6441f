// Two resources that want one task in opposite states (docs/conflicting-claims.md), through the
// real CLI on both paths: the preview refuses them with no API call, so does the `up` (before any
// write) and every `up --refresh` after it; the refusal is the CLAIMED_TWICE line roma-plan reads
// from `preview --json`. On the native path also a rename without an alias (the old resource's
// delete leaves the tasks the new one keeps) and `projectId` written out (no change). Every command
// is a new `pulumi` process, so a new provider process.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseClaimedTwice, type ClaimedTwice } from "../../provider/core/claimed-twice";
import { DEMO_INSTANCE_ID, DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { packageFixture } from "../support/package-fixture";
import { newProject, nodeProject, keepArtifact, type CliProject, type CliResult } from "./support/cli";
import { batchWrites, runningTasks } from "./support/emulator";
import { yamlWithPlugin } from "./support/programs";

const NIGHTLY = (DEMO_SEED.tasks ?? []).filter((t) => t.taskTag === "nightly").map((t) => t.taskId);
const THREE = NIGHTLY.slice(0, 3);

interface Spec {
    name: string;
    taskIds?: string[];
    selector?: { taskTag: string };
    state: "started" | "stopped";
    onDelete?: "keep" | "stop" | "restore";
    projectId?: string;
    /** The resource this one depends on (`dependsOn`). */
    dependsOn?: string;
}

function yamlResources(specs: readonly Spec[]): string {
    return specs
        .map((s) => {
            const props = [
                `      instanceId: ${DEMO_INSTANCE_ID}`,
                s.taskIds && `      taskIds: [${s.taskIds.join(", ")}]`,
                s.selector && `      selector: { taskTag: ${s.selector.taskTag} }`,
                `      state: ${s.state}`,
                s.onDelete && `      onDelete: ${s.onDelete}`,
                s.projectId && `      projectId: ${s.projectId}`,
            ].filter(Boolean);
            const options = s.dependsOn ? `    options:\n      dependsOn:\n        - \${${s.dependsOn}}\n` : "";
            return `  ${s.name}:\n    type: roma:fdi:TaskRunState\n    properties:\n${props.join("\n")}\n${options}`;
        })
        .join("");
}

const varOf = (name: string) => `r_${name.replace(/\W/g, "_")}`;

function tsProgram(specs: readonly Spec[]): string {
    const lines = specs.map((s) => {
        const args = { instanceId: DEMO_INSTANCE_ID, taskIds: s.taskIds, selector: s.selector, onDelete: s.onDelete, projectId: s.projectId };
        const fields = Object.entries(args)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
        const options = s.dependsOn ? `, { dependsOn: [${varOf(s.dependsOn)}] }` : "";
        return `const ${varOf(s.name)} = new TaskRunState(${JSON.stringify(s.name)}, { ${[...fields, `state: "${s.state}" as RunState`].join(", ")} } as TaskRunStateArgs${options});`;
    });
    return `import { RunState, TaskRunState, type TaskRunStateArgs } from "pulumi-roma-tasks";\n${lines.join("\n")}\n`;
}

interface Path {
    label: string;
    project(name: string, specs: readonly Spec[]): CliProject;
    /** Rewrites the program of the project made as `name` to declare `specs`. */
    declare(project: CliProject, name: string, specs: readonly Spec[]): void;
}

const pluginDir = () => path.join(packageFixture().dir, "node_modules", ".bin");

const PATHS: Path[] = [
    {
        label: "YAML (native provider)",
        project: (name, specs) => newProject(name, { "Pulumi.yaml": yamlWithPlugin(name, pluginDir(), yamlResources(specs)) }, { kind: "yaml" }),
        declare: (project, name, specs) => writeFileSync(path.join(project.dir, "Pulumi.yaml"), yamlWithPlugin(name, pluginDir(), yamlResources(specs))),
    },
    {
        label: "TypeScript (dynamic provider)",
        project: (name, specs) => nodeProject(name, `name: ${name}\nruntime: nodejs\n`, tsProgram(specs)),
        declare: (project, _name, specs) => writeFileSync(path.join(project.dir, "index.ts"), tsProgram(specs)),
    },
];

/** Everything a command printed. */
const printed = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

async function refused(project: CliProject, args: string[]): Promise<CliResult> {
    const r = await project.run(args);
    assert.notEqual(r.code, 0, `${r.command} must fail\n${printed(r)}`);
    assert.match(printed(r), /CLAIMED_TWICE: /, printed(r));
    return r;
}

/**
 * The refusals in `text`, each with its two resources in name order: the engine checks resources
 * that do not depend on each other in no fixed order (the YAML runtime registers them so), and the
 * second to be checked is the one refused.
 */
function refusalsIn(text: string): ClaimedTwice[] {
    const found = parseClaimedTwice(text).map((c) => ({
        ...c,
        claims: [...c.claims].sort((a, b) => a.resource.localeCompare(b.resource)) as ClaimedTwice["claims"],
    }));
    // The CLI prints a failure beside the resource and again under Diagnostics (the dynamic host once more on the stack).
    return [...new Map(found.map((c) => [JSON.stringify(c), c])).values()];
}

/** The refusals roma-plan finds in `pulumi preview --json`'s diagnostics. */
async function refusalsInJson(project: CliProject) {
    const r = await project.run(["preview", "--json"]);
    assert.notEqual(r.code, 0, printed(r));
    const out = JSON.parse(r.stdout) as { diagnostics?: { message: string }[] };
    return refusalsIn((out.diagnostics ?? []).map((d) => d.message).join("\n"));
}

describe("e2e: two resources that want one task in opposite states are refused before any write (real CLI)", function () {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator();
    });
    beforeEach(async () => emulator.admin.seed({ replace: true, ...DEMO_SEED }));
    after(async () => emulator?.close());

    const writes = async () => batchWrites(emulator);

    for (const p of PATHS) {
        const slug = p.label.startsWith("YAML") ? "yaml" : "ts";

        it(`${p.label}: a taskIds resource stopping three of a selector's started tasks fails preview, up and up --refresh (x3), with no API call in the preview and no write`, async () => {
            const keepRunning: Spec = { name: "keep-running", selector: { taskTag: "nightly" }, state: "started" };
            const keepStopped: Spec = { name: "keep-stopped", taskIds: THREE, state: "stopped" };
            const name = `claims-a-${slug}`;
            const project = p.project(name, [keepRunning]);
            await project.initStack(emulator.url);
            await project.ok(["up", "--yes"]);
            for (const t of NIGHTLY) assert.ok((await runningTasks(emulator)).has(t), `${t} runs`);

            p.declare(project, name, [keepRunning, keepStopped]);
            await emulator.admin.clearRequests();
            const preview = await refused(project, ["preview"]);
            assert.deepEqual(await emulator.admin.requests(), [], "the preview makes no API call");
            keepArtifact(`claimed-twice-${slug}.txt`, printed(preview));
            const expected: ClaimedTwice = {
                instanceId: DEMO_INSTANCE_ID,
                taskIds: THREE,
                claims: [
                    { resource: "keep-running", state: "started" },
                    { resource: "keep-stopped", state: "stopped" },
                ],
            };
            assert.deepEqual(refusalsIn(printed(preview)), [expected]);
            assert.deepEqual(await refusalsInJson(project), [expected], "roma-plan finds the refusal in preview --json");

            await refused(project, ["up", "--yes"]);
            for (let i = 0; i < 3; i++) await refused(project, ["up", "--refresh", "--yes"]);
            assert.deepEqual(await writes(), [], "no start and no stop");
            for (const t of NIGHTLY) assert.ok((await runningTasks(emulator)).has(t), `${t} still runs`);
        });

        it(`${p.label}: one task ID in two taskIds resources, in opposite states, fails preview and up, in either order and with dependsOn`, async () => {
            const on: Spec = { name: "on", taskIds: ["orders-extract"], state: "started" };
            const off: Spec = { name: "off", taskIds: ["orders-extract", "orders-clean"], state: "stopped" };
            const name = `claims-ids-${slug}`;
            const project = p.project(name, [on, off]);
            await project.initStack(emulator.url);
            await emulator.admin.clearRequests();
            const expected: ClaimedTwice = {
                instanceId: DEMO_INSTANCE_ID,
                taskIds: ["orders-extract"],
                claims: [
                    { resource: "off", state: "stopped" },
                    { resource: "on", state: "started" },
                ],
            };
            assert.deepEqual(refusalsIn(printed(await refused(project, ["preview"]))), [expected]);
            p.declare(project, name, [off, on]);
            assert.deepEqual(refusalsIn(printed(await refused(project, ["up", "--yes"]))), [expected]);
            // One after the other (dependsOn): the preview that `up` runs first checks both before anything is written.
            p.declare(project, name, [on, { ...off, dependsOn: "on" }]);
            assert.deepEqual(refusalsIn(printed(await refused(project, ["up", "--yes"]))), [expected]);
            assert.deepEqual(await emulator.admin.requests(), [], "no API call at all");
        });

        it(`${p.label}: two resources that agree are allowed with a warning; once one changes its state it is refused, and removing the other resolves it with up --refresh`, async () => {
            const x: Spec = { name: "x", taskIds: ["orders-extract"], state: "started" };
            const y: Spec = { name: "y", selector: { taskTag: "nightly" }, state: "started" };
            const name = `claims-remove-${slug}`;
            const project = p.project(name, [x, y]);
            await project.initStack(emulator.url);
            await project.ok(["up", "--yes"]);
            // Both in the state now: each command's Check and Diff see both, and say it once.
            const agreed = await project.ok(["preview"]);
            assert.match(printed(agreed), /resource "(x|y)" of this stack wants orders-extract started too/, printed(agreed));
            p.declare(project, name, [{ ...x, state: "stopped" }, y]);
            await emulator.admin.clearRequests();
            await refused(project, ["up", "--refresh", "--yes"]);
            assert.deepEqual(await writes(), []);
            p.declare(project, name, [{ ...x, state: "stopped" }]);
            await project.ok(["up", "--refresh", "--yes"]);
            assert.deepEqual(await writes(), [{ action: "stop", tasks: ["orders-extract"] }]);
        });
    }

    it("YAML: a rename without an alias (onDelete stop) leaves the tasks the new name keeps running, says so and suggests the alias", async () => {
        const nightly: Spec = { name: "nightly", taskIds: ["orders-extract", "orders-clean"], state: "started", onDelete: "stop" };
        const project = PATHS[0].project("claims-rename", [nightly]);
        await project.initStack(emulator.url);
        await project.ok(["up", "--yes"]);
        PATHS[0].declare(project, "claims-rename", [{ ...nightly, name: "nightly2" }]);
        await emulator.admin.clearRequests();
        const up = await project.ok(["up", "--yes"]);
        keepArtifact("rename-without-alias.txt", printed(up));
        assert.deepEqual(await writes(), [], "the old resource's delete stops nothing");
        for (const t of nightly.taskIds ?? []) assert.ok((await runningTasks(emulator)).has(t), `${t} still runs`);
        assert.match(
            printed(up),
            /orders-extract, orders-clean left as is: resource "nightly2" of this stack wants started; if "nightly2" is this resource renamed, give it the alias "nightly"/,
        );
        await project.ok(["preview", "--refresh", "--expect-no-changes"]);
    });

    it("YAML: writing out projectId as configured is no change (no replacement); another project still replaces", async () => {
        const nightly: Spec = { name: "nightly", taskIds: ["orders-extract"], state: "started", onDelete: "restore" };
        const project = PATHS[0].project("claims-project", [nightly]);
        await project.initStack(emulator.url);
        await project.ok(["up", "--yes"]);
        PATHS[0].declare(project, "claims-project", [{ ...nightly, projectId: DEMO_PROJECT_ID }]);
        await emulator.admin.clearRequests();
        await project.ok(["preview", "--diff", "--expect-no-changes"]);
        await project.ok(["up", "--yes"]);
        assert.deepEqual(await writes(), []);
        assert.ok((await runningTasks(emulator)).has("orders-extract"));
        PATHS[0].declare(project, "claims-project", [{ ...nightly, projectId: "1b2c3d4e5f60718293a4b5c6d7e8f9a0" }]);
        const other = await project.ok(["preview", "--diff"]);
        assert.match(other.stdout, /\+-\s*roma:fdi:TaskRunState: \(replace\)/, other.stdout);
    });

    it("YAML: the plugin killed (kill -9) during an update that adds a task to a restore resource, after starting it: the next up says it found the task already started", async () => {
        const keep: Spec = { name: "kept", taskIds: ["orders-load-dwh"], state: "started", onDelete: "restore" };
        const project = PATHS[0].project("claims-killed", [keep]);
        await project.initStack(emulator.url);
        await project.ok(["up", "--yes"]);
        PATHS[0].declare(project, "claims-killed", [{ ...keep, taskIds: ["orders-load-dwh", "inventory-sync"] }]);
        // Every listing waits, so the plugin is still reading back after its start went out.
        await emulator.admin.setFaults([{ operation: "ListTasks", kind: "latency", latencyMs: 4000 }]);
        const up = project.run(["up", "--yes"]);
        await until(async () => (await runningTasks(emulator)).has("inventory-sync"), "the update started inventory-sync");
        for (const pid of pluginProcesses()) process.kill(pid, "SIGKILL");
        const killed = await up;
        assert.notEqual(killed.code, 0, printed(killed));
        await emulator.admin.clearFaults();
        const next = await project.ok(["up", "--yes"]);
        keepArtifact("killed-update.txt", printed(next));
        assert.match(
            printed(next),
            /TaskRunState update on instance roma-nightly-inst: 1 task\(s\) were already started before this resource changed anything \(inventory-sync\), so onDelete "restore" will leave them started\. If an earlier `pulumi up` of this stack was killed while adding these tasks to this resource/,
        );
    });
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

/**
 * The PIDs of the roma plugin processes this suite's fixture runs now, found by its path, which no
 * other process holds (the YAML runtime loads the plugin for its schema besides the engine's provider).
 */
function pluginProcesses(): number[] {
    const fixture = packageFixture().dir;
    const rows = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" })
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l.includes(fixture) && /pulumi-resource-roma|plugin\/cli\.js/.test(l));
    assert.ok(rows.length > 0, "the plugin runs");
    return rows.map((r) => Number(r.split(/\s+/)[0]));
}
