// Plain shapes shared by the resources and the dynamic-provider wiring, free of zod so the
// `pulumi-roma-tasks/dynamic` declarations never load it.

export type ResourceType = "TaskRunState" | "TaskProgressReset" | "DrsJobRetry";

/** A property bag as the engine sends and stores it. */
export type Props = Record<string, unknown>;

/** One input `check` refuses, and why. */
export interface CheckFailure {
    property: string;
    reason: string;
}
