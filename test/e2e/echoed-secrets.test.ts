// A server that echoes the token in other forms (a prefix, base64, upper case, lower-case
// percent-encoding, HTML entities, a request ID built from it), under the real CLI and the
// native provider: nothing of it reaches what the CLI prints, the stack's state, its backups
// or its history (every file of the backend).
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { DEMO_PROJECT_ID, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { packageFixture } from "../support/package-fixture";
import { assertNoEcho, ECHOED_REQUEST_ID, ECHOES, echoingFaults, LONG_TOKEN } from "../support/echo-forms";
import { keepArtifact, newProject, nodeProject, resourcesOf, type CliProject } from "./support/cli";
import { yamlWithPlugin } from "./support/programs";

const INSTANCE = "echo-inst";

function program(pluginDir: string): string {
    return yamlWithPlugin(
        "roma-echo",
        pluginDir,
        `  feeds:
    type: roma:drs:JobRetry
    properties:
      jobIds: [job-echo]
  pipeline:
    type: roma:fdi:TaskRunState
    properties:
      instanceId: ${INSTANCE}
      taskIds: [echo-task]
      state: started
`,
    );
}

describe("e2e: a token echoed in other forms stays out of the output and the state files (real CLI)", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator({ credentials: { tokens: [LONG_TOKEN] } });
    });
    after(async () => emulator?.close());

    it("up with a DRS error_msg and a ListTasks error holding every form: the CLI prints [secret], the stack files hold none", async () => {
        await emulator.admin.seed({
            replace: true,
            tasks: [{ projectId: DEMO_PROJECT_ID, instanceId: INSTANCE, taskId: "echo-task", status: "stopped" }],
            jobs: [{ projectId: DEMO_PROJECT_ID, jobId: "job-echo", status: "PAUSING" }],
        });
        await emulator.admin.setFaults(
            echoingFaults({ listTasks: `Bad request: ${ECHOES}`, requestId: ECHOED_REQUEST_ID, jobId: "job-echo", job: `not allowed: ${ECHOES}` }),
        );
        const project = newProject("echo", { "Pulumi.yaml": program(path.join(packageFixture().dir, "node_modules", ".bin")) }, { kind: "yaml" });
        await project.initStack(emulator.url);
        await project.ok(["config", "set", "--secret", "roma:authToken", LONG_TOKEN]);

        const up = await project.run(["up", "--yes"]);
        keepArtifact("echoed-secrets-up.txt", up.stdout + up.stderr);
        assert.notEqual(up.code, 0, "both resources fail");
        assert.match(up.stdout, /DRS\.0001/, up.stdout);
        assert.match(up.stdout, /FDI\.3033/, up.stdout);
        assert.match(up.stdout, /rid-\[secret\]/, "the request ID is quoted without the token");
        assertNoEcho(up.stdout + up.stderr);

        const retry = resourcesOf(await project.exportStack(), "roma:drs:JobRetry")[0];
        assert.match(JSON.stringify(retry?.outputs), /"errorMessage":"not allowed: prefix=\[secret\] base64=\[secret\]/, JSON.stringify(retry?.outputs));
        // The state file, its .bak, the backups and the history: every file the backend keeps.
        assertNoEcho(project.backendFiles());
    });
});

const GET_TASKS_TS = `import { getTasks } from "pulumi-roma-tasks";

export const names = getTasks({ instanceId: "${INSTANCE}", taskIds: ["echo-task"] }).then((r) => r.tasks.map((t) => t.taskName));
`;

const getTasksYaml = (pluginDir: string) => `name: roma-echo-get
runtime: yaml
plugins:
  providers:
    - name: roma
      path: ${pluginDir}
variables:
  found:
    fn::invoke:
      function: roma:fdi:getTasks
      arguments:
        instanceId: ${INSTANCE}
        taskIds: [echo-task]
outputs:
  names: \${found.tasks}
`;

describe("e2e: getTasks with a token echoed in a task's name, on both paths: no form of it in the output or the state files (real CLI)", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator({ credentials: { tokens: [LONG_TOKEN] } });
        await emulator.admin.seed({
            replace: true,
            tasks: [{ projectId: DEMO_PROJECT_ID, instanceId: INSTANCE, taskId: "echo-task", taskName: `sync ${ECHOES}`, status: "started" }],
        });
    });
    after(async () => emulator?.close());

    const paths: { kind: string; make: () => CliProject }[] = [
        {
            kind: "typescript",
            make: () =>
                nodeProject("echo-get-ts", "name: roma-echo-get\nruntime:\n  name: nodejs\n  options:\n    typescript: true\nmain: index.ts\n", GET_TASKS_TS),
        },
        {
            kind: "yaml",
            make: () => newProject("echo-get-yaml", { "Pulumi.yaml": getTasksYaml(path.join(packageFixture().dir, "node_modules", ".bin")) }, { kind: "yaml" }),
        },
    ];
    for (const p of paths) {
        it(`${p.kind}: up, then the stack's outputs: the name shows [secret] where the token was`, async () => {
            const project = p.make();
            await project.initStack(emulator.url);
            await project.ok(["config", "set", "--secret", "roma:authToken", LONG_TOKEN]);
            const up = await project.ok(["up", "--yes"]);
            keepArtifact(`echoed-secrets-get-tasks-${p.kind}.txt`, up.stdout + up.stderr);
            const outputs = await project.ok(["stack", "output", "--json"]);
            assert.match(outputs.stdout, /sync prefix=\[secret\] base64=\[secret\]/, outputs.stdout);
            assertNoEcho(up.stdout + up.stderr + outputs.stdout);
            assertNoEcho(project.backendFiles());
        });
    }
});
