import * as pulumi from "@pulumi/pulumi";
import * as shim from "./shim";
import { MODULE } from "../common/module";
import { withEveryOutput } from "../common/outputs";
import { TaskProgressResetState } from "./schema";
import { refuseImport } from "../common/resource";

/** `dateFrom` as a program may give it. */
export type DateFrom = number | string | Date;

export interface TaskProgressResetArgs {
    /** ROMA Connect instance ID. */
    instanceId: pulumi.Input<string>;
    /** The composite (multi) task to reset. */
    taskId: pulumi.Input<string>;
    /**
     * Where the reset starts: UTC milliseconds, or an ISO-8601 date-time with a zone; stored as
     * UTC milliseconds. Omitted: the API's default.
     *
     * A `Date` is taken too, sent as its ISO string (`2026-11-01T00:00:00Z`), so all three forms
     * store the same value.
     */
    dateFrom?: pulumi.Input<DateFrom>;
    /** Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`). Changing it replaces the resource. */
    projectId?: pulumi.Input<string>;
    /**
     * Change any of these values to reset again.
     *
     * Like `triggers` of `@pulumi/command`.
     */
    triggers?: pulumi.Input<unknown[]>;
}

const isoOf = (d: Date) => (Number.isNaN(d.getTime()) ? "Invalid Date" : d.toISOString());
const isoIfDate = (v: DateFrom): number | string => (v instanceof Date ? isoOf(v) : v);

/**
 * A Date as the ISO string `check` normalises to milliseconds, so state holds the same value
 * whichever form the program used. Pulumi would otherwise send a Date as `{}` (it serializes an
 * object's own keys, and a Date has none). An invalid Date reaches `check`, which names it.
 */
function dateFromInput(v: pulumi.Input<DateFrom> | undefined): pulumi.Input<number | string> | undefined {
    if (v instanceof Date) return isoOf(v);
    if (pulumi.Output.isInstance<DateFrom>(v)) return v.apply(isoIfDate);
    if (v instanceof Promise) return v.then(isoIfDate);
    return v;
}

/**
 * Resets a composite (multi) task's progress once, and again whenever an input changes (bump a
 * value in `triggers` to reset again). There is no API to read a reset back, so it cannot be
 * imported; `destroy` makes no call.
 *
 * `refresh` keeps the state, and `destroy` cannot undo a reset.
 *
 * @example
 * ```ts
 * import { TaskProgressReset } from "pulumi-roma-tasks";
 *
 * const backfill = new TaskProgressReset("orders-backfill", {
 *     instanceId: "fae7ff6c-8e07-4cf8-9e67-589cab2f017c",
 *     taskId: "15366328208d4d77b76532fe9f4006a6",
 *     dateFrom: new Date(Date.UTC(2026, 10, 1)),
 *     triggers: ["backfill-1"],
 * });
 * export const resetAt = backfill.resetAt;
 * ```
 */
export class TaskProgressReset extends pulumi.dynamic.Resource {
    /** ROMA Connect instance ID. */
    declare readonly instanceId: pulumi.Output<string>;
    /** The composite (multi) task to reset. */
    declare readonly taskId: pulumi.Output<string>;
    /**
     * Where the reset starts: UTC milliseconds, or an ISO-8601 date-time with a zone; stored as
     * UTC milliseconds. Omitted: the API's default.
     */
    declare readonly dateFrom: pulumi.Output<number | undefined>;
    /** Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`). Changing it replaces the resource. */
    declare readonly projectId: pulumi.Output<string | undefined>;
    /** Change any of these values to reset again. */
    declare readonly triggers: pulumi.Output<unknown[] | undefined>;
    /** The API's answer, e.g. `Reset Success`. */
    declare readonly message: pulumi.Output<string>;
    /** ISO time of the reset. */
    declare readonly resetAt: pulumi.Output<string>;
    /** Version of the stored state's shape. */
    declare readonly stateVersion: pulumi.Output<number>;

    /**
     * @param name The unique name of the resource.
     * @param args The composite task and where its progress restarts.
     * @param opts Options such as `dependsOn` or `protect`.
     */
    constructor(name: string, args: TaskProgressResetArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("TaskProgressReset", name, opts);
        const props = {
            ...withEveryOutput(TaskProgressResetState, args),
            dateFrom: dateFromInput(args.dateFrom),
        };
        super(shim as pulumi.dynamic.ResourceProvider, name, props, opts, MODULE, "TaskProgressReset");
    }
}
