// Engine-like flows over the real provider host: what `pulumi preview`, `up`, `refresh` and
// `destroy` send for one dynamic resource, with the emulator as the cloud.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { dynamicType } from "../../provider/resources/common/module";
import { RESOURCE_TOKENS, type ResourceType } from "../../provider/resources/common/resource-types";
import { startEmulator, type EmulatorCredentials, type RunningEmulator } from "../../provider/emulator";
import { captureProviders, type CapturedResource } from "./capture-provider";
import { ProviderHost, urnOf, type DiffResponse } from "./host";
import { packageFixture } from "./package-fixture";

type Obj = Record<string, unknown>;

export const PROJECT = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
export const INSTANCE = "inst-nightly";

/** How the engine reaches the resources: the dynamic-provider host, or the roma plugin. */
export type Adapter = "dynamic" | "plugin";
/** Scenario suites run once per adapter: the same inputs must give the same calls and state. */
export const ADAPTERS: readonly Adapter[] = ["dynamic", "plugin"];

/** The plugin's type tokens, by the dynamic resources' names. */
export const PLUGIN_TYPES = RESOURCE_TOKENS;

/** The plugin executable as installed from the tarball (the package's `pulumi-resource-roma` bin). */
export const pluginEntry = (fixtureDir: string) => path.join(fixtureDir, "node_modules", "pulumi-roma-tasks", "dist", "plugin", "cli.js");

/** Stack config (`roma:endpoint`) as the engine hands it to the plugin's Configure (`endpoint`). */
export const providerArgs = (config: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(/^roma:/, ""), v]));

/** Starts the engine's side of `adapter` for the fixture project and configures it as the engine would. */
export async function startAdapter(
    adapter: Adapter,
    fixtureDir: string,
    config: Record<string, string>,
    opts: {
        cwd?: string;
        env?: Record<string, string>;
        engineAddress?: string;
        /** The plugin as an executable to start (the single executable of a release) rather than the fixture's script. */
        command?: string;
    },
) {
    const host = await ProviderHost.start({
        fixtureDir,
        cwd: opts.cwd,
        engineAddress: opts.engineAddress,
        env: { ROMA_POLL_INTERVAL_MS: "20", ...opts.env },
        ...(adapter === "plugin" && (opts.command ? { command: opts.command } : { entry: pluginEntry(fixtureDir) })),
    });
    await host.configure(adapter === "plugin" ? providerArgs(config) : config);
    return host;
}

export interface Stack {
    adapter: Adapter;
    emulator: RunningEmulator;
    host: ProviderHost;
    providers: Record<string, CapturedResource>;
    fixtureDir: string;
    config: Record<string, string>;
    close(): Promise<void>;
}

/** Emulator + fixture + host, configured through stack config like the engine does. */
export async function startStack(
    opts: {
        config?: Record<string, string>;
        env?: Record<string, string>;
        cwd?: string;
        emulatorCredentials?: EmulatorCredentials;
        adapter?: Adapter;
        /** An engine for the provider to send its Log calls to (see fake-engine.ts); default one that answers nothing. */
        engineAddress?: string;
        /** See startAdapter. */
        command?: string;
    } = {},
): Promise<Stack> {
    const adapter = opts.adapter ?? "dynamic";
    const fixture = packageFixture();
    const emulator = await startEmulator({ credentials: opts.emulatorCredentials });
    const providers = adapter === "dynamic" ? captureProviders(fixture.dir) : {};
    const config = {
        "roma:endpoint": emulator.url,
        "roma:drsEndpoint": emulator.url,
        "roma:projectId": PROJECT,
        "roma:authToken": "emulator-token",
        "roma:maxRetries": "2",
        // The tests change the cloud between phases inside one host process, where the engine
        // would start a new host per command: no listing may outlive a phase.
        "roma:listingMaxAgeSeconds": "0",
        // Call counts, not pacing, are asserted here; flow control has tests of its own.
        "roma:maxRequestsPerSecond": "1000",
        ...opts.config,
    };
    const host = await startAdapter(adapter, fixture.dir, config, opts);
    const stack: Stack = {
        adapter,
        emulator,
        host,
        providers,
        fixtureDir: fixture.dir,
        config,
        close: async () => {
            // The host in use now: restartHost may have replaced the first one.
            await stack.host.stop();
            await emulator.close();
            // A bug in the emulator is answered 400 EMU.BUG, which a test may take for the API's
            // refusal: fail the test that met it instead.
            assert.deepEqual(emulator.bugs(), [], "the emulator logged a bug");
        },
    };
    return stack;
}

/**
 * Starts a new provider host for the stack, as the engine does for every `pulumi` command
 * (nothing cached in the old process survives), and configures it with the stack's config.
 */
export async function restartHost(stack: Stack, opts: Parameters<typeof startAdapter>[3] = {}): Promise<void> {
    await stack.host.stop();
    stack.host = await startAdapter(stack.adapter, stack.fixtureDir, stack.config, opts);
}

/** One resource's life as the engine drives it. */
export class ResourceFlow {
    id = "";
    state: Obj = {};
    /** The inputs the engine stores: the checked ones of the last up, or those a refresh returned. Check gets them as its olds. */
    inputs: Obj = {};
    readonly urn: string;

    constructor(
        private readonly stack: Stack,
        readonly kind: ResourceType,
        name: string,
    ) {
        this.urn = urnOf(stack.adapter === "plugin" ? PLUGIN_TYPES[kind] : dynamicType(kind), name);
    }

    /** What the resource classes send besides the inputs: the serialized provider, and the resource's own URN. */
    withProvider(inputs: Obj): Obj {
        return this.stack.adapter === "plugin" ? inputs : { ...inputs, __provider: this.stack.providers[this.kind].provider, __urn: this.urn };
    }

    /**
     * preview: Check and Diff; with the plugin (supportsPreview) also Create or Update with
     * `preview = true`, whose planned outputs are returned (the dynamic host is never asked).
     */
    async preview(inputs: Obj): Promise<{ failures: { property: string; reason: string }[]; checked?: Obj; diff?: DiffResponse; planned?: Obj }> {
        const checked = await this.stack.host.check(this.urn, this.inputs, this.withProvider(inputs));
        if (checked.failures.length > 0) return { failures: checked.failures };
        const plugin = this.stack.adapter === "plugin";
        if (!this.id)
            return {
                failures: [],
                checked: checked.inputs,
                ...(plugin && { planned: (await this.stack.host.create(this.urn, checked.inputs, true)).properties }),
            };
        const diff = await this.stack.host.diff(this.id, this.urn, this.state, checked.inputs);
        if (!plugin || diff.changes !== "some") return { failures: [], checked: checked.inputs, diff };
        const planned =
            diff.replaces.length > 0
                ? await this.stack.host.create(this.urn, checked.inputs, true)
                : await this.stack.host.update(this.id, this.urn, this.state, checked.inputs, true);
        return { failures: [], checked: checked.inputs, diff, planned: planned.properties };
    }

    /** up: Check, then Create, or Diff and Update/replace (Create + Delete) as the diff says. */
    async up(inputs: Obj): Promise<{ action: "create" | "update" | "replace" | "same"; diff?: DiffResponse }> {
        const checked = await this.stack.host.check(this.urn, this.inputs, this.withProvider(inputs));
        if (checked.failures.length > 0) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
        // The engine stores the checked inputs after every step, a failed write's included.
        this.inputs = checked.inputs;
        if (!this.id) {
            const r = await this.stack.host.create(this.urn, checked.inputs);
            this.id = r.id;
            this.state = r.properties;
            return { action: "create" };
        }
        const diff = await this.stack.host.diff(this.id, this.urn, this.state, checked.inputs);
        if (diff.replaces.length > 0) {
            const old = { id: this.id, state: this.state };
            const r = await this.stack.host.create(this.urn, checked.inputs);
            await this.stack.host.delete(old.id, this.urn, old.state);
            this.id = r.id;
            this.state = r.properties;
            return { action: "replace", diff };
        }
        if (diff.changes === "none" && !this.initError) return { action: "same", diff };
        const r = await this.stack.host.update(this.id, this.urn, this.state, checked.inputs);
        this.state = r.properties;
        this.initError = false;
        return { action: "update", diff };
    }

    /** Set when create/update failed partially: the engine then runs Update on the next up. */
    initError = false;

    /** `up`, recording a partial failure the way the engine does (state saved, init error set). */
    async upAllowingPartialFailure(inputs: Obj): Promise<{ partial?: import("./host").PartialFailureDetails }> {
        try {
            await this.up(inputs);
            return {};
        } catch (e) {
            const partial = (e as import("./host").HostCallError).partial;
            if (!partial) throw e;
            this.id = partial.id;
            this.state = partial.properties;
            this.initError = true;
            return { partial };
        }
    }

    async refresh(): Promise<Obj> {
        const r = await this.stack.host.read(this.id, this.urn, this.state, Object.keys(this.inputs).length > 0 ? this.inputs : undefined);
        this.state = r.properties;
        if (r.inputs) this.inputs = r.inputs;
        return this.state;
    }

    async destroy(): Promise<void> {
        await this.stack.host.delete(this.id, this.urn, this.state);
    }
}

export function seedTasks(n: number, status: "started" | "stopped", extra: Obj = {}) {
    return Array.from({ length: n }, (_, i) => ({
        projectId: PROJECT,
        instanceId: INSTANCE,
        taskId: `task-${String(i).padStart(3, "0")}`,
        taskName: `nightly ${i}`,
        status,
        ...extra,
    }));
}

export async function writeCalls(stack: Stack, operation = "BatchStartOrStopTasks") {
    return (await stack.emulator.admin.requests()).filter((r) => r.operation === operation);
}

/** Registers mocha hooks that start a stack before the suite and close it after. */
export function useStack(
    opts: Parameters<typeof startStack>[0] = {},
    setUp: {
        /** A fresh stack for each test (beforeEach) instead of one for the suite. */
        each?: boolean;
        /** Run once the stack has started, before the first test that uses it. */
        ready?: (stack: Stack) => Promise<void>;
    } = {},
): () => Stack {
    let stack: Stack | undefined;
    (setUp.each ? beforeEach : before)(async () => {
        stack = await startStack(opts);
        await setUp.ready?.(stack);
    });
    // Each test is a command sequence of its own: the engine starts a new provider process per
    // command, and what one holds for its command (the claims each resource declares, its
    // listings) is not another test's.
    if (!setUp.each)
        afterEach(async () => {
            if (stack) await restartHost(stack, opts);
        });
    (setUp.each ? afterEach : after)(async () => {
        await stack?.close();
        stack = undefined;
    });
    return () => {
        if (!stack) throw new Error("stack not started");
        return stack;
    };
}
