import * as pulumi from "@pulumi/pulumi";
import * as shim from "./shim";
import { dynamicType, MODULE } from "../common/module";
import { withEveryOutput } from "../common/outputs";
import { DrsJobRetryState } from "./schema";
import { refuseImport } from "../common/resource";
import type { DrsJobRetryResult, WaitFor } from "./types";

export interface DrsJobRetryArgs {
    /** The DRS job IDs to resume or retry: 1 to 1000, no duplicates. */
    jobIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Sent as `is_sync_re_edit` only when set: `true` when starting a job after re-editing it. */
    isSyncReEdit?: pulumi.Input<boolean>;
    /** Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`). Changing it replaces the resource. */
    projectId?: pulumi.Input<string>;
    /**
     * Change any of these values to retry again.
     *
     * Like `triggers` of `@pulumi/command`.
     */
    triggers?: pulumi.Input<unknown[]>;
    /**
     * `none` returns once DRS accepted the retry; `transferring` waits until every retried job
     * transfers again.
     *
     * `WaitFor.None` (`"none"`, the default) or `WaitFor.Transferring` (`"transferring"`). Any
     * string compiles; the provider's `check` refuses other values.
     */
    waitFor?: pulumi.Input<WaitFor | (string & {})>;
    /**
     * How long `waitFor: transferring` waits, in seconds.
     *
     * 1–86400, default 600.
     */
    timeoutSeconds?: pulumi.Input<number>;
}

/**
 * Resumes paused or retries failed DRS jobs, optionally waiting until they transfer again. Any
 * input change retries again; a job whose retry failed fails the `up` but keeps the others'
 * results, and the next `up` retries only the jobs that failed. A retry cannot be read back, so it
 * cannot be imported; `destroy` makes no call.
 *
 * @example
 * ```ts
 * import { DrsJobRetry, WaitFor } from "pulumi-roma-tasks";
 *
 * const feeds = new DrsJobRetry("warehouse-feeds", {
 *     jobIds: ["140b5236-88ad-43c8-811c-1268453jb101"],
 *     waitFor: WaitFor.Transferring,
 *     timeoutSeconds: 300,
 * });
 * export const feedStatuses = feeds.jobStatuses;
 * ```
 */
export class DrsJobRetry extends pulumi.dynamic.Resource {
    /** The DRS job IDs to resume or retry: 1 to 1000, no duplicates. */
    declare readonly jobIds: pulumi.Output<string[]>;
    /** Sent as `is_sync_re_edit` only when set: `true` when starting a job after re-editing it. */
    declare readonly isSyncReEdit: pulumi.Output<boolean | undefined>;
    /** Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`). Changing it replaces the resource. */
    declare readonly projectId: pulumi.Output<string | undefined>;
    /** Change any of these values to retry again. */
    declare readonly triggers: pulumi.Output<unknown[] | undefined>;
    /**
     * `none` returns once DRS accepted the retry; `transferring` waits until every retried job
     * transfers again.
     */
    declare readonly waitFor: pulumi.Output<WaitFor>;
    /** How long `waitFor: transferring` waits, in seconds. */
    declare readonly timeoutSeconds: pulumi.Output<number>;
    /**
     * What the retry call said of each job.
     *
     * In the order of `jobIds`.
     */
    declare readonly results: pulumi.Output<DrsJobRetryResult[]>;
    /** Each job's last DRS status (when waited for, and after refresh). */
    declare readonly jobStatuses: pulumi.Output<Record<string, string> | undefined>;
    /** Version of the stored state's shape. */
    declare readonly stateVersion: pulumi.Output<number>;

    /**
     * @param name The unique name of the resource.
     * @param args The jobs to resume and whether to wait for them.
     * @param opts Options such as `dependsOn` or `protect`.
     */
    constructor(name: string, args: DrsJobRetryArgs, opts?: pulumi.CustomResourceOptions) {
        refuseImport("DrsJobRetry", name, opts);
        const props = {
            ...withEveryOutput(DrsJobRetryState, args),
            // The dynamic provider host passes no URN: the provider names the resource in the engine's progress display by this one.
            __urn: pulumi.createUrn(name, dynamicType("DrsJobRetry"), opts?.parent),
        };
        super(shim as pulumi.dynamic.ResourceProvider, name, props, opts, MODULE, "DrsJobRetry");
    }
}
