// The `pulumirpc.ResourceProvider` service of the roma plugin, on the generated proto classes:
// the SDK's own provider server drops detailed diffs, ignores provider config and breaks
// import (pulumi/pulumi `sdk/nodejs/provider/server.ts`: `diff` sets no detailed diff,
// `configure` ignores its request, `checkConfig` is unimplemented, `read` of an import throws). Each method is a thin translation to the shared
// property-bag operations (resources/common/operations.ts) that the dynamic adapter uses too.
// One server is one provider instance (the default provider or an explicit `roma.Provider`),
// with its own configuration, clients and coordinator.
import { randomUUID } from "node:crypto";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb";
import { InputError, PartialFailureError } from "../core/errors";
import { containsUnknown } from "../core/unknown";
import { parseUrn } from "../core/urn";
import type { Environment } from "../config/lookup";
import { ClaimRegistry } from "../coordinator";
import { configuredProject, createHandlerContext, type ContextHandle } from "../resources/common/context";
import type { DeclareContext, HandlerContext } from "../resources/common/handler";
import { forEngine, ownProps, type CheckFailure } from "../resources/common/inputs";
import { resourceOperations, type ChangedPath, type ResourceOperations } from "../resources/common/operations";
import type { Props } from "../resources/common/types";
import { DECLARATIONS } from "../resources/declarations";
import { checkGetTasksArgs, getTasksWith } from "../resources/get-tasks/handler";
import type { EngineLine } from "../dynamic/engine-log";
import { unknownKeyWarnings } from "../config/unknown-keys";
import { checkProviderConfig, configGetter, configOrigin, sameConfig, withSecretSettings } from "./config";
import { emptyPb, grpc, pluginPb, providerGrpc, providerPb, statusPb, anyPb, structPb, type Struct } from "./proto";
import { GET_TASKS, packageSchema } from "./schema";
import { unwrap, wrap } from "./secrets";
import { decodeCheckRequest, decodeDiffRequest, type CheckCall, type DiffCall } from "./wire";

type Handler<Req, Res> = (call: { request: Req }, callback: (err: Partial<import("@grpc/grpc-js").StatusObject> | null, res?: Res) => void) => void;

const { DiffChanges } = providerPb.DiffResponse;
const { Kind } = providerPb.PropertyDiff;

const OPERATIONS = new Map<string, ResourceOperations>(DECLARATIONS.map((d) => [d.token, resourceOperations(d.definition)]));

const typeOf = (urn: string): string => parseUrn(urn).type;

function operationsFor(urn: string): ResourceOperations {
    const ops = OPERATIONS.get(typeOf(urn));
    if (!ops) throw new InputError(`roma provider: unknown resource type ${typeOf(urn) || urn}; known: ${[...OPERATIONS.keys()].join(", ")}`);
    return ops;
}

const toJs = (s: Struct | undefined): Props => (s ? s.toJavaScript() : {});
const toStruct = (p: Props): Struct => structPb.Struct.fromJavaScript(p as Parameters<typeof structPb.Struct.fromJavaScript>[0]);

type Status = Partial<import("@grpc/grpc-js").StatusObject>;

/** Check's and Invoke's failures, one per input, as the engine reads them. */
const failuresPb = (failures: readonly CheckFailure[]) =>
    failures.map((f) => {
        const m = new providerPb.CheckFailure();
        m.setProperty(f.property);
        m.setReason(f.reason);
        return m;
    });

/** An error as the engine shows it. */
function grpcError(err: unknown): Status {
    const message = err instanceof Error ? err.message : String(err);
    return { code: grpc.status.UNKNOWN, details: message, metadata: new grpc.Metadata() };
}

/**
 * An answer a handler gives as an error status of its own making rather than a response: a
 * partial failure is a result of the write, not an exception of the handler.
 */
class Refusal {
    constructor(readonly status: Status) {}
}

/**
 * A partial failure of a create or update: the engine saves `properties` (the plugin's own form
 * of them, secrets wrapped) as the resource's state and runs Update on the next up. It reads them
 * from ErrorResourceInitFailed in the status details (pulumi/pulumi
 * `sdk/go/common/resource/plugin/provider_plugin.go`), which grpc-js sends as the
 * `grpc-status-details-bin` metadata.
 */
function initFailed(partial: PartialFailureError, properties: Props, inputs: Struct | undefined): Refusal {
    const status = new statusPb.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(partial.message);
    const detail = new providerPb.ErrorResourceInitFailed();
    detail.setId(partial.id);
    detail.setProperties(toStruct(properties));
    detail.setReasonsList(partial.engineReasons);
    detail.setInputs(inputs ?? new structPb.Struct());
    const any = new anyPb.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    status.addDetails(any);
    const metadata = new grpc.Metadata();
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    return new Refusal({ code: grpc.status.UNKNOWN, details: partial.message, metadata });
}

/** A handler that answers what `run` returns, or the error it throws. */
function unary<Req, Res>(run: (req: Req) => Promise<Res | Refusal> | Res | Refusal): Handler<Req, Res> {
    return (call, callback) => {
        Promise.resolve()
            .then(() => run(call.request))
            .then(
                (res) => (res instanceof Refusal ? callback(res.status) : callback(null, res)),
                (err: unknown) => callback(grpcError(err)),
            );
    };
}

function propertyDiff(p: ChangedPath, olds: Props, news: Props): ProviderPb.PropertyDiff {
    const d = new providerPb.PropertyDiff();
    const had = p.kind !== undefined ? p.kind === "delete" : p.input ? olds[p.path] !== undefined : true;
    const has = p.kind !== undefined ? p.kind === "add" : p.input ? news[p.path] !== undefined : true;
    const kind = !had
        ? p.replace
            ? Kind.ADD_REPLACE
            : Kind.ADD
        : !has
          ? p.replace
              ? Kind.DELETE_REPLACE
              : Kind.DELETE
          : p.replace
            ? Kind.UPDATE_REPLACE
            : Kind.UPDATE;
    d.setKind(kind);
    d.setInputdiff(p.input);
    return d;
}

/**
 * Secret keys with the plan view: the view is keyed by task ID, so it is secret whenever the
 * inputs naming the tasks are.
 */
function withView(ops: ResourceOperations, secretKeys: ReadonlySet<string>): Set<string> {
    const keys = new Set(secretKeys);
    const view = ops.def.handler.view;
    if (view !== undefined && (keys.has("taskIds") || keys.has("selector"))) keys.add(view.key);
    return keys;
}

export interface PluginOptions {
    version: string;
    env?: Environment;
    /** A line for the user; the CLI sends it to the engine's log (with the resource's URN, as its status when ephemeral). */
    log?: (message: string, line?: EngineLine) => void;
}

export interface PluginServer {
    readonly implementation: Record<string, Handler<never, unknown>>;
    /** Closes this provider instance's clients. */
    close(): Promise<void>;
}

/** One provider instance's configuration and handler context: what Configure sets and every call runs on. */
class Instance {
    private config: Props = {};
    private origin = configOrigin("", "");
    private handle: ContextHandle | undefined;
    /** This provider instance's claims, for the life of the process (one command): they outlive the contexts a Configure replaces. */
    private readonly claims = new ClaimRegistry();
    /** Contexts a Configure replaced whose calls are still running: a Cancel reaches them too. */
    private readonly draining = new Set<ContextHandle>();

    constructor(
        readonly env: Environment,
        readonly log: (message: string, line?: EngineLine) => void,
    ) {}

    private current(): ContextHandle {
        return (this.handle ??= createHandlerContext(configGetter(this.config), this.env, (message) => this.log(message), this.origin, this.claims));
    }

    /** Check's and Diff's view of this provider instance: no clients are made. */
    declaring(urn: string): DeclareContext {
        const { context } = this.current();
        return { urn, claims: this.claims, configuredProject: configuredProject(context), log: (message) => this.log(message, { urn }) };
    }

    /**
     * Runs one engine call on the current context, holding its clients open until the call ends;
     * with a URN, the resource's progress goes to the engine as that resource's status.
     */
    async withContext<T>(run: (ctx: HandlerContext) => Promise<T>, urn?: string): Promise<T> {
        const h = this.current();
        const release = h.hold();
        try {
            if (urn === undefined) return await run(h.context);
            const status = (message: string, final: boolean) => this.log(message, { urn, ephemeral: !final });
            // A resource's lines (what a delete left alone and why, a warning) are shown under it, not under the stack.
            const log = (message: string) => this.log(h.context.redactor.text(message), { urn });
            return await run({ ...h.context, status, log, urn });
        } finally {
            release();
        }
    }

    configure(next: Props, urn: string, name: string): void {
        const replaced = this.handle;
        this.config = next;
        this.origin = configOrigin(urn, name);
        this.handle = undefined;
        // Calls in flight finish on the clients they started with; those close after them.
        if (replaced) {
            this.draining.add(replaced);
            void replaced.close().finally(() => this.draining.delete(replaced));
        }
    }

    /** Every wait and request of every context ends now. */
    cancel(): void {
        this.handle?.cancel();
        for (const h of this.draining) h.cancel();
    }

    async close(): Promise<void> {
        const open = this.handle;
        this.handle = undefined;
        await open?.close();
    }
}

function checkResponse(inputs: Props, failures: readonly CheckFailure[]): ProviderPb.CheckResponse {
    const res = new providerPb.CheckResponse();
    res.setInputs(toStruct(inputs));
    return res.setFailuresList(failuresPb(failures));
}

/** The plugin's own calls: its version and schema, and its configuration. */
function providerCalls(instance: Instance, version: string) {
    const env = instance.env;
    return {
        getPluginInfo: unary(() => new pluginPb.PluginInfo().setVersion(version)),

        getSchema: unary((req: ProviderPb.GetSchemaRequest) => {
            if (req.getSubpackageName()) throw new InputError(`roma provider has no subpackage ${req.getSubpackageName()}`);
            return new providerPb.GetSchemaResponse().setSchema(JSON.stringify(packageSchema(version)));
        }),

        checkConfig: unary((req: ProviderPb.CheckRequest) => {
            const news = toJs(req.getNews());
            // The default provider's properties are stack config (`roma:*`); an explicit one's, its arguments.
            const namespaced = /::default(_[^:]*)?$/.test(req.getUrn() ?? "");
            for (const warning of unknownKeyWarnings(
                Object.keys(ownProps(news))
                    .filter((k) => k !== "version" && k !== "pluginDownloadURL")
                    .map((k) => (namespaced ? `roma:${k}` : k)),
                namespaced,
            )) {
                instance.log(warning, { warning: true });
            }
            const failures = checkProviderConfig(ownProps(news), env);
            return checkResponse(failures.length > 0 ? news : withSecretSettings(news), failures);
        }),

        diffConfig: unary((req: ProviderPb.DiffRequest) => {
            const res = new providerPb.DiffResponse();
            const [olds, news] = [toJs(req.getOldInputs() ?? req.getOlds()), toJs(req.getNews())];
            const same = !containsUnknown(news) && sameConfig(ownProps(olds), ownProps(news), env);
            res.setChanges(same ? DiffChanges.DIFF_NONE : DiffChanges.DIFF_SOME);
            return res;
        }),

        configure: unary(async (req: ProviderPb.ConfigureRequest) => {
            instance.configure(toJs(req.getArgs()), req.getUrn() ?? "", req.getName() ?? "");
            const res = new providerPb.ConfigureResponse();
            res.setAcceptsecrets(true);
            res.setSupportspreview(true);
            res.setAcceptresources(false);
            res.setAcceptoutputs(false);
            return res;
        }),
    };
}

/** Check and Diff: the plan, with no call to the cloud. */
function planCalls(instance: Instance) {
    return {
        // Check and Diff get their requests as plain values (./wire.ts, see `serve`).
        check: unary((req: CheckCall) => {
            const { plain, secretKeys } = unwrap(req.news);
            const ops = operationsFor(req.urn);
            const r = ops.check(plain, unwrap(req.olds).plain, instance.declaring(req.urn));
            return checkResponse(r.failures.length > 0 ? req.news : wrap(r.inputs, withView(ops, secretKeys)), forEngine(r.failures, plain));
        }),

        diff: unary((req: DiffCall) => {
            const olds = unwrap(req.olds).plain;
            const news = unwrap(req.news).plain;
            const d = operationsFor(req.urn).diff(olds, news, instance.declaring(req.urn));
            const res = new providerPb.DiffResponse();
            res.setChanges(d.changes ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE);
            res.setReplacesList(d.replaces);
            res.setDeletebeforereplace(d.deleteBeforeReplace === true);
            res.setDiffsList([...new Set(d.paths.map((p) => p.path.replace(/[[.].*$/, "")))]);
            res.setHasdetaileddiff(true);
            const detailed = res.getDetaileddiffMap();
            for (const p of d.paths) detailed.set(p.path, propertyDiff(p, olds, news));
            return res;
        }),
    };
}

/** Create, Update, Read and Delete, each on the instance's context. */
function resourceCalls(instance: Instance) {
    return {
        create: unary(async (req: ProviderPb.CreateRequest) => {
            const ops = operationsFor(req.getUrn());
            const { plain, secretKeys } = unwrap(toJs(req.getProperties()));
            const res = new providerPb.CreateResponse();
            if (req.getPreview()) return res.setId("").setProperties(toStruct(wrap(ops.planned(undefined, plain), secretKeys)));
            const id = randomUUID();
            const outcome = await instance.withContext((ctx) => ops.create(ctx, id, plain), req.getUrn());
            if ("partial" in outcome) return initFailed(outcome.partial, wrap(outcome.partial.properties, secretKeys), req.getProperties());
            return res.setId(id).setProperties(toStruct(wrap(outcome.outputs, secretKeys)));
        }),

        update: unary(async (req: ProviderPb.UpdateRequest) => {
            const ops = operationsFor(req.getUrn());
            const olds = unwrap(toJs(req.getOlds())).plain;
            const { plain, secretKeys } = unwrap(toJs(req.getNews()));
            const res = new providerPb.UpdateResponse();
            if (req.getPreview()) return res.setProperties(toStruct(wrap(ops.planned(olds, plain), secretKeys)));
            const outcome = await instance.withContext((ctx) => ops.update(ctx, req.getId(), olds, plain), req.getUrn());
            if ("partial" in outcome) return initFailed(outcome.partial, wrap(outcome.partial.properties, secretKeys), req.getNews());
            return res.setProperties(toStruct(wrap(outcome.outputs, secretKeys)));
        }),

        // Refresh sends the stored state; import sends nothing but the ID the user gave.
        read: unary(async (req: ProviderPb.ReadRequest) => {
            const ops = operationsFor(req.getUrn());
            const { plain, secretKeys } = unwrap(toJs(req.getProperties()));
            const res = new providerPb.ReadResponse().setId(req.getId());
            if (Object.keys(ownProps(plain)).length > 0) {
                const outputs = await instance.withContext((ctx) => ops.read(ctx, req.getId(), plain));
                res.setProperties(toStruct(wrap(outputs, secretKeys)));
                const old = unwrap(toJs(req.getInputs()));
                const inputs = ops.readInputs(old.plain, outputs);
                if (inputs !== undefined) res.setInputs(toStruct(wrap(inputs, withView(ops, old.secretKeys))));
                else if (req.getInputs()) res.setInputs(req.getInputs());
                return res;
            }
            // A resource that cannot be imported says so before any configuration is read.
            if (!ops.def.handler.adopt) throw new InputError(ops.def.importRefusal);
            const adopted = await instance.withContext((ctx) => ops.adopt(ctx, req.getId()));
            return res.setProperties(toStruct(adopted.outputs)).setInputs(toStruct(adopted.inputs));
        }),

        delete: unary(async (req: ProviderPb.DeleteRequest) => {
            const ops = operationsFor(req.getUrn());
            await instance.withContext((ctx) => ops.delete(ctx, req.getId(), unwrap(toJs(req.getProperties())).plain), req.getUrn());
            return new emptyPb.Empty();
        }),
    };
}

/** The package's functions. */
function functionCalls(instance: Instance) {
    return {
        // Functions: `roma:fdi:getTasks`. Bad arguments come back as failures naming each one,
        // as Check does; a secret argument makes the whole result secret.
        invoke: unary(async (req: ProviderPb.InvokeRequest) => {
            if (req.getTok() !== GET_TASKS) throw new InputError(`roma provider: unknown function ${req.getTok()}; known: ${GET_TASKS}`);
            const { plain, secretKeys } = unwrap(toJs(req.getArgs()));
            const res = new providerPb.InvokeResponse();
            const checked = checkGetTasksArgs(plain);
            if (!checked.args) {
                return res.setFailuresList(failuresPb(checked.failures));
            }
            const args = checked.args;
            const result = await instance.withContext((ctx) => getTasksWith(ctx, args));
            return res.setReturn(toStruct(wrap({ ...result }, secretKeys.size > 0 ? new Set(["tasks"]) : new Set())));
        }),
    };
}

export function createPluginServer(opts: PluginOptions): PluginServer {
    const instance = new Instance(opts.env ?? process.env, opts.log ?? ((message: string) => process.stderr.write(`${message}\n`)));
    const implementation = {
        ...providerCalls(instance, opts.version),
        ...planCalls(instance),
        ...resourceCalls(instance),
        ...functionCalls(instance),
        // The engine cancels before it shuts the plugin down: every wait and request of every
        // context ends now, and each call returns what it knows (partial state where it wrote).
        cancel: unary(() => {
            instance.cancel();
            return new emptyPb.Empty();
        }),
    };
    return { implementation, close: () => instance.close() };
}

/** The generated service, but Check and Diff decode their requests into the plain values their handlers take. */
const SERVICE = {
    ...providerGrpc.ResourceProviderService,
    check: { ...providerGrpc.ResourceProviderService.check, requestDeserialize: decodeCheckRequest },
    diff: { ...providerGrpc.ResourceProviderService.diff, requestDeserialize: decodeDiffRequest },
};

/** Serves one provider instance on 127.0.0.1; resolves to the port. */
export async function serve(plugin: PluginServer): Promise<{ port: number; server: import("@grpc/grpc-js").Server }> {
    // The engine's own limit for messages (400 MiB): state of 1000 tasks is far below it.
    // Channelz (on by default in grpc-js) keeps statistics of every call for a debugging service
    // nobody connects to here; without it each Check and Diff costs a little less CPU.
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024, "grpc.enable_channelz": 0 });
    server.addService(SERVICE, plugin.implementation as unknown as import("@grpc/grpc-js").UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    return { port, server };
}
