// `getTasks` and `getTasksOutput` for TypeScript programs, named as Pulumi providers name their
// functions. Without `opts.provider` the call runs in the program's own process with the
// stack's `roma:*` configuration (a dynamic-provider package has no plugin for the engine to
// send an invoke to); with an explicit native `roma` Provider it is an invoke of
// `roma:fdi:getTasks` that the engine sends to that provider's plugin, with its configuration.
import * as pulumi from "@pulumi/pulumi";
import { GET_TASKS_FUNCTION } from "./declaration";
import { parseResult, runInProgram } from "./run";
import type { TaskSelectorArgs } from "../task-run-state/resource";
import type { GetTasksArgs, GetTasksResult } from "./types";

export interface GetTasksOptions {
    /** An explicit native `roma` Provider (the `pulumi-resource-roma` plugin): the call goes to it through the engine. */
    provider?: pulumi.ProviderResource;
}

/** `getTasksOutput`'s arguments: each may be an Output (see GetTasksArgs). */
export interface GetTasksOutputArgs {
    /** ROMA Connect instance ID. */
    instanceId: pulumi.Input<string>;
    /** Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`). */
    projectId?: pulumi.Input<string>;
    /** These tasks, in this order; a task the instance does not list fails the call. Give either this or `selector`. */
    taskIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** The tasks this selector matches (none is an empty list). Give either this or `taskIds`. */
    selector?: pulumi.Input<TaskSelectorArgs>;
    /**
     * Also read each task's last run and schedule (ListMonitorInfos).
     *
     * Default false.
     */
    withLastRun?: pulumi.Input<boolean>;
}

/**
 * Reads FDI tasks as data, by ID or by selector, with their last run and schedule when
 * `withLastRun` is set. It reads the API whenever the program runs, previews included.
 *
 * @example
 * ```ts
 * import { getTasks } from "pulumi-roma-tasks";
 *
 * const nightly = await getTasks({ instanceId: "roma-nightly-inst", selector: { taskTag: "nightly" }, withLastRun: true });
 * export const lastRuns = Object.fromEntries(nightly.tasks.map((t) => [t.taskId, t.lastExecuteTime ?? "never"]));
 * ```
 */
export async function getTasks(args: GetTasksArgs, opts: GetTasksOptions = {}): Promise<GetTasksResult> {
    if (opts.provider) {
        const answer: unknown = await pulumi.runtime.invoke(GET_TASKS_FUNCTION.token, { ...args }, { provider: opts.provider });
        return parseResult(answer);
    }
    return runInProgram(
        args,
        (key) => pulumi.runtime.getConfig(key),
        (message) => void pulumi.log.info(message),
    );
}

/** `getTasks` with Inputs for arguments, as an Output. */
export function getTasksOutput(args: GetTasksOutputArgs, opts: GetTasksOptions = {}): pulumi.Output<GetTasksResult> {
    // A task type given as any string is checked by getTasks, as Invoke checks it.
    return pulumi.output(args).apply((a) => getTasks(a as GetTasksArgs, opts));
}
