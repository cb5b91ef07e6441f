import * as pulumi from "@pulumi/pulumi";
import * as shim from "./shim";
import { MODULE } from "../common/module";

export interface TaskProgressResetArgs {
    instanceId: pulumi.Input<string>;
    /** The composite (multi) task to reset. */
    taskId: pulumi.Input<string>;
    /** Reset start: UTC milliseconds, or an ISO-8601 date-time with a zone. Omitted: the API's default. */
    dateFrom?: pulumi.Input<number | string>;
    projectId?: pulumi.Input<string>;
    /** Any change to these values resets again (like @pulumi/command's `triggers`). */
    triggers?: pulumi.Input<unknown[]>;
}

/** Resets a composite task's progress once, and again whenever an input changes. */
export class TaskProgressReset extends pulumi.dynamic.Resource {
    declare readonly instanceId: pulumi.Output<string>;
    declare readonly taskId: pulumi.Output<string>;
    /** `dateFrom` normalised to UTC milliseconds. */
    declare readonly dateFrom: pulumi.Output<number | undefined>;
    declare readonly projectId: pulumi.Output<string | undefined>;
    declare readonly triggers: pulumi.Output<unknown[] | undefined>;
    /** The API's answer, e.g. "Reset Success". */
    declare readonly message: pulumi.Output<string>;
    /** ISO time of the reset. */
    declare readonly resetAt: pulumi.Output<string>;

    constructor(name: string, args: TaskProgressResetArgs, opts?: pulumi.CustomResourceOptions) {
        super(shim as pulumi.dynamic.ResourceProvider, name, { ...args, message: undefined, resetAt: undefined }, opts, MODULE, "TaskProgressReset");
    }
}
