// Turns a resource definition into the object `@pulumi/pulumi`'s dynamic-provider host calls:
// the shared property-bag operations (resources/common/operations.ts), plus `__provider` kept
// where the engine needs it. The host's shapes are stated structurally, so nothing here
// imports `@pulumi/pulumi` (it would be pulled into every resource's serialized provider: the
// closure serializer in pulumi/pulumi `sdk/nodejs/runtime/closure/createClosure.ts` captures what
// a function references; README, "Architecture").
import { randomUUID } from "node:crypto";
import { copyError, InputError, RomaError } from "../core/errors";
import type { ClaimRegistry } from "../coordinator";
import type { DeclareContext, HandlerContext, ResourceDefinition } from "../resources/common/handler";
import { configuredProject } from "../resources/common/context";
import { forEngine, ownProps, type Props } from "../resources/common/inputs";
import { resourceOperations, type WriteOutcome } from "../resources/common/operations";
import type { HostProvider } from "./types";

export type { HostProvider } from "./types";

const PROVIDER_KEY = "__provider";
/** The URN the resource classes send (see ownProps): the host's own calls carry none. */
const URN_KEY = "__urn";

/** Where a resource's progress goes: the engine's status for that URN (absent: the stack's). */
export type StatusFor = (urn: string | undefined) => NonNullable<HandlerContext["status"]>;

/** The host adds `__provider` to neither partial-failure properties nor (in older SDKs) read results. */
function withProvider(outs: Props, from: Props): Props {
    return from[PROVIDER_KEY] === undefined ? outs : { ...outs, [PROVIDER_KEY]: from[PROVIDER_KEY] };
}

/**
 * A write's outcome as the host takes it: the outputs returned, a partial failure thrown as an
 * error with `id`, `properties` and `reasons`, which its `grpcResponseFromError` packs into
 * ErrorResourceInitFailed (pulumi/pulumi `sdk/nodejs/cmd/dynamic-provider/index.ts`).
 */
function encoded(outcome: WriteOutcome, from: Props): Props {
    if ("outputs" in outcome) return outcome.outputs;
    const { partial } = outcome;
    // The host sends `reasons` as they are, and the engine prints them, not the message.
    throw copyError(partial, { properties: withProvider(partial.properties, from), reasons: partial.engineReasons });
}

/**
 * The host prints an error of check, diff, read or delete to stderr as `${err}: ${err.stack}`
 * before answering with its message (`@pulumi/pulumi` cmd/dynamic-provider/index.js), and the
 * CLI passes that through: an error meant for the user read as its message twice and a trace
 * of this package. Those (every RomaError) print as `<name>: <message>` once; anything else is
 * a bug of ours and keeps its trace.
 */
async function shown<R>(run: () => Promise<R>): Promise<R> {
    try {
        return await run();
    } catch (err) {
        if (!(err instanceof RomaError)) throw err;
        const name = err.name;
        throw copyError(err, { stack: err.message, toString: () => name });
    }
}

/**
 * `claims`: the host process's claims, recorded at Check and Diff. The host serves every dynamic
 * resource of the stack in one process and loads this module once (each shim requires it by name
 * when called), so state held here is the process's, and nothing of it is in `__provider`.
 */
export function dynamicProvider<I, S>(
    def: ResourceDefinition<I, S>,
    context: () => HandlerContext,
    statusFor?: StatusFor,
    claims?: ClaimRegistry,
): HostProvider {
    const ops = resourceOperations(def);
    const urnOf = (props: Props) => (typeof props[URN_KEY] === "string" ? props[URN_KEY] : undefined);
    /** Check's and Diff's view of the process; none for a call without a URN (an older class, a test's own call). */
    const declaring = (props: Props): DeclareContext | undefined => {
        const urn = urnOf(props);
        if (urn === undefined || claims === undefined) return undefined;
        const ctx = context();
        return { urn, claims, configuredProject: configuredProject(ctx), log: (message) => ctx.log(message) };
    };
    // Kept in the outputs too, so a delete (which the host passes the outputs alone) knows its resource.
    const withUrn = (outs: Props, from: Props): Props => {
        const urn = urnOf(from);
        return urn === undefined ? outs : { ...outs, [URN_KEY]: urn };
    };
    const forResource = (props: Props): HandlerContext => {
        const urn = urnOf(props);
        return { ...context(), ...(urn !== undefined && { urn }), ...(statusFor && { status: statusFor(urn) }) };
    };
    return {
        check: (olds, news) =>
            shown(async () => {
                const r = ops.check(news, olds, declaring(news));
                // Kept beside the checked inputs, as the host keeps __provider, so create and update get it.
                const urn = urnOf(news);
                if (r.failures.length > 0) return { ...r, failures: forEngine(r.failures, news) };
                return urn === undefined ? r : { ...r, inputs: { ...r.inputs, [URN_KEY]: urn } };
            }),

        // The host forwards only changes, replaces and deleteBeforeReplace.
        diff: (_id, olds, news) =>
            shown(async () => {
                const { changes, replaces, deleteBeforeReplace } = ops.diff(olds, news, declaring(news));
                return deleteBeforeReplace === undefined ? { changes, replaces } : { changes, replaces, deleteBeforeReplace };
            }),

        create: (props) =>
            shown(async () => {
                const id = randomUUID();
                return { id, outs: withUrn(encoded(await ops.create(forResource(props), id, props), props), props) };
            }),

        update: (id, olds, news) => shown(async () => ({ outs: withUrn(encoded(await ops.update(forResource(news), id, olds, news), news), news) })),

        // Import calls Read with no state at all: nothing says which tasks or jobs are meant.
        // The host passes no inputs: those returned are the ones the outputs hold, which a host of
        // @pulumi/pulumi 3.216 or later stores (pulumi/pulumi#21315; older ones ignore them).
        read: (id, props) =>
            shown(async () => {
                if (!props || Object.keys(ownProps(props)).length === 0) throw new InputError(def.importRefusal);
                const outs = await ops.read(context(), id, props);
                const inputs = ops.readInputs(undefined, outs);
                return { id, props: withUrn(withProvider(outs, props), props), ...(inputs !== undefined && { inputs }) };
            }),

        delete: (id, props) => shown(() => ops.delete(forResource(props), id, props)),
    };
}
