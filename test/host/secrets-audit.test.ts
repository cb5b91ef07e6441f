// Secrets audit: every flow, under each way to authenticate, and no secret value anywhere the
// engine or the user would see it: serialized providers, returned state, errors, host output.
import { strict as assert } from "node:assert";
import { INSTANCE, PROJECT, ResourceFlow, seedTasks, startStack, type Stack } from "../support/engine";
import { rejection } from "../support/expect";
import { HostCallError } from "../support/host";

const TOKEN = "tok-audit-9b1e7f";
const AK = "AKAUDIT0001";
const SK = "sk-audit-4d2c8a";
const ST = "st-audit-0f6e3b";
const USER = "audit-user";
const PASSWORD = "pw-audit-7a5d1c";
const SECRETS = [TOKEN, SK, ST, PASSWORD];

const credentials = {
    tokens: [TOKEN],
    accessKeys: [{ accessKey: AK, secretKey: SK, securityToken: ST }],
    users: [{ domainName: "acme", userName: USER, password: PASSWORD }],
};

const modes: { name: string; config: Record<string, string>; env: Record<string, string> }[] = [
    { name: "token (stack config)", config: { "roma:authToken": TOKEN }, env: {} },
    { name: "AK/SK with security token (environment)", config: { "roma:authToken": "" }, env: { HW_ACCESS_KEY: AK, HW_SECRET_KEY: SK, HW_SECURITY_TOKEN: ST } },
    {
        name: "user and password (stack config)",
        config: { "roma:authToken": "", "roma:userName": USER, "roma:password": PASSWORD, "roma:domainName": "acme" },
        env: {},
    },
];

describe("secrets audit", function () {
    this.timeout(180_000);
    for (const mode of modes) {
        it(`${mode.name}: no secret in __provider, state, errors or host output`, async () => {
            const stack: Stack = await startStack({ config: mode.config, env: mode.env, emulatorCredentials: credentials });
            const seen: string[] = [];
            const record = (x: unknown) => seen.push(typeof x === "string" ? x : JSON.stringify(x));
            try {
                await stack.host.configure({ ...stack.config, "roma:authUrl": `${stack.emulator.url}/v3` });
                await stack.emulator.admin.seed({
                    replace: true,
                    tasks: [
                        ...seedTasks(12, "stopped"),
                        { projectId: PROJECT, instanceId: INSTANCE, taskId: "multi", extType: "MULTI" },
                        { projectId: PROJECT, instanceId: INSTANCE, taskId: "noplan", scheduled: false },
                    ],
                    jobs: [
                        { projectId: PROJECT, jobId: "job-a", status: "PAUSING" },
                        { projectId: PROJECT, jobId: "job-b", status: "INCRE_TRANSFER_STARTED" },
                    ],
                });
                for (const p of Object.values(stack.providers)) record(p.provider);

                const run = new ResourceFlow(stack, "TaskRunState", "audit-run");
                const taskIds = [...seedTasks(12, "stopped").map((t) => t.taskId), "noplan"];
                record(await run.preview({ instanceId: INSTANCE, taskIds, state: "started" }));
                const partial = await run.upAllowingPartialFailure({ instanceId: INSTANCE, taskIds, state: "started", onDelete: "stop" });
                assert.ok(partial.partial, "the task without a plan fails");
                record(partial.partial);
                record(await run.refresh());
                await run.destroy();

                const reset = new ResourceFlow(stack, "TaskProgressReset", "audit-reset");
                await reset.up({ instanceId: INSTANCE, taskId: "multi", dateFrom: 1630052714000 });
                record(reset.state);
                record(
                    (await rejection(new ResourceFlow(stack, "TaskProgressReset", "audit-bad").up({ instanceId: INSTANCE, taskId: "t-none" }), HostCallError))
                        .message,
                );

                const retry = new ResourceFlow(stack, "DrsJobRetry", "audit-retry");
                record((await retry.upAllowingPartialFailure({ jobIds: ["job-a", "job-b"], waitFor: "transferring", timeoutSeconds: 10 })).partial);
                record(await retry.refresh());

                // An auth failure: the emulator rejects and the error is shown to the user.
                await stack.emulator.admin.setFaults([]);
                const other = await startStack({
                    config: { ...mode.config, "roma:authToken": mode.config["roma:authToken"] ? "tok-wrong-000" : "" },
                    env: mode.env,
                });
                try {
                    await other.emulator.admin.seed({ replace: true, tasks: seedTasks(3, "stopped") });
                    await other.host.configure({ ...other.config, "roma:authUrl": `${other.emulator.url}/v3` });
                    const denied = (
                        await rejection(
                            new ResourceFlow(other, "TaskRunState", "denied").up({ instanceId: INSTANCE, taskIds: ["task-000"], state: "started" }),
                            HostCallError,
                        )
                    ).message;
                    assert.match(denied, /HTTP 401/);
                    record(denied);
                } finally {
                    record(other.host.stdout.join(""));
                    record(other.host.stderr.join(""));
                    await other.close();
                }
            } finally {
                record(stack.host.stdout.join(""));
                record(stack.host.stderr.join(""));
                await stack.close();
            }
            const everything = seen.join("\n");
            assert.ok(everything.length > 1000, "the audit saw real output");
            for (const s of SECRETS) assert.ok(!everything.includes(s), `secret ${s} leaked`);
        });
    }
});
