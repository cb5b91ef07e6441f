// The engine's side of the Log RPC, for tests of what a provider process shows the user: a
// gRPC server (from the fixture's own install, as the provider's client is) that answers Log
// and records each line with its URN and whether it is an ephemeral status. Any other engine
// call is unimplemented, so a provider that needed one would fail.
export interface LoggedLine {
    message: string;
    urn: string;
    ephemeral: boolean;
    /** Only on a line sent as a warning (LogSeverity WARNING). */
    warning?: true;
}

export interface FakeEngine {
    address: string;
    lines: LoggedLine[];
    /** Waits (generously) until `done` holds for the lines seen: Log is sent without waiting for its answer. */
    waitFor(done: (lines: LoggedLine[]) => boolean): Promise<LoggedLine[]>;
    close(): void;
}

interface LogRequestMsg {
    getMessage(): string;
    getUrn(): string;
    getEphemeral(): boolean;
    getSeverity(): number;
}

/** LogSeverity.WARNING (pulumi/pulumi proto/pulumi/engine.proto). */
const WARNING = 2;

export async function startFakeEngine(fixtureDir: string): Promise<FakeEngine> {
    const req = <T>(m: string) => require(require.resolve(m, { paths: [fixtureDir] })) as T;
    const grpc = req<typeof import("@grpc/grpc-js")>("@grpc/grpc-js");
    const { EngineService } = req<{ EngineService: import("@grpc/grpc-js").ServiceDefinition }>("@pulumi/pulumi/proto/engine_grpc_pb");
    const { Empty } = req<{ Empty: new () => unknown }>("google-protobuf/google/protobuf/empty_pb");
    const lines: LoggedLine[] = [];
    const server = new grpc.Server();
    server.addService(EngineService, {
        log: (call: { request: LogRequestMsg }, cb: (e: null, r: unknown) => void) => {
            lines.push({
                message: call.request.getMessage(),
                urn: call.request.getUrn(),
                ephemeral: call.request.getEphemeral(),
                ...(call.request.getSeverity() === WARNING && { warning: true as const }),
            });
            cb(null, new Empty());
        },
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    return {
        address: `127.0.0.1:${port}`,
        lines,
        async waitFor(done) {
            for (let i = 0; i < 300 && !done(lines); i++) await new Promise((r) => setTimeout(r, 100));
            return lines;
        },
        close: () => server.forceShutdown(),
    };
}
