// DrsJobRetry's inputs and stored state.
import { z } from "zod";
import type { Assert, Equal } from "../../core/type-checks";
import { idList, oneOf, replaceOnChange, replacingProjectId, seconds, triggers, unordered } from "../common/inputs";
import { WaitFor, type DrsJobRetryResult } from "./types";

export const WAIT_FOR = [WaitFor.None, WaitFor.Transferring] as const;
export type { WaitFor } from "./types";

// Every input replaces: a retry is a one-shot action, and running it again is what a change asks for.
export const DrsJobRetryInputs = z
    .strictObject({
        jobIds: replaceOnChange(unordered(idList("job").describe("The DRS job IDs to resume or retry: 1 to 1000, no duplicates."))),
        isSyncReEdit: replaceOnChange(
            z
                .boolean({ error: "must be a boolean" })
                .optional()
                .describe("Sent as `is_sync_re_edit` only when set: `true` when starting a job after re-editing it."),
        ),
        projectId: replacingProjectId(),
        triggers: replaceOnChange(triggers().optional().describe("Change any of these values to retry again.")),
        waitFor: replaceOnChange(
            oneOf(WAIT_FOR)
                .default("none")
                .describe("`none` returns once DRS accepted the retry; `transferring` waits until every retried job transfers again."),
        ),
        timeoutSeconds: replaceOnChange(seconds(1, 86400, 600).describe("How long `waitFor: transferring` waits, in seconds.")),
    })
    .describe(
        "Resumes paused or retries failed DRS jobs, optionally waiting until they transfer again. Any input change retries again; a job whose retry failed fails the `up` but keeps the others' results, and the next `up` retries only the jobs that failed. A retry cannot be read back, so it cannot be imported; `destroy` makes no call.",
    );
export type DrsJobRetryInputs = z.infer<typeof DrsJobRetryInputs>;

export const JobResult = z
    .object({
        jobId: z.string().describe("The job ID."),
        status: z.enum(["success", "failed"]).describe("`success` or `failed`; failed jobs are retried by the next update."),
        errorCode: z.string().optional().describe("The API's error code, when the retry failed."),
        errorMessage: z.string().optional().describe("The API's error message, when the retry failed."),
    })
    .describe("What the retry call said of one DRS job.");
export type JobResult = z.infer<typeof JobResult>;

export const DrsJobRetryState = z.object({
    ...DrsJobRetryInputs.shape,
    results: z.array(JobResult).default([]).describe("What the retry call said of each job."),
    jobStatuses: z.record(z.string(), z.string()).optional().describe("Each job's last DRS status (when waited for, and after refresh)."),
    stateVersion: z.number().int().describe("Version of the stored state's shape."),
});
export type DrsJobRetryState = z.infer<typeof DrsJobRetryState>;

/** The zod-free public values and types (types.ts) must be exactly what these schemas accept and hold. */
export type PublicTypesMatch = [Assert<Equal<(typeof WAIT_FOR)[number], WaitFor>>, Assert<Equal<DrsJobRetryResult, JobResult>>];
