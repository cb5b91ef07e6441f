// The policy pack (policy/) under the real CLI, on a YAML stack (native provider, `roma:fdi:*`)
// and a TypeScript stack (dynamic resources, `pulumi-nodejs:dynamic/roma:*`): a preview that
// would stop the tasks of a protected instance outside its change windows is refused, naming
// the policy; the same preview passes for an instance that is not protected and inside a window.
// Windows are set relative to the clock of the run, hours away from its edges.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { packageFixture } from "../support/package-fixture";
import { keepArtifact, newProject, nodeProject, type CliProject, type CliResult } from "./support/cli";
import { INSTANCE, yamlWithPlugin } from "./support/programs";
import { launcher, policyConfigFile, policyPackExecutable, windowAround } from "./support/policy";

const yamlProgram = (pluginDir: string) =>
    yamlWithPlugin(
        "roma-policy-yaml",
        pluginDir,
        `  nightly:
    type: roma:fdi:TaskRunState
    properties:
      instanceId: ${INSTANCE}
      taskIds: [orders-extract, orders-clean]
      state: stopped
`,
    );

const tsProgram = `import { TaskRunState } from "pulumi-roma-tasks";

new TaskRunState("nightly", { instanceId: "${INSTANCE}", selector: { taskTag: "nightly" }, state: "stopped" });
`;

const protect = (instanceIds: string[], changeWindowsUtc: string[]) => policyConfigFile({ "roma-protected-instances": { instanceIds, changeWindowsUtc } });

for (const stack of ["yaml", "typescript"] as const) {
    describe(`e2e: the policy pack refuses a stop outside the change windows (${stack} stack, real CLI)`, function () {
        let emulator: RunningEmulator;
        let project: CliProject;
        let pack: string;

        before(async function () {
            pack = policyPackExecutable();
            emulator = await startEmulator();
            project =
                stack === "yaml"
                    ? newProject("policy-yaml", { "Pulumi.yaml": yamlProgram(path.join(packageFixture().dir, "node_modules", ".bin")) }, { kind: "yaml" })
                    : nodeProject("policy-ts", "name: roma-policy-ts\nruntime: nodejs\n", tsProgram);
            await project.initStack(emulator.url);
        });
        after(async () => emulator?.close());

        const preview = async (config: string): Promise<CliResult> => {
            await emulator.admin.clearRequests();
            const r = await project.run(["preview", "--policy-pack", pack, "--policy-pack-config", config]);
            assert.equal((await emulator.admin.requests()).length, 0, "a preview with the policy pack calls no API");
            return r;
        };

        it("refused: a protected instance, now outside its only window; the message names the policy, the instance, the tasks and the next window", async () => {
            const window = windowAround(48, 50);
            const r = await preview(protect([INSTANCE], [window]));
            const out = r.stdout + r.stderr;
            keepArtifact(`policy-refused-${stack}.txt`, `${out}\n(exit code ${r.code})\n`);
            assert.notEqual(r.code, 0, `the preview is refused:\n${out}`);
            assert.match(out, /roma-protected-instances/);
            assert.match(out, /mandatory/);
            assert.match(out, new RegExp(`on protected instance ${INSTANCE}`));
            assert.match(out, stack === "yaml" ? /tasks orders-extract, orders-clean/ : /selector \{ taskTag: "nightly" \}/);
            assert.ok(out.includes(`("${window}")`), `the next window is named:\n${out}`);
        });

        it("allowed: the instance is not protected", async () => {
            const r = await preview(protect(["another-instance"], [windowAround(48, 50)]));
            assert.equal(r.code, 0, r.stdout + r.stderr);
            assert.doesNotMatch(r.stdout, /roma-protected-instances/);
        });

        it("allowed: now is inside a change window of the protected instance", async () => {
            const r = await preview(protect([INSTANCE], [windowAround(48, 50), windowAround(-2, 2)]));
            assert.equal(r.code, 0, r.stdout + r.stderr);
            assert.doesNotMatch(r.stdout, /roma-protected-instances/);
        });

        it("a window that does not parse stops the preview, naming the field", async () => {
            const r = await preview(protect([INSTANCE], ["Sat 22:00-Sun 6"]));
            const out = r.stdout + r.stderr;
            keepArtifact(`policy-config-error-${stack}.txt`, out);
            assert.notEqual(r.code, 0, out);
            assert.match(out, /policy config "roma-protected-instances": changeWindowsUtc\[0\] must be written "<Day> HH:MM-<Day> HH:MM" in UTC/);
            assert.doesNotMatch(out, /rules\.js/, "a config mistake is shown without a stack trace");
        });

        if (stack === "typescript")
            it("without @pulumi/policy (an optional peer the package does not install), the preview stops saying what to install", async () => {
                // The package as `npm install pulumi-roma-tasks` alone leaves it.
                const r = await project.run(["preview", "--policy-pack", launcher(packageFixture().dir), "--policy-pack-config", protect([INSTANCE], [])]);
                const out = r.stdout + r.stderr;
                keepArtifact("policy-without-sdk.txt", `${out}\n(exit code ${r.code})\n`);
                assert.notEqual(r.code, 0, out);
                assert.match(
                    out,
                    /The pulumi-roma-tasks policy pack needs @pulumi\/policy, which is not installed: run `npm install @pulumi\/policy@\^1\.21\.0`/,
                );
            });
    });
}
