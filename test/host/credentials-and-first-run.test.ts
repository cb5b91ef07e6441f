// Credentials and first errors through the real provider host: stack config beats a stale
// variable in the shell, a refused credential says which one and from where, and a first run
// with nothing configured gets one error that names every setting to make.
import { strict as assert } from "node:assert";
import { INSTANCE, PROJECT, ResourceFlow, seedTasks, startStack, type Stack } from "../support/engine";
import { rejection } from "../support/expect";
import { HostCallError } from "../support/host";
import { CLEAN_ENV } from "../support/clean-env";

/** Every environment variable the provider reads, emptied (empty counts as unset). */
const RUN = { instanceId: INSTANCE, taskIds: ["task-000", "task-001"], state: "started" };

describe("credentials and first errors through the provider host", function () {
    this.timeout(180_000);
    let stack: Stack | undefined;
    afterEach(async () => {
        await stack?.close();
        stack = undefined;
    });

    it("AK/SK in stack config wins over a stale HW_AUTH_TOKEN in the environment", async () => {
        stack = await startStack({
            config: { "roma:authToken": "", "roma:accessKey": "EMULATORACCESSKEY01", "roma:secretKey": "emulator-secret-key" },
            env: { ...CLEAN_ENV, HW_AUTH_TOKEN: "stale-token-from-yesterday" },
        });
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(2, "stopped") });
        await new ResourceFlow(stack, "TaskRunState", "aksk").up(RUN);
        const calls = await stack.emulator.admin.requests();
        assert.ok(calls.length > 0);
        assert.deepEqual([...new Set(calls.map((c) => c.authKind))], ["aksk"]);
    });

    it("a refused credential names its kind and where it came from, and the environment is not tried instead", async () => {
        stack = await startStack({
            config: { "roma:authToken": "", "roma:accessKey": "EMULATORACCESSKEY01", "roma:secretKey": "not-the-secret" },
            env: { ...CLEAN_ENV, HW_AUTH_TOKEN: "emulator-token" },
        });
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(2, "stopped") });
        const err = await rejection(new ResourceFlow(stack, "TaskRunState", "refused").up(RUN), HostCallError);
        assert.match(
            err.message,
            /AK\/SK from stack config \(roma:accessKey, roma:secretKey\) was refused: ListTasks failed (for \S+ )?\(HTTP 401, APIG\.0301/,
        );
        assert.ok(!err.message.includes("not-the-secret"));
        assert.deepEqual([...new Set((await stack.emulator.admin.requests()).map((c) => c.authKind))], ["none"], "only the refused AK/SK was sent");
    });

    for (const [kind, inputs] of [
        ["TaskRunState", RUN],
        ["TaskProgressReset", { instanceId: INSTANCE, taskId: "m1" }],
        ["DrsJobRetry", { jobIds: ["j1"] }],
    ] as const) {
        it(`${kind}: a first run with nothing configured gets one error listing endpoint or region, credentials and project`, async () => {
            stack = await startStack({ env: CLEAN_ENV });
            await stack.host.configure({});
            const flow = new ResourceFlow(stack, kind, "first");
            assert.deepEqual((await flow.preview(inputs)).failures, [], "preview (check) needs no configuration");
            const err = await rejection(flow.up(inputs), HostCallError);
            assert.match(
                err.message,
                new RegExp(
                    [
                        "pulumi-roma-tasks configuration: 3 problems:",
                        "  - no endpoints: set roma:region \\(HW_REGION_NAME\\), or roma:endpoint \\(ROMA_ENDPOINT\\) and roma:drsEndpoint \\(DRS_ENDPOINT\\)",
                        "  - no credentials: set roma:authToken \\(HW_AUTH_TOKEN\\); .*",
                        "  - no project: set the resource's projectId, or roma:projectId \\(HW_PROJECT_ID\\)",
                    ].join("\n"),
                ),
            );
            assert.deepEqual(await stack.emulator.admin.requests(), []);
        });
    }

    it("a resource that names its project is told only what else is missing", async () => {
        stack = await startStack({ env: CLEAN_ENV });
        await stack.host.configure({ "roma:region": "cn-north-4" });
        const err = await rejection(new ResourceFlow(stack, "TaskRunState", "own-project").up({ ...RUN, projectId: PROJECT }), HostCallError);
        assert.match(err.message, /pulumi-roma-tasks configuration: no credentials: set roma:authToken/);
        assert.ok(!err.message.includes("no project"));
    });
});
