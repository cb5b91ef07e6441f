// Classifying DRS job statuses while waiting for a retried job to transfer again. Targets
// follow the Terraform provider's start/restart targets (reference fdi-api.md §3.4, §5.2 [I]).
export const TRANSFERRING = new Set(["FULL_TRANSFER_STARTED", "FULL_TRANSFER_COMPLETE", "INCRE_TRANSFER_STARTED"]);

export type WaitClass = "transferring" | "failed" | "pending";

export function classifyJobStatus(status: string | undefined): WaitClass {
    if (status !== undefined && TRANSFERRING.has(status)) return "transferring";
    if (status !== undefined && (status.endsWith("_FAILED") || status === "DELETED" || status === "RELEASE_RESOURCE_COMPLETE")) return "failed";
    return "pending";
}
