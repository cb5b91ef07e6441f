// DrsJobRetry's inputs and stored state.
import { z } from "zod";
import type { Assert, Equal } from "../../core/type-checks";
import { idList, oneOf, replaceOnChange, resourceId, seconds, triggers, unordered } from "../common/inputs";
import { WaitFor, type DrsJobRetryResult } from "./types";

export const WAIT_FOR = [WaitFor.None, WaitFor.Transferring] as const;
export type { WaitFor } from "./types";

// Every input replaces: a retry is a one-shot action, and running it again is what a change asks for.
export const DrsJobRetryInputs = z.strictObject({
    jobIds: replaceOnChange(unordered(idList("job"))),
    isSyncReEdit: replaceOnChange(z.boolean({ error: "must be a boolean" }).optional()),
    projectId: replaceOnChange(resourceId().optional()),
    triggers: replaceOnChange(triggers().optional()),
    waitFor: replaceOnChange(oneOf(WAIT_FOR).default("none")),
    timeoutSeconds: replaceOnChange(seconds(1, 86400, 600)),
});
export type DrsJobRetryInputs = z.infer<typeof DrsJobRetryInputs>;

/** What the retry call said of one job; `failed` jobs are retried by the next update. */
export const JobResult = z.object({
    jobId: z.string(),
    status: z.enum(["success", "failed"]),
    errorCode: z.string().optional(),
    errorMessage: z.string().optional(),
});
export type JobResult = z.infer<typeof JobResult>;

export const DrsJobRetryState = z.object({
    ...DrsJobRetryInputs.shape,
    results: z.array(JobResult).default([]),
    /** Each job's last DRS status (when waited for, and after refresh). */
    jobStatuses: z.record(z.string(), z.string()).optional(),
    stateVersion: z.number().int(),
});
export type DrsJobRetryState = z.infer<typeof DrsJobRetryState>;

/** The zod-free public values and types (types.ts) must be exactly what these schemas accept and hold. */
export type PublicTypesMatch = [Assert<Equal<(typeof WAIT_FOR)[number], WaitFor>>, Assert<Equal<DrsJobRetryResult, JobResult>>];
