// What a resource is made of: its input and state schemas, the migration of older state, and
// a handler typed against them. Adapters (the dynamic-provider wiring) turn the engine's
// untyped property bags into these types and back; handlers never see `__provider`.
import type { z } from "zod";
import type { ClaimRegistry, Coordinated } from "../../coordinator";
import type { Redactor } from "../../core/redact";
import type { DriftPath } from "./diff";
import type { CheckFailure, Props, ResourceType } from "./types";

export type { ResourceType } from "./types";

/** Everything a handler may use from outside: passed in, never read from module state. */
export interface HandlerContext {
    /**
     * The API from the resolved configuration, coordinated with every other resource the
     * process serves; throws ConfigError when the configuration is incomplete.
     */
    api(): Coordinated;
    /**
     * A resource's project: its own input, else the configured one, else a ConfigError that lists
     * every other configuration problem too. Handlers ask for it before `api()`, so a first
     * run with nothing configured gets that one error.
     */
    projectId(input: string | undefined): string;
    now(): number;
    sleep(ms: number): Promise<void>;
    /** Milliseconds between status polls while waiting for tasks or jobs to settle. */
    pollIntervalMs: number;
    /** A line for the user (the engine shows the provider's stdout). */
    log(message: string): void;
    /**
     * The resource's progress during a long wait, shown by the engine beside the resource: a
     * status line the next one replaces, or (`final`) a line that stays. Absent outside a call
     * for one resource.
     */
    status?(message: string, final: boolean): void;
    /** The URN of the resource the call is for; absent outside a call for one resource. */
    urn?: string;
    /** Aborted by the engine's Cancel: `sleep` and every API call end as soon as it is. */
    signal: AbortSignal;
    /** Every configured secret and IAM token obtained: what the operations layer removes from errors and outputs. */
    redactor: Redactor;
}

/** What Check and Diff have of the provider process: no clients, no call. */
export interface DeclareContext {
    urn: string;
    /** The process's claims: the same registry as `ctx.api().claims` of its writes and deletes. */
    claims: ClaimRegistry;
    /** The project of a resource without `projectId`, when one is configured (Check never fails for want of it). */
    configuredProject: string | undefined;
    log(message: string): void;
}

/** State as a handler writes it; the adapter stamps `stateVersion`. */
export type Written<S> = Omit<S, "stateVersion">;

export interface ResourceHandler<I, S> {
    /**
     * Paths into the outputs (`taskStatus["t3"]`) where what was last observed is not what the
     * inputs plan: the drift behind a `changes` that no input explains. Absent: no drift.
     * The rest of the diff comes from the input schema's rules (common/diff.ts `detailedDiff`);
     * `news` are checked inputs in which any value may still be unknown (preview).
     */
    drift?(olds: S, news: Props): DriftPath[];
    /**
     * A view of the plan the engine draws (docs/previews.md): Check adds `key` to the checked
     * inputs, planned from them and the old inputs alone (no call; undefined: not known, left
     * out), and a refresh returns inputs whose `key` is the one it stored in the outputs, so the
     * engine's own diff of old and new shows what the next `up` changes.
     */
    view?: { key: string; planned(oldInputs: Props, news: Props): unknown };
    /**
     * What create (`olds` undefined) or update would store, planned without a call (a preview
     * with a provider that supports it): the unknown-value sentinel where it cannot be known.
     */
    planned(olds: S | undefined, news: Props): Written<S> | Props;
    create(ctx: HandlerContext, id: string, inputs: I): Promise<Written<S>>;
    read(ctx: HandlerContext, id: string, state: S): Promise<Written<S>>;
    update(ctx: HandlerContext, id: string, olds: S, news: I): Promise<Written<S>>;
    delete(ctx: HandlerContext, id: string, state: S): Promise<void>;
    /**
     * Records, at Check (`state` undefined) and at Diff, what the resource wants, known without a
     * call, and throws an InputError when another resource of this command wants it otherwise
     * (docs/conflicting-claims.md). Absent: the resource claims nothing.
     */
    declare?(call: DeclareContext, news: Props, state: S | undefined): void;
    /**
     * `pulumi import` through the plugin: the resource named by an import ID alone, as inputs
     * for the program and the state to store. Absent: the resource cannot be imported
     * (`importRefusal` says why).
     */
    adopt?(ctx: HandlerContext, importId: string): Promise<{ inputs: Props; state: Written<S> }>;
}

export interface ResourceDefinition<I, S> {
    type: ResourceType;
    inputs: z.ZodObject & z.ZodType<I>;
    /** The current stored shape; older state goes through `migrations` first. */
    state: z.ZodType<S>;
    /** Step `n` turns state of version n into version n + 1 (see state.ts). */
    migrations: Readonly<Record<number, (state: Props) => Props>>;
    /**
     * Rules between inputs that `check` applies besides the schema (e.g. exactly one of two), or
     * about what changes: `olds` are the inputs last applied (empty for a new resource).
     */
    crossCheck?: (inputs: Props, olds: Props) => CheckFailure[];
    /** Why `pulumi import` cannot adopt this resource (the host gives Read no state to go on). */
    importRefusal: string;
    handler: ResourceHandler<I, S>;
}

export type { CheckFailure, Props };

/** The import refusal of a resource that records an action rather than a thing in the cloud. */
export const oneShotRefusal = (type: ResourceType): string => `${type} cannot be imported: it records a one-shot action`;
