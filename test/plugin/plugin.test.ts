// The roma plugin (`pulumi-resource-roma`, installed from the packed tarball) over gRPC, as the
// engine drives it: detailed diffs, preview outputs without calls, import, explicit providers,
// partial failures, and taking over state written by the dynamic resources.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import * as path from "node:path";
import {
    INSTANCE,
    PLUGIN_TYPES,
    PROJECT,
    ResourceFlow,
    pluginEntry,
    providerArgs,
    restartHost,
    seedTasks,
    startStack,
    useStack,
    writeCalls,
} from "../support/engine";
import { rejection } from "../support/expect";
import { tempDir } from "../support/temp";
import { HostCallError, ProviderHost, UNKNOWN, urnOf } from "../support/host";
import { startEmulator } from "../../provider/emulator";
import { packageFixture } from "../support/package-fixture";
import { until } from "../support/until";

type Task = { taskId: string; status: string; executeStatus?: string };

describe("roma plugin over gRPC", function () {
    this.timeout(180_000);
    const stack = useStack({ adapter: "plugin" });
    beforeEach(async () => {
        await stack().emulator.admin.clearFaults();
        await stack().emulator.admin.seed({ replace: true, tasks: seedTasks(5, "stopped") });
        await stack().emulator.admin.clearRequests();
    });

    const ids = seedTasks(5, "stopped").map((t) => t.taskId);
    const inputs = (over: Record<string, unknown> = {}) => ({ instanceId: INSTANCE, taskIds: ids, state: "started", ...over });

    it("answers GetPluginInfo, GetSchema, and Configure with acceptSecrets and supportsPreview", async () => {
        const schema = await stack().host.getSchema();
        assert.equal(schema.name, "roma");
        assert.deepEqual(Object.keys(schema.resources as object).sort(), ["roma:drs:JobRetry", "roma:fdi:TaskProgressReset", "roma:fdi:TaskRunState"]);
        const configured = await stack().host.configure(providerArgs(stack().config));
        assert.deepEqual(configured, { acceptSecrets: true, supportsPreview: true });
    });

    it("preview of a new resource plans every task in the desired state with no API call", async () => {
        const flow = new ResourceFlow(stack(), "TaskRunState", "pv-new");
        const pv = await flow.preview(inputs());
        assert.deepEqual(pv.failures, []);
        const tasks = pv.planned?.tasks as Task[];
        assert.deepEqual(
            tasks.map((t) => `${t.taskId}:${t.status}`),
            ids.map((id) => `${id}:started`),
        );
        assert.ok(tasks.every((t) => t.executeStatus === UNKNOWN));
        assert.equal(pv.planned?.initialStatuses, UNKNOWN);
        const unknownIds = await flow.preview(inputs({ taskIds: UNKNOWN }));
        assert.equal(unknownIds.planned?.tasks, UNKNOWN);
        assert.deepEqual(await stack().emulator.admin.requests(), []);
    });

    it("drift previews as one path per drifted task (taskStatus[id]), each task planned in the checked inputs, with 0 calls; up fixes it", async () => {
        const flow = new ResourceFlow(stack(), "TaskRunState", "drift");
        await flow.up(inputs());
        await stack().emulator.admin.seed({
            tasks: [ids[1], ids[3]].map((taskId) => ({ projectId: PROJECT, instanceId: INSTANCE, taskId, status: "stopped" as const })),
        });
        await flow.refresh();
        await stack().emulator.admin.clearRequests();
        const pv = await flow.preview(inputs());
        assert.equal(pv.diff?.changes, "some");
        assert.equal(pv.diff?.hasDetailedDiff, true);
        // Old values from the stored outputs' taskStatus (as observed), new ones from the checked inputs'.
        assert.deepEqual(pv.diff?.detailedDiff, {
            [`taskStatus["${ids[1]}"]`]: { kind: "update", inputDiff: false },
            [`taskStatus["${ids[3]}"]`]: { kind: "update", inputDiff: false },
        });
        assert.deepEqual(pv.diff?.diffs, ["taskStatus"]);
        assert.deepEqual(
            Object.entries(pv.checked?.taskStatus as Record<string, { status: string; name?: string }>).map(([id, e]) => `${id} ${e.name} ${e.status}`),
            ids.map((id, i) => `${id} nightly ${i} started`),
        );
        assert.equal((flow.state.taskStatus as Record<string, { status: string }>)[ids[1]].status, "stopped");
        assert.deepEqual(
            (pv.planned?.tasks as Task[]).map((t) => t.status),
            ids.map(() => "started"),
        );
        assert.deepEqual(await stack().emulator.admin.requests(), [], "preview stays offline");
        assert.equal((await flow.up(inputs())).action, "update");
        assert.equal((await writeCalls(stack())).length, 1);
        assert.equal((await flow.up(inputs())).action, "same");
    });

    it("changed inputs are named in the detailed diff, instanceId and projectId as replacements", async () => {
        const flow = new ResourceFlow(stack(), "TaskRunState", "inputs");
        await flow.up(inputs());
        const changed = await flow.preview(inputs({ state: "stopped", onDelete: "restore" }));
        assert.deepEqual(changed.diff?.detailedDiff, {
            state: { kind: "update", inputDiff: true },
            onDelete: { kind: "update", inputDiff: true },
            // Planned before any refresh named the tasks: each task's status alone.
            ...Object.fromEntries(ids.map((id) => [`taskStatus["${id}"].status`, { kind: "update", inputDiff: false }])),
        });
        assert.deepEqual(
            (changed.planned?.tasks as Task[]).map((t) => t.status),
            ids.map(() => "stopped"),
        );
        // projectId written out as the configured project is no change (the effective value is compared); another project replaces.
        const moved = await flow.preview(inputs({ instanceId: "inst-other", projectId: PROJECT }));
        assert.deepEqual(moved.diff?.replaces, ["instanceId"]);
        assert.deepEqual(moved.diff?.detailedDiff.instanceId, { kind: "update-replace", inputDiff: true });
        assert.equal(moved.diff?.detailedDiff.projectId, undefined);
        const elsewhere = await flow.preview(inputs({ instanceId: "inst-other", projectId: "0f0e0d0c0b0a09080706050403020100" }));
        assert.deepEqual(elsewhere.diff?.replaces.sort(), ["instanceId", "projectId"]);
        assert.deepEqual(elsewhere.diff?.detailedDiff.projectId, { kind: "add-replace", inputDiff: true });
    });

    it("import reads the tasks into inputs and outputs; mixed statuses and one-shot resources are refused with why", async () => {
        await stack().emulator.admin.seed({
            tasks: [ids[0], ids[2]].map((taskId) => ({ projectId: PROJECT, instanceId: INSTANCE, taskId, status: "started" as const })),
        });
        const urn = urnOf(PLUGIN_TYPES.TaskRunState, "imported");
        const got = await stack().host.read(`${PROJECT}/${INSTANCE}/${ids[0]},${ids[2]}`, urn, {});
        assert.deepEqual(got.inputs, {
            instanceId: INSTANCE,
            projectId: PROJECT,
            taskIds: [ids[0], ids[2]],
            state: "started",
            onDelete: "keep",
            settleTimeoutSeconds: 60,
        });
        assert.deepEqual(
            (got.properties.tasks as Task[]).map((t) => `${t.taskId}:${t.status}`),
            [`${ids[0]}:started`, `${ids[2]}:started`],
        );
        assert.deepEqual(await writeCalls(stack()), []);
        // The engine then checks and diffs the program's inputs against what import returned.
        const checked = await stack().host.check(urn, got.properties, got.inputs ?? {});
        assert.equal((await stack().host.diff(got.id, urn, got.properties, checked.inputs)).changes, "none");

        const mixed = await rejection(stack().host.read(`${INSTANCE}/${ids[0]},${ids[1]}`, urn, {}), HostCallError);
        assert.match(mixed.message, /different states \(started: task-000; stopped: task-001\); split them into one import per state/);
        const reset = await rejection(stack().host.read("anything", urnOf(PLUGIN_TYPES.TaskProgressReset, "r"), {}), HostCallError);
        assert.match(reset.message, /TaskProgressReset cannot be imported: it records a one-shot action/);
        const retry = await rejection(stack().host.read("anything", urnOf(PLUGIN_TYPES.DrsJobRetry, "j"), {}), HostCallError);
        assert.match(retry.message, /DrsJobRetry cannot be imported: it records a one-shot action/);
    });

    it("CheckConfig refuses a bad setting with today's message, on the property it names; missing settings wait for the first call", async () => {
        const urn = urnOf("pulumi:providers:roma", "eu");
        const bad = await stack().host.checkConfig(urn, { endpoint: "http://example.com", authToken: "t", maxRetries: 99 });
        assert.deepEqual(
            bad.failures.map((f) => f.property),
            ["endpoint", "maxRetries"],
        );
        assert.match(bad.failures[0].reason, /roma:endpoint \(ROMA_ENDPOINT\) uses plain http:\/\/ for a host that is not loopback/);
        assert.deepEqual((await stack().host.checkConfig(urn, {})).failures, []);
        assert.deepEqual((await stack().host.checkConfig(urn, providerArgs(stack().config))).failures, []);
    });

    it("CheckConfig returns a nested ID token as a secret: as an object (YAML) or as the JSON text the SDKs send", async () => {
        const urn = urnOf("pulumi:providers:roma", "federated");
        const oidc = { idpId: "github", idToken: "eyJ.the-id-token.sig", domainName: "acme" };
        const asObject = (await stack().host.checkConfig(urn, { ...providerArgs(stack().config), assumeRoleWithOidc: oidc })).inputs;
        const nested = asObject.assumeRoleWithOidc as Record<string, unknown>;
        assert.equal(nested.idpId, "github", "the other fields stay plain");
        assert.deepEqual(nested.idToken, { [specialSigKey]: specialSecretSig, value: oidc.idToken });
        const asText = (await stack().host.checkConfig(urn, { ...providerArgs(stack().config), assumeRoleWithOidc: JSON.stringify(oidc) })).inputs;
        assert.deepEqual(asText.assumeRoleWithOidc, { [specialSigKey]: specialSecretSig, value: JSON.stringify(oidc) });
        const agency = (await stack().host.checkConfig(urn, { ...providerArgs(stack().config), assumeRole: { agencyName: "ci", domainName: "acme" } })).inputs;
        assert.deepEqual(agency.assumeRole, { agencyName: "ci", domainName: "acme" }, "an agency holds no secret");
    });

    // CheckConfig names settings as stack config does, as its other messages do.
    it("CheckConfig names a misspelt field of an object setting and the nearest known one", async () => {
        const urn = urnOf("pulumi:providers:roma", "federated");
        const r = await stack().host.checkConfig(urn, { ...providerArgs(stack().config), assumeRole: { agencyNme: "ci", domainName: "acme" } });
        assert.deepEqual(
            r.failures.map((f) => `${f.property}: ${f.reason}`),
            [
                'assumeRole: pulumi-roma-tasks configuration: roma:assumeRole has no field "agencyNme"; did you mean "agencyName"? Its fields: agencyName, domainName, domainId, durationSeconds',
                "assumeRole: pulumi-roma-tasks configuration: roma:assumeRole from stack config names no agency: set roma:assumeRole.agencyName",
            ],
        );
    });
});

describe("roma plugin: a new process from another directory", function () {
    this.timeout(180_000);

    it("refreshes and destroys what an earlier plugin process created, holding nothing over", async () => {
        const stack = await startStack({ adapter: "plugin" });
        try {
            await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(3, "stopped") });
            const inputs = { instanceId: INSTANCE, taskIds: seedTasks(3, "stopped").map((t) => t.taskId), state: "started", onDelete: "stop" };
            const flow = new ResourceFlow(stack, "TaskRunState", "restarted");
            await flow.up(inputs);
            await restartHost(stack, { cwd: tempDir("roma-plugin-cwd") });
            await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: inputs.taskIds[0], status: "stopped" }] });
            await flow.refresh();
            assert.equal((flow.state.tasks as Task[])[0].status, "stopped");
            assert.equal((await flow.up(inputs)).action, "update");
            await flow.destroy();
            assert.ok((await stack.emulator.admin.state()).tasks.every((t) => t.status === 0));
        } finally {
            await stack.close();
        }
    });
});

describe("roma plugin: an engine that answers only Log", function () {
    this.timeout(180_000);

    it("user-facing lines go to the engine's log, and nothing else of the engine is called", async () => {
        const fixtureDir = packageFixture().dir;
        const req = <T>(m: string) => require(require.resolve(m, { paths: [fixtureDir] })) as T;
        const grpc = req<typeof import("@grpc/grpc-js")>("@grpc/grpc-js");
        const { EngineService } = req<{ EngineService: import("@grpc/grpc-js").ServiceDefinition }>("@pulumi/pulumi/proto/engine_grpc_pb");
        const logged: string[] = [];
        const engine = new grpc.Server();
        // Only Log is implemented: any other engine call would fail the plugin's operation.
        engine.addService(EngineService, {
            log: (call: { request: { getMessage(): string } }, cb: (e: null, r: unknown) => void) => {
                logged.push(call.request.getMessage());
                cb(null, new (req<{ Empty: new () => unknown }>("google-protobuf/google/protobuf/empty_pb").Empty)());
            },
        });
        const port = await new Promise<number>((resolve, reject) =>
            engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
        );
        const emulator = await startEmulator();
        const host = await ProviderHost.start({ fixtureDir, entry: pluginEntry(fixtureDir), engineAddress: `127.0.0.1:${port}` });
        try {
            await host.configure({ endpoint: emulator.url, drsEndpoint: emulator.url, projectId: PROJECT, authToken: "emulator-token" });
            const urn = urnOf(PLUGIN_TYPES.TaskProgressReset, "logged");
            await host.delete("id-1", urn, { instanceId: INSTANCE, taskId: "multi-1", stateVersion: 1 });
            // Log is sent without waiting for its answer: wait (generously) for it to arrive.
            await until("the engine's Log call", () => logged.length > 0);
            assert.deepEqual(logged, [
                "TaskProgressReset: a reset cannot be undone; task multi-1 keeps its progress, the resource only leaves the stack state",
            ]);
        } finally {
            await host.stop();
            await emulator.close();
            engine.forceShutdown();
        }
    });
});

describe("roma plugin: explicit providers", function () {
    this.timeout(180_000);

    it("two provider instances with different accounts and endpoints work side by side", async () => {
        const emulators = await Promise.all([startEmulator({ credentials: { tokens: ["token-a"] } }), startEmulator({ credentials: { tokens: ["token-b"] } })]);
        const fixtureDir = packageFixture().dir;
        const hosts = await Promise.all(
            emulators.map(() => ProviderHost.start({ fixtureDir, entry: pluginEntry(fixtureDir), env: { ROMA_POLL_INTERVAL_MS: "20" } })),
        );
        try {
            await Promise.all(
                emulators.map(async (emu, i) => {
                    await emu.admin.seed({ tasks: seedTasks(3, "stopped") });
                    await hosts[i].configure({
                        endpoint: emu.url,
                        drsEndpoint: emu.url,
                        projectId: PROJECT,
                        authToken: i === 0 ? "token-a" : "token-b",
                        maxRetries: 0,
                    });
                }),
            );
            const urn = urnOf(PLUGIN_TYPES.TaskRunState, "side-by-side");
            const news = { instanceId: INSTANCE, taskIds: seedTasks(3, "stopped").map((t) => t.taskId), state: "started" };
            const created = await Promise.all(hosts.map(async (h) => h.create(urn, (await h.check(urn, {}, news)).inputs)));
            for (const c of created) assert.ok((c.properties.tasks as Task[]).every((t) => t.status === "started"));
            for (const emu of emulators) {
                const state = await emu.admin.state();
                assert.ok(state.tasks.every((t) => t.status === 1));
            }
        } finally {
            await Promise.all(hosts.map((h) => h.stop()));
            await Promise.all(emulators.map((e) => e.close()));
        }
    });
});

describe("roma plugin: secrets", function () {
    this.timeout(180_000);
    const TOKEN = "plugin-secret-token-7f3a9c";
    const SIG = specialSigKey;
    const secret = (value: unknown) => ({ [SIG]: specialSecretSig, value });
    const stack = useStack(
        { adapter: "plugin", emulatorCredentials: { tokens: [TOKEN] }, config: { "roma:authToken": TOKEN } },
        { ready: async (s) => s.emulator.admin.seed({ tasks: seedTasks(2, "stopped") }) },
    );

    it("secret config and inputs stay secret, and appear in no output, log or error", async () => {
        const configured = await stack().host.configure({ ...providerArgs(stack().config), authToken: secret(TOKEN) });
        assert.equal(configured.acceptSecrets, true);
        const urn = urnOf(PLUGIN_TYPES.TaskRunState, "secret");
        const news = { instanceId: INSTANCE, taskIds: secret(seedTasks(2, "stopped").map((t) => t.taskId)), state: "started", projectId: secret(PROJECT) };
        const checked = await stack().host.check(urn, {}, news);
        assert.deepEqual(checked.inputs.projectId, secret(PROJECT), "a secret input stays wrapped through check");
        // The plan view is keyed by task ID: secret as the task IDs are, in Check and in a refresh's inputs.
        assert.equal((checked.inputs.taskStatus as Record<string, unknown>)[SIG], specialSecretSig);
        const created = await stack().host.create(urn, checked.inputs);
        assert.deepEqual(created.properties.projectId, secret(PROJECT));
        assert.equal((created.properties.taskIds as Record<string, unknown>)[SIG], specialSecretSig);
        assert.equal((await stack().host.diff(created.id, urn, created.properties, checked.inputs)).changes, "none", "secret-wrapped inputs diff by value");
        const refreshed = await stack().host.read(created.id, urn, created.properties, checked.inputs);
        assert.deepEqual(refreshed.properties.projectId, secret(PROJECT));
        assert.equal((refreshed.inputs?.taskStatus as Record<string, unknown>)[SIG], specialSecretSig);
        assert.deepEqual(refreshed.inputs?.projectId, secret(PROJECT), "the stored inputs come back as they were, but for the view");

        // A refused token: the error names the credentials in use, never their value.
        await stack().host.configure({ ...providerArgs(stack().config), authToken: secret(`${TOKEN}-wrong`) });
        const refused = await rejection(stack().host.read(created.id, urn, created.properties), HostCallError);
        assert.match(refused.message, /401/);
        const seen = [JSON.stringify(created), JSON.stringify(refreshed), refused.message, ...stack().host.stdout, ...stack().host.stderr].join("\n");
        assert.ok(!seen.includes(TOKEN), "the token appears nowhere");
    });
});

describe("roma plugin: taking over dynamic resources by alias", function () {
    this.timeout(180_000);

    it("state written by the dynamic resource diffs as no change and refreshes, with no write", async () => {
        const stack = await startStack();
        const plugin = await ProviderHost.start({ fixtureDir: stack.fixtureDir, entry: pluginEntry(stack.fixtureDir), env: { ROMA_POLL_INTERVAL_MS: "20" } });
        try {
            await plugin.configure(providerArgs(stack.config));
            await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(4, "stopped") });
            const inputs = { instanceId: INSTANCE, taskIds: seedTasks(4, "stopped").map((t) => t.taskId), state: "started", onDelete: "restore" };
            const dynamic = new ResourceFlow(stack, "TaskRunState", "moved");
            await dynamic.up(inputs);
            assert.equal(typeof dynamic.state.__provider, "string");
            await stack.emulator.admin.clearRequests();

            // `aliases: [{ type: "pulumi-nodejs:dynamic/roma:TaskRunState" }]`: the engine hands the old state to the new type.
            const urn = urnOf(PLUGIN_TYPES.TaskRunState, "moved");
            const checked = await plugin.check(urn, dynamic.state, inputs);
            assert.deepEqual(checked.failures, []);
            const diff = await plugin.diff(dynamic.id, urn, dynamic.state, checked.inputs);
            assert.equal(diff.changes, "none");
            assert.deepEqual(diff.detailedDiff, {});
            const refreshed = await plugin.read(dynamic.id, urn, dynamic.state, inputs);
            assert.deepEqual(refreshed.properties.initialStatuses, dynamic.state.initialStatuses, "what restore needs survives the move");
            assert.deepEqual(await writeCalls(stack), []);
            // And the moved resource is destroyed as the dynamic one would be: restore stops the tasks again.
            await plugin.delete(dynamic.id, urn, refreshed.properties);
            const state = await stack.emulator.admin.state();
            assert.ok(state.tasks.every((t) => t.status === 0));
        } finally {
            await plugin.stop();
            await stack.close();
        }
    });
});

describe("roma plugin: PulumiPlugin.yaml folder", function () {
    this.timeout(180_000);

    it("the language host's run-plugin starts the server from plugin/ and it answers GetSchema", async () => {
        const repo = path.resolve(__dirname, "..", "..");
        assert.match(readFileSync(path.join(repo, "plugin", "PulumiPlugin.yaml"), "utf8"), /^runtime: nodejs$/m);
        const host = await ProviderHost.start({
            fixtureDir: repo,
            cwd: path.join(repo, "plugin"),
            entry: require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [repo] }),
            args: [path.join(repo, "plugin")],
        });
        try {
            const schema = await host.getSchema();
            assert.equal(schema.name, "roma");
        } finally {
            await host.stop();
        }
    });
});
