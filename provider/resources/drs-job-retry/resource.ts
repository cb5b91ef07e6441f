import * as pulumi from "@pulumi/pulumi";
import * as shim from "./shim";
import { MODULE } from "../common/module";

export interface DrsJobRetryArgs {
    jobIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Sent as `is_sync_re_edit` only when set: true when starting a job after re-editing it. */
    isSyncReEdit?: pulumi.Input<boolean>;
    projectId?: pulumi.Input<string>;
    /** Any change to these values retries again. */
    triggers?: pulumi.Input<unknown[]>;
    /** "transferring": wait until every retried job transfers again (default "none"). */
    waitFor?: pulumi.Input<"none" | "transferring">;
    /** Wait limit in seconds (default 600). */
    timeoutSeconds?: pulumi.Input<number>;
}

export interface DrsJobRetryResult {
    jobId: string;
    status: "success" | "failed";
    errorCode?: string;
    errorMessage?: string;
}

/** Resumes or retries DRS jobs. */
export class DrsJobRetry extends pulumi.dynamic.Resource {
    declare readonly jobIds: pulumi.Output<string[]>;
    declare readonly results: pulumi.Output<DrsJobRetryResult[]>;
    /** Each job's last DRS status (when waited for, and after refresh). */
    declare readonly jobStatuses: pulumi.Output<Record<string, string> | undefined>;

    constructor(name: string, args: DrsJobRetryArgs, opts?: pulumi.CustomResourceOptions) {
        super(shim as pulumi.dynamic.ResourceProvider, name, { ...args, results: undefined, jobStatuses: undefined }, opts, MODULE, "DrsJobRetry");
    }
}
