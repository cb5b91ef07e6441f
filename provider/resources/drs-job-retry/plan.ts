// Pure planning for DrsJobRetry: which results stand after a retry call, and how a job's DRS
// status reads while waiting for it to transfer again. Targets follow the Terraform
// provider's start/restart targets (reference fdi-api.md §3.4, §5.2 [I]).
import type { DrsRetryOutcome } from "../../api/types";
import type { JobResult } from "./schema";

export const TRANSFERRING = new Set(["FULL_TRANSFER_STARTED", "FULL_TRANSFER_COMPLETE", "INCRE_TRANSFER_STARTED"]);

export type WaitClass = "transferring" | "failed" | "pending";

export function classifyJobStatus(status: string | undefined): WaitClass {
    if (status !== undefined && TRANSFERRING.has(status)) return "transferring";
    if (status !== undefined && (status.endsWith("_FAILED") || status === "DELETED" || status === "RELEASE_RESOURCE_COMPLETE")) return "failed";
    return "pending";
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
