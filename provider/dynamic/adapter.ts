// Turns a resource definition into the object `@pulumi/pulumi`'s dynamic-provider host calls:
// untyped property bags in and out, `__provider` kept where the engine needs it, stored state
// migrated before any handler sees it. The host's shapes are stated structurally, so nothing
// here imports `@pulumi/pulumi` (it would be pulled into every resource's serialized provider,
// see reference pulumi-dynamic.md §1).
import { randomUUID } from "node:crypto";
import { InputError, PartialFailureError } from "../core/errors";
import type { HandlerContext, ResourceDefinition } from "../resources/common/handler";
import { checkInputs, ownProps, parseChecked, type Props } from "../resources/common/inputs";
import { migrateState, toOutputs } from "../resources/common/state";
import type { HostProvider } from "./types";

export type { HostProvider } from "./types";

const PROVIDER_KEY = "__provider";

/** The host adds `__provider` to neither partial-failure properties nor (in older SDKs) read results. */
function withProvider(outs: Props, from: Props): Props {
    return from[PROVIDER_KEY] === undefined ? outs : { ...outs, [PROVIDER_KEY]: from[PROVIDER_KEY] };
}

export function dynamicProvider<I, S>(def: ResourceDefinition<I, S>, context: () => HandlerContext): HostProvider {
    const stored = (props: Props): S => migrateState(def.type, def.state, def.migrations, ownProps(props));

    async function write(props: Props, run: () => Promise<object>): Promise<Props> {
        try {
            return toOutputs(await run());
        } catch (err) {
            if (err instanceof PartialFailureError) err.properties = withProvider(toOutputs(err.properties), props);
            throw err;
        }
    }

    return {
        async check(_olds, news) {
            return checkInputs(def.inputs, news);
        },

        async diff(_id, olds, news) {
            return def.handler.diff(stored(olds), news);
        },

        async create(props) {
            const id = randomUUID();
            const inputs = parseChecked(def.inputs, props) as I;
            return { id, outs: await write(props, () => def.handler.create(context(), id, inputs)) };
        },

        async update(id, olds, news) {
            const inputs = parseChecked(def.inputs, news) as I;
            return { outs: await write(news, () => def.handler.update(context(), id, stored(olds), inputs)) };
        },

        // Import calls Read with no state at all: nothing says which tasks or jobs are meant.
        async read(id, props) {
            if (!props || Object.keys(ownProps(props)).length === 0) throw new InputError(def.importRefusal);
            const state = await def.handler.read(context(), id, stored(props));
            return { id, props: withProvider(toOutputs(state), props) };
        },

        async delete(id, props) {
            await def.handler.delete(context(), id, stored(props));
        },
    };
}
