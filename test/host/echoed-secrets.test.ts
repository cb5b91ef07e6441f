// A server that echoes credentials: whatever an answer quotes (the request's token, a
// password in an IAM error, a DRS job's error_msg), no configured secret and no IAM token the
// provider obtained reaches an error, a log line or stored state, through both adapters.
import { strict as assert } from "node:assert";
import { ADAPTERS, INSTANCE, PROJECT, ResourceFlow, seedTasks, startStack, type Stack } from "../support/engine";
import { rejection } from "../support/expect";
import { HostCallError } from "../support/host";
import { assertNoEcho, ECHOED_REQUEST_ID, ECHOES, echoingFaults, LONG_TOKEN } from "../support/echo-forms";
import { runInProgram } from "../../provider/resources/get-tasks/run";

const TOKEN = "tok-echo-5c3e9a";
const USER = "echo-user";
const PASSWORD = "pw-echo-8b2f4d";
const credentials = { tokens: [TOKEN], users: [{ domainName: "acme", userName: USER, password: PASSWORD }] };

/** Two tasks and job-a, with the faults of `echoingFaults`. */
async function seedEchoing(stack: Stack, faults: Parameters<typeof echoingFaults>[0]): Promise<void> {
    await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(2, "stopped"), jobs: [{ projectId: PROJECT, jobId: "job-a", status: "PAUSING" }] });
    await stack.emulator.admin.setFaults(echoingFaults(faults));
}

const output = (stack: Stack) => [...stack.host.stdout, ...stack.host.stderr].join("");

for (const adapter of ADAPTERS) {
    describe(`secrets the server echoes (${adapter})`, function () {
        this.timeout(180_000);

        it("a token quoted in an error body and in a DRS job's error_msg is redacted from errors, state and output", async () => {
            const stack = await startStack({ adapter, config: { "roma:authToken": TOKEN }, emulatorCredentials: credentials });
            try {
                await seedEchoing(stack, { listTasks: `Bad request with X-Auth-Token ${TOKEN}`, jobId: "job-a", job: `token ${TOKEN} is not allowed` });
                const run = new ResourceFlow(stack, "TaskRunState", "echo-run");
                const err = await rejection(run.up({ instanceId: INSTANCE, taskIds: ["task-000"], state: "started" }), HostCallError);
                assert.match(err.message, /FDI\.3033/);
                assert.ok(!err.message.includes(TOKEN), err.message);

                const retry = new ResourceFlow(stack, "DrsJobRetry", "echo-retry");
                const { partial } = await retry.upAllowingPartialFailure({ jobIds: ["job-a"] });
                assert.ok(partial);
                assert.match(JSON.stringify(partial.properties), /DRS\.0001/);
                for (const seen of [partial.message, JSON.stringify(partial.properties), JSON.stringify(partial.reasons), JSON.stringify(retry.state)])
                    assert.ok(!seen.includes(TOKEN), seen);
                assert.ok(!output(stack).includes(TOKEN));
            } finally {
                await stack.close();
            }
        });

        it("a token echoed in another form (a 20-character prefix, base64, upper case, lower-case percent-encoding, HTML entities, a request ID built from it) is redacted everywhere", async () => {
            const stack = await startStack({ adapter, config: { "roma:authToken": LONG_TOKEN }, emulatorCredentials: { tokens: [LONG_TOKEN] } });
            try {
                await seedEchoing(stack, { listTasks: `Bad request: ${ECHOES}`, requestId: ECHOED_REQUEST_ID, jobId: "job-a", job: `not allowed: ${ECHOES}` });
                const run = new ResourceFlow(stack, "TaskRunState", "echo-forms-run");
                const err = await rejection(run.up({ instanceId: INSTANCE, taskIds: ["task-000"], state: "started" }), HostCallError);
                assert.match(err.message, /FDI\.3033/);
                assert.match(err.message, /rid-\[secret\]/, "the request ID is still quoted, without the token");
                assertNoEcho(err.message);

                const retry = new ResourceFlow(stack, "DrsJobRetry", "echo-forms-retry");
                const { partial } = await retry.upAllowingPartialFailure({ jobIds: ["job-a"] });
                assert.ok(partial);
                assert.match(JSON.stringify(partial.properties), /DRS\.0001/);
                for (const seen of [
                    partial.message,
                    JSON.stringify(partial.properties),
                    JSON.stringify(partial.reasons),
                    JSON.stringify(retry.state),
                    output(stack),
                ])
                    assertNoEcho(seen);
            } finally {
                await stack.close();
            }
        });

        it("getTasks: a token echoed in a task's name and in an error body is redacted from the result and the error", async () => {
            const stack = await startStack({ adapter, config: { "roma:authToken": LONG_TOKEN }, emulatorCredentials: { tokens: [LONG_TOKEN] } });
            try {
                await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(2, "started", { taskName: `sync ${ECHOES}` }) });
                const logged: string[] = [];
                // As each path runs it: the plugin's Invoke, or the TypeScript getTasks in the program's process.
                const getTasks = async (args: Record<string, unknown>): Promise<unknown> => {
                    if (adapter === "plugin") return (await stack.host.invoke("roma:fdi:getTasks", args)).result;
                    return runInProgram(
                        args as { instanceId: string },
                        (key) => stack.config[key],
                        (m) => logged.push(m),
                    );
                };
                const result = JSON.stringify(await getTasks({ instanceId: INSTANCE, taskIds: ["task-000", "task-001"], withLastRun: true }));
                assert.match(result, /"taskName":"sync prefix=\[secret\] base64=\[secret\]/, result);
                assertNoEcho(result);

                await stack.emulator.admin.setFaults(
                    echoingFaults({ listTasks: `Bad request: ${ECHOES}`, requestId: ECHOED_REQUEST_ID, jobId: "none", job: "" }),
                );
                const err = await rejection(getTasks({ instanceId: INSTANCE, selector: { taskTag: "nightly" } }), Error);
                assert.match(err.message, /FDI\.3033/);
                assert.match(err.message, /rid-\[secret\]/);
                assertNoEcho(err.message);
                assertNoEcho(output(stack) + logged.join("\n"));
            } finally {
                await stack.close();
            }
        });

        it("AK/SK: an access key ID an error body quotes is redacted, as the schema keeps it secret", async () => {
            const [accessKey, secretKey] = ["AKECHO7Q2W9E4R", "sk-echo-1f6a9c"];
            const stack = await startStack({
                adapter,
                config: { "roma:authToken": "", "roma:accessKey": accessKey, "roma:secretKey": secretKey },
                emulatorCredentials: { accessKeys: [{ accessKey, secretKey }] },
            });
            try {
                await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(2, "stopped") });
                await stack.emulator.admin.setFaults([
                    {
                        operation: "ListTasks",
                        kind: "reply",
                        times: 1,
                        reply: { status: 400, body: { error_code: "FDI.3033", error_msg: `Bad request signed with access key ${accessKey}` } },
                    },
                ]);
                const run = new ResourceFlow(stack, "TaskRunState", "echo-ak");
                const err = await rejection(run.up({ instanceId: INSTANCE, taskIds: ["task-000"], state: "started" }), HostCallError);
                assert.match(err.message, /FDI\.3033/);
                assert.ok(!err.message.includes(accessKey), err.message);
                assert.ok(!output(stack).includes(accessKey));
            } finally {
                await stack.close();
            }
        });

        it("user and password: the password an IAM error echoes and the IAM token obtained are redacted", async () => {
            const stack = await startStack({
                adapter,
                config: { "roma:authToken": "", "roma:userName": USER, "roma:password": PASSWORD, "roma:domainName": "acme" },
                emulatorCredentials: credentials,
            });
            try {
                await stack.host.configure(
                    adapter === "plugin"
                        ? {
                              ...Object.fromEntries(Object.entries(stack.config).map(([k, v]) => [k.replace(/^roma:/, ""), v])),
                              authUrl: `${stack.emulator.url}/v3`,
                          }
                        : { ...stack.config, "roma:authUrl": `${stack.emulator.url}/v3` },
                );
                await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(2, "stopped") });
                // The first IAM call echoes the password; then a token is issued and ListTasks echoes it.
                await stack.emulator.admin.setFaults([
                    { operation: "KeystoneCreateUserTokenByPassword", kind: "echoCredentials", times: 1 },
                    // 401 twice: the provider fetches a new token after the first, and both are echoed.
                    { operation: "ListTasks", kind: "echoCredentials", times: 2 },
                ]);
                const run = new ResourceFlow(stack, "TaskRunState", "echo-iam");
                const iamErr = await rejection(run.up({ instanceId: INSTANCE, taskIds: ["task-000"], state: "started" }), HostCallError);
                assert.match(iamErr.message, /KeystoneCreateUserTokenByPassword failed/);
                assert.ok(!iamErr.message.includes(PASSWORD), iamErr.message);
                assert.match(iamErr.message, /password "\[secret\]"/);

                const tokenErr = await rejection(run.up({ instanceId: INSTANCE, taskIds: ["task-000"], state: "started" }), HostCallError);
                assert.match(tokenErr.message, /ListTasks failed/);
                assert.match(tokenErr.message, /X-Auth-Token "\[secret\]"/, tokenErr.message);
                assert.ok(!output(stack).includes(PASSWORD));
            } finally {
                await stack.close();
            }
        });
    });
}
