import * as pulumi from "@pulumi/pulumi";
import * as shim from "./shim";
import { MODULE } from "../common/module";

export interface TaskRunStateArgs {
    /** ROMA Connect instance ID. Changing it replaces the resource. */
    instanceId: pulumi.Input<string>;
    /** One or more FDI task IDs, no duplicates. */
    taskIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Desired run state of every task. */
    state: pulumi.Input<"started" | "stopped">;
    /** Project ID; default from `roma:projectId` / `HW_PROJECT_ID`. Changing it replaces the resource. */
    projectId?: pulumi.Input<string>;
    /** On destroy: leave tasks as they are (default), stop them, or restore the status each had before this resource first changed it. */
    onDelete?: pulumi.Input<"keep" | "stop" | "restore">;
}

export interface ObservedTaskState {
    taskId: string;
    taskName?: string;
    /** `unknown`: the API sent a status value outside the documented 0/1 (see `rawStatus`); never counted as in state. */
    status: "started" | "stopped" | "missing" | "unknown";
    /** The API's status value when `status` is `unknown`. */
    rawStatus?: string;
    executeStatus?: string;
}

/** Keeps ROMA Connect FDI tasks started or stopped. */
export class TaskRunState extends pulumi.dynamic.Resource {
    declare readonly instanceId: pulumi.Output<string>;
    declare readonly taskIds: pulumi.Output<string[]>;
    declare readonly state: pulumi.Output<"started" | "stopped">;
    declare readonly projectId: pulumi.Output<string | undefined>;
    declare readonly onDelete: pulumi.Output<"keep" | "stop" | "restore">;
    /** Each task as last observed (after up or refresh), in the order of `taskIds`. */
    declare readonly tasks: pulumi.Output<ObservedTaskState[]>;
    /** Status of each task before this resource first changed it (used by `onDelete: "restore"`; `unknown` is never restored). */
    declare readonly initialStatuses: pulumi.Output<Record<string, "started" | "stopped" | "unknown">>;

    constructor(name: string, args: TaskRunStateArgs, opts?: pulumi.CustomResourceOptions) {
        super(shim as pulumi.dynamic.ResourceProvider, name, { ...args, tasks: undefined, initialStatuses: undefined }, opts, MODULE, "TaskRunState");
    }
}
