// Pure planning for DrsJobRetry: which results stand after a retry call, and how a job's DRS
// status reads while waiting for it to transfer again. Targets follow the official status enum
// and the Terraform provider's lists (huaweicloud-sdk-nodejs-v3 `services/drs/v3/model/QueryJobStatusResp.ts`;
// terraform-provider-huaweicloud `huaweicloud/services/drs/resource_huaweicloud_drs_job.go`,
// `waitingforJobStatus`; the DRS page support.huaweicloud.com/api-drs/drs_api_0150.html) [I].
import type { DrsRetryOutcome } from "../../api/types";
import type { JobResult } from "./schema";

/**
 * Statuses that end a wait, from the official enum (Node model QueryJobStatusResp, 29 values)
 * and Terraform's lists: its start/restart targets, and RELEASE_CHILD_TRANSFER_COMPLETE among
 * its resume targets.
 */
export const TRANSFERRING = new Set(["FULL_TRANSFER_STARTED", "FULL_TRANSFER_COMPLETE", "INCRE_TRANSFER_STARTED", "RELEASE_CHILD_TRANSFER_COMPLETE"]);
/** The job is gone or released: it will never transfer again. Besides these, every `*_FAILED`. */
const ENDED = new Set(["DELETED", "RELEASE_RESOURCE_COMPLETE"]);
/** Terraform's pending states after a start: a retry that shows one of them has taken. */
const STARTING = new Set(["STARTJOBING", "WAITING_FOR_START"]);

export type WaitClass = "transferring" | "failed" | "pending";

/** Any other status, documented or not (e.g. PAUSING, CONFIGURATION, a value added later), is pending until the timeout. */
export function classifyJobStatus(status: string | undefined): WaitClass {
    if (status !== undefined && TRANSFERRING.has(status)) return "transferring";
    if (status !== undefined && (status.endsWith("_FAILED") || ENDED.has(status))) return "failed";
    return "pending";
}

/**
 * Whether a job whose last retry had an unknown outcome shows that the retry took, so it must
 * not be retried again (DRS resumes paused jobs and retries failed ones; a second retry of a
 * running job is refused with a per-job error, which would fail the resource for nothing).
 */
export function showsResumed(status: string | undefined): boolean {
    return status !== undefined && (TRANSFERRING.has(status) || STARTING.has(status));
}

/**
 * One result per job, in the order of `jobIds`: this call's outcome where there is one, else
 * the earlier one, else "not retried yet" (so the next update retries it).
 */
export function mergeResults(jobIds: readonly string[], previous: readonly JobResult[], fresh: readonly DrsRetryOutcome[]): JobResult[] {
    const byId = new Map<string, JobResult>(previous.map((r) => [r.jobId, r]));
    for (const r of fresh) byId.set(r.jobId, r);
    return jobIds.map((jobId) => ({ ...(byId.get(jobId) ?? { jobId, status: "failed", errorCode: "NOT_RETRIED", errorMessage: "not retried yet" }) }));
}
