// What a newcomer trips on, through the real provider host and the plugin: a resource in
// another project than the configured one under password sign-in, and errors that name the
// likely cause (a token of another project, a wrong project or instance, an endpoint nothing
// listens on, where a refused credential of an explicit provider was set).
import { strict as assert } from "node:assert";
import { createServer } from "node:net";
import { requestToken } from "../support/emulator";
import { INSTANCE, PLUGIN_TYPES, PROJECT, ResourceFlow, pluginEntry, seedTasks, startStack, type Stack } from "../support/engine";
import { HostCallError, ProviderHost, urnOf } from "../support/host";
import { rejection } from "../support/expect";
import { packageFixture } from "../support/package-fixture";
import { CLEAN_ENV } from "../support/clean-env";
import { startEmulator } from "../../provider/emulator";

const OTHER_PROJECT = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
/** Every environment variable the provider reads, emptied (empty counts as unset). */
const RUN = { instanceId: INSTANCE, taskIds: ["task-000", "task-001"], state: "started" };

/** A loopback port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

describe("causes named through the provider host", function () {
    this.timeout(180_000);
    let stack: Stack | undefined;
    afterEach(async () => {
        await stack?.close();
        stack = undefined;
    });

    it("password sign-in: a resource in another project than roma:projectId gets a token of its own project, one IAM call per project", async () => {
        stack = await startStack({
            config: { "roma:authToken": "", "roma:userName": "emulator-user", "roma:password": "emulator-password", "roma:domainName": "emulator-domain" },
        });
        await stack.host.configure({ ...stack.config, "roma:authUrl": `${stack.emulator.url}/v3` });
        const other = seedTasks(2, "stopped").map((t) => ({ ...t, projectId: OTHER_PROJECT }));
        await stack.emulator.admin.seed({ replace: true, tasks: [...seedTasks(2, "stopped"), ...other] });
        await Promise.all([
            new ResourceFlow(stack, "TaskRunState", "configured-project").up(RUN),
            new ResourceFlow(stack, "TaskRunState", "other-project").up({ ...RUN, projectId: OTHER_PROJECT }),
        ]);
        assert.ok(
            (await stack.emulator.admin.state()).tasks.every((t) => t.status === 1),
            "all four tasks started",
        );
        const calls = await stack.emulator.admin.requests();
        assert.equal(calls.filter((c) => c.operation === "KeystoneCreateUserTokenByPassword").length, 2);
        assert.deepEqual(
            calls.filter((c) => c.status === 403),
            [],
        );
    });

    it("a token scoped to another project is said to be that, not a missing IAM permission", async () => {
        stack = await startStack();
        const { token } = await requestToken(stack.emulator, { project: { id: PROJECT } });
        assert.ok(token);
        await stack.host.configure({ ...stack.config, "roma:authToken": token });
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(2, "stopped").map((t) => ({ ...t, projectId: OTHER_PROJECT })) });
        const err = await rejection(new ResourceFlow(stack, "TaskRunState", "scoped").up({ ...RUN, projectId: OTHER_PROJECT }), HostCallError);
        assert.match(
            err.message,
            /^the IAM token from stack config \(roma:authToken\) gave a token scoped to another project than project 9f8e7d6c5b4a39281706f5e4d3c2b1a0 \(not a missing IAM permission\)/,
        );
        assert.match(err.message, /HTTP 403, APIG\.0302/);
        assert.ok(!err.message.includes("lacks a permission"));
        assert.ok(!err.message.includes(token));
    });

    it("every task not found: the error names the project and the instance and says to check them", async () => {
        stack = await startStack();
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(2, "stopped") });
        const { partial } = await new ResourceFlow(stack, "TaskRunState", "wrong-instance").upAllowingPartialFailure({ ...RUN, instanceId: "inst-typo" });
        assert.ok(partial);
        assert.match(
            partial.message,
            new RegExp(
                `^TaskRunState start on instance inst-typo: none of the 2 tasks exists in instance inst-typo of project ${PROJECT} \\(from roma:projectId \\(HW_PROJECT_ID\\)\\): check that instanceId and the project are right`,
            ),
        );
        assert.match(partial.message, /task task-000: NOT_FOUND/);
    });

    for (const [where, config, env, named] of [
        ["stack config", (url: string) => ({ "roma:endpoint": url }), () => ({}), "roma:endpoint from stack config"],
        ["the environment", () => ({ "roma:endpoint": "" }), (url: string) => ({ ROMA_ENDPOINT: url }), "roma:endpoint from the environment (ROMA_ENDPOINT)"],
    ] as const) {
        it(`connection refused names roma:endpoint and where it was set (${where})`, async () => {
            const url = `http://127.0.0.1:${await closedPort()}`;
            stack = await startStack({ config: { ...config(url), "roma:maxRetries": "0" }, env: { ...CLEAN_ENV, ...env(url) } });
            const err = await rejection(new ResourceFlow(stack, "TaskRunState", "refused").up(RUN), HostCallError);
            assert.match(
                err.message,
                /^ListTasks failed for task-000(, task-001)?: connection refused \(127\.0\.0\.1:\d+\); nothing accepts connections there: check /,
            );
            assert.ok(err.message.includes(`check ${named} (and, for the emulator, that it is running)`), err.message);
        });
    }

    it("connection refused on the DRS endpoint names roma:drsEndpoint", async () => {
        const url = `http://127.0.0.1:${await closedPort()}`;
        stack = await startStack({ config: { "roma:drsEndpoint": url, "roma:maxRetries": "0" }, env: CLEAN_ENV });
        const err = await rejection(new ResourceFlow(stack, "DrsJobRetry", "refused").up({ jobIds: ["j1"] }), HostCallError);
        assert.match(err.message, /connection refused \(127\.0\.0\.1:\d+\); nothing accepts connections there: check roma:drsEndpoint from stack config/);
    });
});

describe("causes named through the plugin: where a refused credential was set", function () {
    this.timeout(180_000);

    for (const [what, provider, env, config, named] of [
        [
            "an explicit provider's argument",
            { urn: "urn:pulumi:dev::fixture::pulumi:providers:roma::eu-account", name: "eu-account" },
            CLEAN_ENV,
            { authToken: "wrong-token" },
            "the IAM token from the arguments of provider eu-account (authToken)",
        ],
        [
            "stack config (the default provider)",
            { urn: "urn:pulumi:dev::fixture::pulumi:providers:roma::default_0_2_0", name: "default_0_2_0" },
            CLEAN_ENV,
            { authToken: "wrong-token" },
            "the IAM token from stack config (roma:authToken)",
        ],
        [
            "the environment",
            { urn: "urn:pulumi:dev::fixture::pulumi:providers:roma::eu-account", name: "eu-account" },
            { ...CLEAN_ENV, HW_AUTH_TOKEN: "wrong-token" },
            {},
            "the IAM token from the environment (HW_AUTH_TOKEN)",
        ],
    ] as const) {
        it(`names ${what}`, async () => {
            const emulator = await startEmulator();
            const fixtureDir = packageFixture().dir;
            const host = await ProviderHost.start({ fixtureDir, entry: pluginEntry(fixtureDir), env });
            try {
                await emulator.admin.seed({ tasks: seedTasks(2, "stopped") });
                await host.configure({ endpoint: emulator.url, drsEndpoint: emulator.url, projectId: PROJECT, maxRetries: 0, ...config }, provider);
                const urn = urnOf(PLUGIN_TYPES.TaskRunState, "refused");
                const err = await rejection(host.create(urn, (await host.check(urn, {}, RUN)).inputs), HostCallError);
                assert.ok(err.message.startsWith(`${named} was refused: ListTasks failed`), err.message);
                assert.ok(!err.message.includes("wrong-token"));
            } finally {
                await host.stop();
                await emulator.close();
            }
        });
    }
});
