// Drives `@pulumi/pulumi/cmd/dynamic-provider` (the process the engine starts for every dynamic
// resource) over gRPC, with plain JS objects in and out. The host and its protobuf modules are
// the fixture project's own install, as on a user's machine.
import { spawn, type ChildProcess } from "node:child_process";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

type Obj = Record<string, unknown>;

/** Pulumi's unknown-value sentinel, for preview inputs (the SDK's own, as the engine sends it). */
export const UNKNOWN = unknownValue;

export interface PartialFailureDetails {
    message: string;
    id: string;
    properties: Obj;
    reasons: string[];
}

export class HostCallError extends Error {
    constructor(
        message: string,
        readonly code: number,
        readonly partial?: PartialFailureDetails,
    ) {
        super(message);
    }
}

export interface DiffResponse {
    changes: "unknown" | "none" | "some";
    replaces: string[];
    deleteBeforeReplace: boolean;
    /** What the plugin adds (the dynamic host never sets them). */
    diffs: string[];
    hasDetailedDiff: boolean;
    detailedDiff: Record<string, { kind: PropertyDiffKind; inputDiff: boolean }>;
}

export type PropertyDiffKind = "add" | "add-replace" | "delete" | "delete-replace" | "update" | "update-replace";
const KINDS: PropertyDiffKind[] = ["add", "add-replace", "delete", "delete-replace", "update", "update-replace"];

/* Loosely typed handles on the generated protobuf/gRPC modules (they ship without useful types). */
interface Msg {
    [k: string]: (...a: unknown[]) => unknown;
}
type Ctor = new (...a: unknown[]) => Msg;
interface Decodable {
    deserializeBinary(buf: Uint8Array): Msg;
}
interface StructStatic {
    fromJavaScript(o: Obj): Msg;
}

export class ProviderHost {
    readonly stdout: string[] = [];
    readonly stderr: string[] = [];
    private constructor(
        private readonly child: ChildProcess,
        private readonly client: Msg,
        private readonly proto: Record<string, Ctor>,
        private readonly Struct: StructStatic,
        private readonly decodeStatus: (buf: Uint8Array) => Msg,
        private readonly decodeInitFailed: (buf: Uint8Array) => Msg,
        private readonly Empty: Ctor,
        private readonly fixtureDir: string,
        /** Where the host listens (`127.0.0.1:port`), for clients other than this one. */
        readonly address: string,
    ) {}

    /**
     * Starts the host with `cwd` as its working directory (the engine uses the project dir).
     * `entry` is the program to run instead of the dynamic-provider host (the roma plugin), and
     * `args` come before the engine address (the language host's run-plugin takes the folder).
     */
    static async start(opts: {
        fixtureDir: string;
        cwd?: string;
        env?: Record<string, string>;
        entry?: string;
        args?: string[];
        /** The engine's address handed to the process; default one that answers nothing. */
        engineAddress?: string;
        /** An executable to start as the engine does a plugin (`entry` is then unused). */
        command?: string;
    }): Promise<ProviderHost> {
        const req = <T>(m: string) => require(require.resolve(m, { paths: [opts.fixtureDir] })) as T;
        const entry = opts.entry ?? require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [opts.fixtureDir] });
        const grpc = req<{ credentials: { createInsecure(): unknown } }>("@grpc/grpc-js");
        const services = req<{ ResourceProviderClient: new (address: string, credentials: unknown) => Msg }>("@pulumi/pulumi/proto/provider_grpc_pb");
        const proto = req<Record<string, Ctor & Decodable>>("@pulumi/pulumi/proto/provider_pb");
        const { Struct } = req<{ Struct: StructStatic }>("google-protobuf/google/protobuf/struct_pb");
        const statusPb = req<{ Status: Decodable }>("@pulumi/pulumi/proto/status_pb");
        const argv = [...(opts.args ?? []), opts.engineAddress ?? "127.0.0.1:0"];
        const child = spawn(opts.command ?? process.execPath, opts.command ? argv : [entry, ...argv], {
            cwd: opts.cwd ?? opts.fixtureDir,
            env: { ...process.env, PULUMI_NODEJS_PROJECT: "fixture", PULUMI_PROJECT: "fixture", ...opts.env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        const port = await new Promise<number>((resolve, reject) => {
            let buf = "";
            const onData = (d: Buffer) => {
                buf += d.toString();
                const nl = buf.indexOf("\n");
                if (nl >= 0) {
                    child.stdout?.off("data", onData);
                    resolve(Number(buf.slice(0, nl).trim()));
                }
            };
            child.stdout?.on("data", onData);
            child.once("exit", (code) => reject(new Error(`provider host exited with ${code}`)));
        });
        const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const host = new ProviderHost(
            child,
            client,
            proto,
            Struct,
            (b) => statusPb.Status.deserializeBinary(b),
            (b) => proto.ErrorResourceInitFailed.deserializeBinary(b),
            req<{ Empty: Ctor }>("google-protobuf/google/protobuf/empty_pb").Empty,
            opts.fixtureDir,
            `127.0.0.1:${port}`,
        );
        child.stdout?.on("data", (d: Buffer) => host.stdout.push(d.toString()));
        child.stderr?.on("data", (d: Buffer) => host.stderr.push(d.toString()));
        return host;
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    private call(method: string, request: Msg): Promise<Msg> {
        return new Promise((resolve, reject) => {
            this.client[method](request, (err: (Error & { code: number; details?: string; metadata?: { get(k: string): unknown[] } }) | null, res: Msg) => {
                if (!err) return resolve(res);
                let partial: PartialFailureDetails | undefined;
                const bin = err.metadata?.get("grpc-status-details-bin")?.[0] as Uint8Array | undefined;
                if (bin) {
                    const status = this.decodeStatus(bin);
                    const any = (status.getDetailsList() as Msg[])[0];
                    if (any && String(any.getTypeUrl()).endsWith("pulumirpc.ErrorResourceInitFailed")) {
                        const d = this.decodeInitFailed(any.getValue_asU8() as Uint8Array);
                        partial = {
                            message: err.details ?? err.message,
                            id: String(d.getId()),
                            properties: (d.getProperties() as Msg).toJavaScript() as Obj,
                            reasons: d.getReasonsList() as string[],
                        };
                    }
                }
                reject(new HostCallError(err.details ?? err.message, err.code, partial));
            });
        });
    }

    private msg(name: string, fields: Record<string, unknown>): Msg {
        const m = new this.proto[name]();
        for (const [k, v] of Object.entries(fields)) m[`set${k}`](v);
        return m;
    }

    private s(o: Obj): Msg {
        return this.Struct.fromJavaScript(o);
    }

    /** `provider`: the provider resource's URN and name, as newer engines send them. */
    async configure(config: Obj, provider?: { urn: string; name: string }): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
        const fields = { Args: this.s(config), Acceptsecrets: true, ...(provider && { Urn: provider.urn, Name: provider.name }) };
        const r = await this.call("configure", this.msg("ConfigureRequest", fields));
        return { acceptSecrets: Boolean(r.getAcceptsecrets()), supportsPreview: Boolean(r.getSupportspreview()) };
    }

    async checkConfig(urn: string, news: Obj): Promise<{ inputs: Obj; failures: { property: string; reason: string }[] }> {
        const r = await this.call("checkConfig", this.msg("CheckRequest", { Urn: urn, Olds: this.s({}), News: this.s(news) }));
        return {
            inputs: (r.getInputs() as Msg).toJavaScript() as Obj,
            failures: (r.getFailuresList() as Msg[]).map((f) => ({ property: String(f.getProperty()), reason: String(f.getReason()) })),
        };
    }

    async getPluginInfo(): Promise<{ version: string }> {
        const r = await this.call("getPluginInfo", new this.Empty());
        return { version: String(r.getVersion()) };
    }

    async getSchema(): Promise<Obj> {
        const r = await this.call("getSchema", this.msg("GetSchemaRequest", {}));
        return JSON.parse(String(r.getSchema())) as Obj;
    }

    async check(urn: string, olds: Obj, news: Obj): Promise<{ inputs: Obj; failures: { property: string; reason: string }[] }> {
        const r = await this.call("check", this.msg("CheckRequest", { Urn: urn, Olds: this.s(olds), News: this.s(news) }));
        return {
            inputs: (r.getInputs() as Msg).toJavaScript() as Obj,
            failures: (r.getFailuresList() as Msg[]).map((f) => ({ property: String(f.getProperty()), reason: String(f.getReason()) })),
        };
    }

    async diff(id: string, urn: string, olds: Obj, news: Obj): Promise<DiffResponse> {
        const r = await this.call("diff", this.msg("DiffRequest", { Id: id, Urn: urn, Olds: this.s(olds), News: this.s(news) }));
        return {
            changes: (["unknown", "none", "some"] as const)[r.getChanges() as number],
            replaces: r.getReplacesList() as string[],
            deleteBeforeReplace: Boolean(r.getDeletebeforereplace()),
            diffs: r.getDiffsList() as string[],
            hasDetailedDiff: Boolean(r.getHasdetaileddiff()),
            detailedDiff: Object.fromEntries(
                ((r.getDetaileddiffMap() as Msg).toArray() as [string, unknown[]][]).map(([path, [kind, inputDiff]]) => [
                    path,
                    { kind: KINDS[Number(kind ?? 0)], inputDiff: Boolean(inputDiff) },
                ]),
            ),
        };
    }

    async create(urn: string, props: Obj, preview = false): Promise<{ id: string; properties: Obj }> {
        const r = await this.call("create", this.msg("CreateRequest", { Urn: urn, Properties: this.s(props), Preview: preview }));
        return { id: String(r.getId()), properties: (r.getProperties() as Msg).toJavaScript() as Obj };
    }

    async read(id: string, urn: string, props: Obj, inputs?: Obj): Promise<{ id: string; properties: Obj; inputs?: Obj }> {
        const fields = { Id: id, Urn: urn, Properties: this.s(props), ...(inputs && { Inputs: this.s(inputs) }) };
        const r = await this.call("read", this.msg("ReadRequest", fields));
        const returned = r.getInputs() as Msg | undefined;
        return {
            id: String(r.getId()),
            properties: (r.getProperties() as Msg).toJavaScript() as Obj,
            ...(returned && { inputs: returned.toJavaScript() as Obj }),
        };
    }

    async update(id: string, urn: string, olds: Obj, news: Obj, preview = false): Promise<{ properties: Obj }> {
        const r = await this.call("update", this.msg("UpdateRequest", { Id: id, Urn: urn, Olds: this.s(olds), News: this.s(news), Preview: preview }));
        return { properties: (r.getProperties() as Msg).toJavaScript() as Obj };
    }

    async invoke(tok: string, args: Obj): Promise<{ result?: Obj; failures: { property: string; reason: string }[] }> {
        const r = await this.call("invoke", this.msg("InvokeRequest", { Tok: tok, Args: this.s(args) }));
        const returned = r.getReturn() as Msg | undefined;
        return {
            ...(returned && { result: returned.toJavaScript() as Obj }),
            failures: (r.getFailuresList() as Msg[]).map((f) => ({ property: String(f.getProperty()), reason: String(f.getReason()) })),
        };
    }

    async delete(id: string, urn: string, props: Obj): Promise<void> {
        await this.call("delete", this.msg("DeleteRequest", { Id: id, Urn: urn, Properties: this.s(props) }));
    }

    /** The engine's Cancel: sent when the user interrupts `pulumi up`, before it shuts the provider down. */
    async cancel(): Promise<void> {
        const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [this.fixtureDir] })) as { Empty: Ctor };
        await this.call("cancel", new Empty());
    }

    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        await new Promise<void>((resolve) => {
            this.child.once("exit", () => resolve());
            this.child.kill("SIGKILL");
        });
    }
}

export const urnOf = (type: string, name: string) => `urn:pulumi:dev::fixture::${type}::${name}`;
