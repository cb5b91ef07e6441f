// A resource definition at the level of the engine's untyped property bags: inputs checked,
// stored state migrated before any handler sees it, outputs stamped with the state version,
// partial failures returned as outputs the engine can store. Both adapters (the dynamic host and
// the plugin) are this plus their own wire format.
import { InputError, PartialFailureError } from "../../core/errors";
import { detailedDiff, type DetailedDiff } from "./diff";
import type { DeclareContext, HandlerContext, ResourceDefinition } from "./handler";
import { checkInputs, ownProps, parseChecked, type CheckFailure, type Props } from "./inputs";
import { migrateState, toOutputs } from "./state";

export type { ChangedPath, DetailedDiff } from "./diff";

/**
 * A resource's diff from its (migrated) state: its inputs' rules and its handler's drift, computed
 * once. Inputs are compared as the provider uses them: `projectId` left out means the configured
 * project, so writing that project out (or dropping it) is no change, while another project is.
 */
export function diffResource<I, S>(def: ResourceDefinition<I, S>, state: S, news: Props, configuredProject?: string): DetailedDiff {
    const effective = (props: Props): Props =>
        configuredProject === undefined || !(PROJECT_ID in def.inputs.shape) || (props[PROJECT_ID] !== undefined && props[PROJECT_ID] !== null)
            ? props
            : { ...props, [PROJECT_ID]: configuredProject };
    return detailedDiff(def.inputs, effective(state as Props), effective(news), def.handler.drift?.(state, news) ?? []);
}

const PROJECT_ID = "projectId";

/**
 * How a create or update ended. A partial failure is a result, not an error to catch: the engine
 * stores its properties as the resource's state (ErrorResourceInitFailed, pulumi/pulumi
 * `proto/pulumi/provider.proto`), so each adapter has an answer to encode for it, and it is built
 * once, here, already as stored outputs and redacted: no adapter has to patch it on the way.
 */
export type WriteOutcome = { readonly outputs: Props } | { readonly partial: PartialFailureError };

export interface ResourceOperations {
    readonly def: ResourceDefinition<unknown, unknown>;
    /**
     * `olds`: the inputs last applied (absent or empty for a new resource), for rules about what
     * changes. With `call`, what the checked inputs claim is recorded (an InputError: another
     * resource wants it otherwise).
     */
    check(news: Props, olds?: Props, call?: DeclareContext): { inputs: Props; failures: CheckFailure[] };
    /** With `call`, the claims the state shows are recorded, and the configured project counts as `projectId`. */
    diff(olds: Props, news: Props, call?: DeclareContext): DetailedDiff;
    /** What create (olds undefined) or update would store, without a call: unknown where it cannot be known. */
    planned(olds: Props | undefined, news: Props): Props;
    create(ctx: HandlerContext, id: string, news: Props): Promise<WriteOutcome>;
    update(ctx: HandlerContext, id: string, olds: Props, news: Props): Promise<WriteOutcome>;
    /** No handler's read ends partially: it writes nothing, so it either sees the resource or fails. */
    read(ctx: HandlerContext, id: string, stored: Props): Promise<Props>;
    /**
     * The inputs a refresh returns beside `outputs` (what `read` gave): the old inputs, or for a
     * host that passes none the inputs held in the outputs, with the plan view just observed;
     * undefined (keep the stored inputs) for a resource without one.
     */
    readInputs(oldInputs: Props | undefined, outputs: Props): Props | undefined;
    delete(ctx: HandlerContext, id: string, stored: Props): Promise<void>;
    /**
     * `pulumi import`: the resource an import ID names, as inputs for the program and the outputs
     * to store; an InputError saying why (`importRefusal`) when it cannot be imported.
     */
    adopt(ctx: HandlerContext, importId: string): Promise<{ inputs: Props; outputs: Props }>;
}

export function resourceOperations<I, S>(def: ResourceDefinition<I, S>): ResourceOperations {
    const stored = (props: Props): S => migrateState(def.type, def.state, def.migrations, ownProps(props));

    // Whatever a server echoed (a token in an error body, a password in an IAM error) is
    // removed here, on the way to the engine: errors, partial state and outputs alike.
    async function redacting<T>(ctx: HandlerContext, run: () => Promise<T>): Promise<T> {
        try {
            return await run();
        } catch (err) {
            throw ctx.redactor.error(err);
        }
    }

    async function write(ctx: HandlerContext, run: () => Promise<object>): Promise<WriteOutcome> {
        try {
            return { outputs: ctx.redactor.value(toOutputs(await run())) };
        } catch (err) {
            if (err instanceof PartialFailureError) return { partial: ctx.redactor.error(err.withProperties(toOutputs(err.properties))) };
            throw ctx.redactor.error(err);
        }
    }

    const view = def.handler.view;
    /** Checked inputs as the handler takes them: without the plan view, which only the engine reads. */
    const inputsOf = (props: Props): Props =>
        view === undefined || !(view.key in props) ? props : Object.fromEntries(Object.entries(props).filter(([k]) => k !== view.key));

    return {
        def: def,
        check: (news, olds, call) => {
            const { crossCheck } = def;
            const previous = olds === undefined ? {} : ownProps(olds);
            const r = checkInputs(def.inputs, news, crossCheck && ((own) => crossCheck(own, previous)));
            if (r.failures.length > 0) return r;
            if (call) def.handler.declare?.(call, r.inputs, undefined);
            if (view === undefined) return r;
            const planned = view.planned(previous, r.inputs);
            return planned === undefined ? r : { ...r, inputs: { ...r.inputs, [view.key]: planned } };
        },
        diff: (olds, news, call) => {
            const state = stored(olds);
            if (call) def.handler.declare?.(call, inputsOf(news), state);
            return diffResource(def, state, news, call?.configuredProject);
        },
        planned: (olds, news) => toOutputs(def.handler.planned(olds === undefined ? undefined : stored(olds), ownProps(news))),
        create: (ctx, id, news) => write(ctx, () => def.handler.create(ctx, id, parseChecked(def.inputs, inputsOf(news)))),
        update: (ctx, id, olds, news) => write(ctx, () => def.handler.update(ctx, id, stored(olds), parseChecked(def.inputs, inputsOf(news)))),
        read: (ctx, id, props) => redacting(ctx, async () => ctx.redactor.value(toOutputs(await def.handler.read(ctx, id, stored(props))))),
        delete: (ctx, id, props) => redacting(ctx, () => def.handler.delete(ctx, id, stored(props))),
        readInputs: (oldInputs, outputs) => {
            if (view === undefined || outputs[view.key] === undefined) return undefined;
            const base =
                oldInputs !== undefined && Object.keys(ownProps(oldInputs)).length > 0
                    ? oldInputs
                    : Object.fromEntries(Object.keys(def.inputs.shape).flatMap((k) => (outputs[k] === undefined ? [] : [[k, outputs[k]]])));
            return { ...base, [view.key]: outputs[view.key] };
        },
        adopt: (ctx, importId) =>
            redacting(ctx, async () => {
                const found = await def.handler.adopt?.(ctx, importId);
                if (!found) throw new InputError(def.importRefusal);
                return ctx.redactor.value({ inputs: found.inputs, outputs: toOutputs(found.state) });
            }),
    };
}
