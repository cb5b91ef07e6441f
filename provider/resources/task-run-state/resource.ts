import * as pulumi from "@pulumi/pulumi";
import * as shim from "./shim";
import { dynamicType, MODULE } from "../common/module";
import { withEveryOutput } from "../common/outputs";
import { TaskRunStateState } from "./schema";
import { refuseImport } from "../common/resource";
import type { ObservedTaskState, OnDelete, RunState, TaskSelector, TaskStatusEntry, TaskType } from "./types";

/** A selector as a program gives it: each field may be an Output. */
export interface TaskSelectorArgs {
    /** Tasks whose tag is exactly this. */
    taskTag?: pulumi.Input<string>;
    /** Tasks whose name contains this (case-sensitive). */
    nameContains?: pulumi.Input<string>;
    /**
     * Tasks of this kind.
     *
     * `TaskType.Realtime` (`"realtime"`) or `TaskType.Timing` (`"timing"`); any string compiles, `check` refuses others.
     */
    taskType?: pulumi.Input<TaskType | (string & {})>;
}

export interface TaskRunStateArgs {
    /** ROMA Connect instance ID. Changing it replaces the resource. */
    instanceId: pulumi.Input<string>;
    /**
     * The FDI task IDs to keep in `state`: 1 to 1000, no duplicates; their order does not matter.
     * Give either this or `selector`.
     */
    taskIds?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The tasks to keep in `state`, chosen by tag, name or type (every field given must match).
     * Read again on every `up` and `refresh`, so a task tagged later is found and planned as an
     * update; a selection that matches nothing fails the `up`. Give either this or `taskIds`.
     */
    selector?: pulumi.Input<TaskSelectorArgs>;
    /**
     * Desired run state of every task.
     *
     * `RunState.Started` (`"started"`) or `RunState.Stopped` (`"stopped"`). Any string compiles
     * (e.g. a value read from stack config); the provider's `check` refuses any other value
     * before a call is made.
     */
    state: pulumi.Input<RunState | (string & {})>;
    /** Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`). Changing it replaces the resource. */
    projectId?: pulumi.Input<string>;
    /**
     * What `pulumi destroy` does: `keep` leaves the tasks as they are, `stop` stops them,
     * `restore` puts each back to the status it had before this resource first changed it.
     *
     * `OnDelete.Keep` (`"keep"`, the default), `OnDelete.Stop` (`"stop"`) or `OnDelete.Restore`
     * (`"restore"`); any string compiles, `check` refuses others.
     */
    onDelete?: pulumi.Input<OnDelete | (string & {})>;
    /**
     * After a start or stop the API accepted, how long (seconds) to wait for the tasks to show
     * their new status.
     *
     * 0–3600, default 60; a task that does not show it in time is reported as not settled.
     */
    settleTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * Keeps ROMA Connect FDI tasks started or stopped. `up` starts or stops only the tasks not yet in
 * `state` (10 per API call); `refresh` reads every task, and a task changed outside Pulumi shows as
 * drift (`tasks[i].status`) that the next `up` fixes. Import with
 * `<instanceId>/<taskId>,<taskId>,...` or `<projectId>/<instanceId>/<taskIds>`.
 *
 * Those import IDs are the roma provider plugin's (`pulumi import roma:fdi:TaskRunState`); this
 * dynamic resource is not imported: declare it and run `pulumi up`, which changes only what
 * differs. Run `pulumi up --refresh`, or set `options: refresh: always` in `Pulumi.yaml`, to look
 * for drift on every `up`.
 *
 * @example
 * ```ts
 * import { OnDelete, RunState, TaskRunState } from "pulumi-roma-tasks";
 *
 * const nightly = new TaskRunState("nightly", {
 *     instanceId: "fae7ff6c-8e07-4cf8-9e67-589cab2f017c",
 *     taskIds: ["49460e99d597464d885f871dd6acc894", "15366328208d4d77b76532fe9f4006a6"],
 *     state: RunState.Started,
 *     onDelete: OnDelete.Restore,
 * });
 * export const nightlyTasks = nightly.tasks;
 *
 * // Or every task tagged `nightly`, whichever carry the tag at the next `up` or `refresh`.
 * const tagged = new TaskRunState("tagged", {
 *     instanceId: "fae7ff6c-8e07-4cf8-9e67-589cab2f017c",
 *     selector: { taskTag: "nightly" },
 *     state: RunState.Started,
 * });
 * ```
 */
export class TaskRunState extends pulumi.dynamic.Resource {
    /** ROMA Connect instance ID. Changing it replaces the resource. */
    declare readonly instanceId: pulumi.Output<string>;
    /**
     * The FDI task IDs to keep in `state`: 1 to 1000, no duplicates; their order does not matter.
     * Give either this or `selector`.
     */
    declare readonly taskIds: pulumi.Output<string[] | undefined>;
    /**
     * The tasks to keep in `state`, chosen by tag, name or type (every field given must match).
     * Read again on every `up` and `refresh`, so a task tagged later is found and planned as an
     * update; a selection that matches nothing fails the `up`. Give either this or `taskIds`.
     */
    declare readonly selector: pulumi.Output<TaskSelector | undefined>;
    /** Desired run state of every task. */
    declare readonly state: pulumi.Output<RunState>;
    /** Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`). Changing it replaces the resource. */
    declare readonly projectId: pulumi.Output<string | undefined>;
    /**
     * What `pulumi destroy` does: `keep` leaves the tasks as they are, `stop` stops them,
     * `restore` puts each back to the status it had before this resource first changed it.
     */
    declare readonly onDelete: pulumi.Output<OnDelete>;
    /**
     * After a start or stop the API accepted, how long (seconds) to wait for the tasks to show
     * their new status.
     */
    declare readonly settleTimeoutSeconds: pulumi.Output<number>;
    /** Each task as last observed (after up or refresh): in the order of `taskIds`, or the tasks the selector last matched. */
    declare readonly tasks: pulumi.Output<ObservedTaskState[]>;
    /** Status of each task before this resource first changed it (used by `onDelete: restore`; `unknown` is never restored). */
    declare readonly initialStatuses: pulumi.Output<Record<string, RunState | "unknown">>;
    /**
     * Each task's status as last observed, keyed by task ID, with the selector's joining and
     * leaving tasks marked; `pulumi preview --diff` draws it beside the status the next `up` sets
     * (docs/previews.md).
     */
    declare readonly taskStatus: pulumi.Output<Record<string, TaskStatusEntry> | undefined>;
    /** Version of the stored state's shape, so later versions of this package can read it. */
    declare readonly stateVersion: pulumi.Output<number>;

    /**
     * @param name The unique name of the resource.
     * @param args The tasks and the run state to keep them in.
     * @param opts Options such as `dependsOn`, `protect` or `retainOnDelete`.
     */
    constructor(name: string, args: TaskRunStateArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("TaskRunState", name, opts);
        const props = {
            ...withEveryOutput(TaskRunStateState, args),
            // The dynamic provider host passes no URN: the provider names the resource in the engine's progress display by this one.
            __urn: pulumi.createUrn(name, dynamicType("TaskRunState"), opts?.parent),
        };
        super(shim as pulumi.dynamic.ResourceProvider, name, props, opts, MODULE, "TaskRunState");
    }
}
