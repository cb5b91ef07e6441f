// A nightly data pipeline on ROMA Connect, declared next to the rest of the stack:
// - the pipeline's FDI tasks are kept running (and put back as they were on destroy),
// - the orders composite task's progress is reset to the start of a backfill window,
// - the DRS jobs feeding the warehouse are resumed and awaited.
// IDs come from stack config (`example:*`); the defaults match the emulator's demo data
// (`roma-emulator --demo`).
import * as pulumi from "@pulumi/pulumi";
import { DrsJobRetry, OnDelete, RunState, TaskProgressReset, TaskRunState, WaitFor } from "pulumi-roma-tasks";

const config = new pulumi.Config("example");
const instanceId = config.get("instanceId") ?? "roma-nightly-inst";
const pipelineTasks = config.getObject<string[]>("pipelineTaskIds") ?? [
    "orders-extract",
    "orders-clean",
    "orders-load-dwh",
    "customers-extract",
    "customers-load-dwh",
    "inventory-sync",
    "pricing-sync",
];
const backfillFrom = config.get("backfillFrom") ?? "2026-11-01T00:00:00Z";
const drsJobs = config.getObject<string[]>("drsJobIds") ?? ["5d1c2b3a-0000-4000-8000-00000000a001", "5d1c2b3a-0000-4000-8000-00000000a002"];

const feeds = new DrsJobRetry("warehouse-feeds", { jobIds: drsJobs, waitFor: WaitFor.Transferring, timeoutSeconds: 300 });

// The tasks load what the DRS jobs replicate, so the feeds are resumed first.
// Pulumi.yaml sets `options: refresh: always`, so every `up` first reads the tasks and restarts
// any that were stopped outside Pulumi.
const pipeline = new TaskRunState(
    "nightly-pipeline",
    { instanceId, taskIds: pipelineTasks, state: RunState.Started, onDelete: OnDelete.Restore },
    { dependsOn: [feeds] },
);

// Re-runs only when the window or the trigger changes: bump `example:backfillRun` to reset again.
const backfill = new TaskProgressReset("orders-backfill", {
    instanceId,
    taskId: config.get("compositeTaskId") ?? "orders-composite",
    dateFrom: backfillFrom,
    triggers: [config.get("backfillRun") ?? "1"],
});

export const pipelineTasksObserved = pipeline.tasks;
export const backfillResetAt = backfill.resetAt;
export const backfillFromMs = backfill.dateFrom;
export const feedResults = feeds.results;
export const feedStatuses = feeds.jobStatuses;
