// Lines for the engine's own log, sent over the engine's gRPC address that every provider
// process is started with: the roma plugin and `@pulumi/pulumi`'s dynamic-provider host alike
// (its first argument). With the resource's URN, an ephemeral line is the resource's status
// in the engine's display, replaced by the next; a lasting one joins its diagnostics. This
// module is loaded only inside a provider process (the shims require the dynamic wiring by
// name at run time), never serialized, so it may load the SDK's protocol classes; they are
// resolved from the installed `@pulumi/pulumi`, the copies its gRPC runtime was built with.
import { createRequire } from "node:module";
import type * as Grpc from "@grpc/grpc-js";
import type * as EngineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as EnginePb from "@pulumi/pulumi/proto/engine_pb";

export interface EngineLine {
    /** The resource the line is about; absent: the stack. */
    urn?: string;
    /** A status the next line replaces (progress), rather than a line that stays. */
    ephemeral?: boolean;
    /** Shown as a warning (a setting nobody reads); default info. */
    warning?: boolean;
}

/** Sends a line; `fallback` gets it when the engine cannot be reached. */
export type EngineLog = (message: string, line?: EngineLine) => void;

/** The engine's address: the first argument after the script that is not a flag. */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
    return argv.slice(2).find((a) => !a.startsWith("-"));
}

export function engineLog(address: string | undefined, fallback: (message: string, line: EngineLine) => void): EngineLog {
    if (!address) return (message, line = {}) => fallback(message, line);
    let client: { engine: EngineGrpc.EngineClient; pb: typeof EnginePb } | undefined;
    const connect = () => {
        const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/proto/engine_pb"));
        const grpc = fromPulumi("@grpc/grpc-js") as typeof Grpc;
        const engineGrpc = fromPulumi("./engine_grpc_pb") as typeof EngineGrpc;
        return { engine: new engineGrpc.EngineClient(address, grpc.credentials.createInsecure()), pb: fromPulumi("./engine_pb") as typeof EnginePb };
    };
    return (message, line = {}) => {
        client ??= connect();
        const req = new client.pb.LogRequest();
        req.setSeverity(line.warning ? client.pb.LogSeverity.WARNING : client.pb.LogSeverity.INFO);
        req.setMessage(message);
        if (line.urn) req.setUrn(line.urn);
        if (line.ephemeral) req.setEphemeral(true);
        client.engine.log(req, (err) => {
            if (err) fallback(message, line);
        });
    };
}
