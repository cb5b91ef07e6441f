// Plain shapes shared by the resources and the dynamic-provider wiring, free of zod so the
// `pulumi-roma-tasks/dynamic` declarations never load it. The resources' names are generated from
// the declarations (resource-types.ts).

export type { ResourceType } from "./resource-types";

/** A property bag as the engine sends and stores it. */
export type Props = Record<string, unknown>;

/** One input `check` refuses, and why. */
export interface CheckFailure {
    property: string;
    reason: string;
}
