// The mistakes a new user makes first, as the real CLI prints them, on both paths: a TypeScript
// program with the dynamic resources and a YAML program with the native provider. Each case runs
// in a stack of its own; the assertions read what `pulumi` printed (stdout and stderr together),
// since that is all the user sees: the engine prints a partial failure's reasons, a check
// failure's reason beside the property, and an error's message.
import { strict as assert } from "node:assert";
import { createServer } from "node:net";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_INSTANCE_ID, DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { RESOURCE_TOKENS } from "../../provider/resources/common/resource-types";
import { dynamicType } from "../../provider/resources/common/module";
import { packageFixture } from "../support/package-fixture";
import { keepArtifact, newProject, nodeProject, type CliProject, type CliResult } from "./support/cli";
import { EMULATOR_TOKEN } from "./support/emulator";

type Path = "dynamic" | "native";

/** One resource (or invoke) in each language: TypeScript source, and the YAML `resources:` entry or `variables:` block. */
interface Case {
    ts: string;
    yaml: string;
}

const TRS_TS = (args: string) => `import { TaskRunState } from "pulumi-roma-tasks";\nnew TaskRunState("tasks", ${args});\n`;

/** An address on loopback where nothing listens: a port the OS gave out and took back. */
async function closedPort(): Promise<string> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}`;
}

const output = (r: CliResult) => r.stdout + r.stderr;

describe("e2e: first-contact mistakes as the real CLI prints them (dynamic and native)", function () {
    let emulator: RunningEmulator;
    const projects: Partial<Record<Path, CliProject>> = {};
    let stacks = 0;
    const pluginDir = () => path.join(packageFixture().dir, "node_modules", ".bin");

    before(async () => {
        emulator = await startEmulator();
        await emulator.admin.seed(DEMO_SEED);
        projects.dynamic = nodeProject("first-contact-ts", "name: roma-first-contact\nruntime: nodejs\n", TRS_TS("{}"));
        projects.native = newProject("first-contact-yaml", { "Pulumi.yaml": "name: roma-first-contact\nruntime: yaml\n" }, { kind: "yaml" });
    });
    after(async () => emulator?.close());

    /**
     * A new stack of the path's project running `c`, its provider configured as `initStack` does
     * unless `config` says otherwise (a value of `null` leaves the key unset).
     */
    async function stackWith(p: Path, c: Case, config: Record<string, string | null> = {}): Promise<CliProject> {
        const project = projects[p] as CliProject;
        if (p === "dynamic") writeFileSync(path.join(project.dir, "index.ts"), c.ts);
        else
            writeFileSync(
                path.join(project.dir, "Pulumi.yaml"),
                `name: roma-first-contact\nruntime: yaml\nplugins:\n  providers:\n    - name: roma\n      path: ${pluginDir()}\n${c.yaml}`,
            );
        await project.ok(["stack", "init", `s${++stacks}`]);
        const settings: Record<string, string | null> = {
            "roma:endpoint": emulator.url,
            "roma:drsEndpoint": emulator.url,
            "roma:projectId": DEMO_PROJECT_ID,
            ...config,
        };
        for (const [key, value] of Object.entries(settings)) if (value !== null) await project.ok(["config", "set", key, value]);
        if (!("roma:authToken" in config)) await project.ok(["config", "set", "--secret", "roma:authToken", EMULATOR_TOKEN]);
        else if (config["roma:authToken"] !== null) await project.ok(["config", "set", "--secret", "roma:authToken", config["roma:authToken"]]);
        return project;
    }

    /** The failed `up`'s output, kept as `first-contact-<path>-<what>.txt` (ROMA_E2E_ARTIFACTS) for the README and the changelog. */
    async function failedUp(p: Path, what: string, c: Case, config?: Record<string, string | null>): Promise<string> {
        const project = await stackWith(p, c, config);
        const r = await project.run(["up", "--yes"]);
        assert.notEqual(r.code, 0, `${r.command} must fail:\n${output(r)}`);
        keepArtifact(`first-contact-${p}-${what}.txt`, output(r));
        return output(r);
    }

    const trs = (fields: { ts: string; yaml: string }): Case => ({
        ts: TRS_TS(`{ ${fields.ts} }`),
        yaml: `resources:\n  tasks:\n    type: roma:fdi:TaskRunState\n    properties:\n${fields.yaml}`,
    });
    const trsOf = (instanceId: string, taskIds: string[], state = "started") =>
        trs({
            ts: `instanceId: "${instanceId}", taskIds: ${JSON.stringify(taskIds)}, state: "${state}" as "started"`,
            yaml: `      instanceId: ${instanceId}\n      taskIds: [${taskIds.join(", ")}]\n      state: ${state}\n`,
        });

    for (const p of ["dynamic", "native"] as const) {
        describe(p, () => {
            it("a wrong instanceId: the summary says none of the tasks exists there, and what to check", async () => {
                const out = await failedUp(p, "wrong-instance", trsOf("wrong-inst", ["orders-extract", "orders-clean", "customers-extract"]));
                assert.match(out, /none of the 3 tasks exists in instance wrong-inst of project [0-9a-f]{32}/);
                assert.match(out, /check that instanceId and the project are right/);
            });

            it("an unknown task: named, with NOT_FOUND", async () => {
                const out = await failedUp(p, "unknown-task", trsOf(DEMO_INSTANCE_ID, ["orders-extract", "no-such-task"]));
                assert.match(out, /task no-such-task: NOT_FOUND/);
                assert.match(out, /1 of 2 tasks are not started/);
            });

            it("a wrong token: 401, the credentials and where they came from", async () => {
                const out = await failedUp(p, "wrong-token", trsOf(DEMO_INSTANCE_ID, ["orders-extract"]), { "roma:authToken": "not-the-token" });
                assert.match(out, /HTTP 401/);
                assert.match(out, /roma:authToken/);
                assert.equal(out.includes("not-the-token"), false, "the token is never printed");
            });

            it("no roma:projectId: the setting and its variable are named", async () => {
                const out = await failedUp(p, "no-project", trsOf(DEMO_INSTANCE_ID, ["orders-extract"]), { "roma:projectId": null });
                assert.match(out, /roma:projectId/);
                assert.match(out, /HW_PROJECT_ID/);
            });

            it('state: "running": the allowed values', async () => {
                const out = await failedUp(p, "state-running", trsOf(DEMO_INSTANCE_ID, ["orders-extract"], "running"));
                // YAML checks the value against the schema's enum before the provider sees it.
                if (p === "dynamic") assert.match(out, /property state value \{running\} has a problem: must be one of "started", "stopped", got "running"/);
                else
                    assert.match(
                        out,
                        /state: Cannot assign type 'string' to type 'roma:fdi:RunState':\s+Allowed values are Started \("started"\), Stopped \("stopped"\)/,
                    );
            });

            it("a duplicate task ID: the resource, the path and the first place, without a value as Go prints it ({<nil>})", async () => {
                const out = await failedUp(p, "duplicate-task-id", trsOf(DEMO_INSTANCE_ID, ["orders-extract", "orders-extract"]));
                const type = p === "dynamic" ? dynamicType("TaskRunState") : RESOURCE_TOKENS.TaskRunState;
                assert.ok(out.includes(`${type} resource 'tasks' has a problem: taskIds[1]: duplicate of [0] ("orders-extract")`), out);
                assert.doesNotMatch(out, /<nil>|value \{/);
            });

            it("both taskIds and selector: said in words, without the value as Go prints it", async () => {
                const out = await failedUp(
                    p,
                    "both-taskids-and-selector",
                    trs({
                        ts: `instanceId: "${DEMO_INSTANCE_ID}", taskIds: ["orders-extract"], selector: { taskTag: "nightly" }, state: "started" as "started"`,
                        yaml: `      instanceId: ${DEMO_INSTANCE_ID}\n      taskIds: [orders-extract]\n      selector:\n        taskTag: nightly\n      state: started\n`,
                    }),
                );
                assert.match(out, /set either taskIds \(tasks by ID\) or selector \(tasks by tag, name or type\), not both/);
                assert.doesNotMatch(out, /map\[|\{nightly\}/);
            });

            it("a closed port (wrong roma:endpoint): fails within a few attempts, naming the setting", async () => {
                const url = await closedPort();
                const out = await failedUp(p, "closed-port", trsOf(DEMO_INSTANCE_ID, ["orders-extract"]), { "roma:endpoint": url });
                // On loopback a refusal is not retried as a 503 is (5 retries with backoff, about 13 s).
                assert.match(
                    out,
                    /ListTasks failed for orders-extract: connection refused \(127\.0\.0\.1:\d+\); nothing accepts connections there: check roma:endpoint from stack config/,
                );
            });

            it("a TaskProgressReset dateFrom in the future: refused in check, naming dateFrom and now", async () => {
                const future = "2099-01-01T00:00:00Z";
                const out = await failedUp(p, "date-from-future", {
                    ts: `import { TaskProgressReset } from "pulumi-roma-tasks";\nnew TaskProgressReset("reset", { instanceId: "${DEMO_INSTANCE_ID}", taskId: "orders-composite", dateFrom: "${future}" });\n`,
                    yaml: `resources:\n  reset:\n    type: roma:fdi:TaskProgressReset\n    properties:\n      instanceId: ${DEMO_INSTANCE_ID}\n      taskId: orders-composite\n      dateFrom: "${future}"\n`,
                });
                assert.match(out, /dateFrom 2099-01-01T00:00:00\.000Z is in the future \(now is \d{4}-\d\d-\d\dT/);
                assert.equal(
                    (await emulator.admin.requests()).some((r) => r.operation === "ResetMultiTaskOffset" && JSON.stringify(r.body).includes("4070908800000")),
                    false,
                    "nothing is sent",
                );
            });
        });
    }

    // `pulumi import <dynamic type>` never reaches this package: the engine's Read carries neither
    // state nor inputs, and the host fails looking for `__provider` (README, "Importing"). The
    // `import` resource option does run the program, so the class says it there.
    it("dynamic: the import option prints the advice to use the native provider, not the host's trace", async () => {
        const out = await failedUp("dynamic", "import-option", {
            ts: `import { TaskRunState } from "pulumi-roma-tasks";\nnew TaskRunState("adopted", { instanceId: "${DEMO_INSTANCE_ID}", taskIds: ["orders-extract"], state: "started" }, { import: "${DEMO_INSTANCE_ID}/orders-extract" });\n`,
            yaml: "",
        });
        assert.match(out, /adopted \(import: "roma-nightly-inst\/orders-extract"\): TaskRunState cannot be imported through the dynamic resource/);
        assert.match(out, /pulumi import roma:fdi:TaskRunState <name> <instanceId>\/<taskIds>/);
        assert.doesNotMatch(out, /code must be a string/);
    });

    it("native: import of more than 1,000 IDs is refused before any call, in words", async () => {
        const project = await stackWith("native", { ts: "", yaml: "" });
        const ids = Array.from({ length: 1001 }, (_, i) => `t-${i}`).join(",");
        await emulator.admin.clearRequests();
        const r = await project.run(["import", "roma:fdi:TaskRunState", "many", `${DEMO_INSTANCE_ID}/${ids}`, "--yes"]);
        assert.notEqual(r.code, 0);
        keepArtifact("first-contact-native-import-1001.txt", output(r));
        assert.match(output(r), /1001 task IDs; a TaskRunState holds at most 1000/);
        assert.doesNotMatch(output(r), /too_big|"origin"/);
        assert.equal((await emulator.admin.requests()).length, 0, "no API call");
    });

    it("native: getTasks with a last run outside JavaScript's date range names the operation, field and task, and keeps the others", async () => {
        await emulator.admin.seed({
            tasks: [
                { projectId: DEMO_PROJECT_ID, instanceId: DEMO_INSTANCE_ID, taskId: "orders-extract", status: "stopped", lastExecuteTime: 9e15 },
                { projectId: DEMO_PROJECT_ID, instanceId: DEMO_INSTANCE_ID, taskId: "orders-clean", status: "stopped", lastExecuteTime: 1793491200000 },
            ],
        });
        const project = await stackWith("native", {
            ts: "",
            yaml:
                `variables:\n  runs:\n    fn::invoke:\n      function: roma:fdi:getTasks\n      arguments:\n        instanceId: ${DEMO_INSTANCE_ID}\n` +
                `        taskIds: [orders-extract, orders-clean]\n        withLastRun: true\n      return: tasks\noutputs:\n  runs: \${runs}\n`,
        });
        const up = await project.run(["up", "--yes"]);
        keepArtifact("first-contact-native-get-tasks.txt", output(up));
        assert.match(
            output(up),
            /getTasks on instance roma-nightly-inst: task orders-extract: lastExecuteTime 9000000000000000 \(ListMonitorInfos last_execute_time\) is outside the dates JavaScript can hold/,
        );
        assert.equal(up.code, 0, output(up));
        const runs = JSON.parse((await project.ok(["stack", "output", "runs", "--json"])).stdout) as { taskId: string; lastExecuteTime?: string }[];
        assert.deepEqual(
            runs.map((t) => [t.taskId, t.lastExecuteTime]),
            [
                ["orders-extract", undefined],
                ["orders-clean", "2026-11-01T00:00:00.000Z"],
            ],
        );
        await emulator.admin.seed(DEMO_SEED);
    });
});
