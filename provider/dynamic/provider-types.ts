// The shapes `@pulumi/pulumi`'s dynamic-provider host calls, stated structurally so the
// implementation never imports `@pulumi/pulumi` (it would be pulled into every resource's
// serialized provider, see reference pulumi-dynamic.md §1).
export type Props = Record<string, unknown>;

export interface CheckResult {
    inputs?: Props;
    failures?: { property: string; reason: string }[];
}
export interface DiffResult {
    changes?: boolean;
    replaces?: string[];
    deleteBeforeReplace?: boolean;
}
export interface CreateResult {
    id: string;
    outs?: Props;
}
export interface ReadResult {
    id?: string;
    props?: Props;
}
export interface UpdateResult {
    outs?: Props;
}

export interface ResourceHandlers {
    check(olds: Props, news: Props): Promise<CheckResult>;
    diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
    create(inputs: Props): Promise<CreateResult>;
    read(id: string, props?: Props): Promise<ReadResult>;
    update(id: string, olds: Props, news: Props): Promise<UpdateResult>;
    delete(id: string, props: Props): Promise<void>;
}

/** What the host passes to configure(): `req.config.get("roma:endpoint")`. */
export interface ConfigureRequest {
    config: { get(key: string): string | undefined };
}

/** Outputs carry this so later versions can read state written by this one. */
export const STATE_VERSION = 1;

/**
 * Outputs as the host can encode them: protobuf Structs reject `undefined` ("Unexpected struct
 * type", which on the partial-failure path even leaves the call unanswered), so drop it at any
 * depth, and stamp the state version.
 */
export function toOutputs(props: Props): Props {
    return { ...(dropUndefined(props) as Props), stateVersion: STATE_VERSION };
}

function dropUndefined(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(dropUndefined);
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, dropUndefined(x)]));
    }
    return v;
}
