// A server that echoes the token in other forms (a prefix, base64, upper case, lower-case
// percent-encoding, HTML entities, a request ID built from it), under the real CLI and the
// native provider: nothing of it reaches what the CLI prints, the stack's state, its backups
// or its history (every file of the backend).
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { DEMO_PROJECT_ID, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { packageFixture } from "../support/package-fixture";
import { assertNoEcho, ECHOED_REQUEST_ID, ECHOES, echoingFaults, LONG_TOKEN } from "../support/echo-forms";
import { keepArtifact, newProject, resourcesOf } from "./support/cli";
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
