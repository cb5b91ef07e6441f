// TaskRunState's inputs and stored state.
import { z } from "zod";
import type { Assert, Equal } from "../../core/type-checks";
import { idList, oneOf, replaceOnChange, resourceId, seconds, unordered } from "../common/inputs";
import { OnDelete, RunState, type ObservedTaskState } from "./types";

export const RUN_STATES = [RunState.Started, RunState.Stopped] as const;
/** What a task was first seen as; `unknown` (a status value the API does not document) is never restored. */
export const INITIAL_STATUSES = [...RUN_STATES, "unknown"] as const;
export const ON_DELETE = [OnDelete.Keep, OnDelete.Stop, OnDelete.Restore] as const;
export type { OnDelete, RunState } from "./types";

export const TaskRunStateInputs = z.strictObject({
    instanceId: replaceOnChange(resourceId()),
    taskIds: unordered(idList("task")),
    state: oneOf(RUN_STATES),
    projectId: replaceOnChange(resourceId().optional()),
    onDelete: oneOf(ON_DELETE).default("keep"),
    // State written by 0.1.0 lacks it: the default reads it as 60, so an unchanged resource plans no change.
    settleTimeoutSeconds: seconds(0, 3600, 60),
});
export type TaskRunStateInputs = z.infer<typeof TaskRunStateInputs>;

/**
 * A task as last observed; `missing` when the instance does not list it, `unknown` when the API
 * sent a status value outside the documented ones (kept in `rawStatus`). 0.1.0 wrote only the
 * first three, so widening the enum reads its state unchanged.
 */
export const TaskView = z.object({
    taskId: z.string(),
    taskName: z.string().optional(),
    status: z.enum(["started", "stopped", "missing", "unknown"]),
    rawStatus: z.string().optional(),
    executeStatus: z.string().optional(),
});
export type TaskView = z.infer<typeof TaskView>;

export const TaskRunStateState = z.object({
    ...TaskRunStateInputs.shape,
    /** Each task as last observed, in the order of `taskIds`. */
    tasks: z.array(TaskView).default([]),
    /** First status this resource saw for each task, before it changed anything (for `onDelete: "restore"`). */
    initialStatuses: z.record(z.string(), z.enum(INITIAL_STATUSES)).default({}),
    stateVersion: z.number().int(),
});
export type TaskRunStateState = z.infer<typeof TaskRunStateState>;

/** The zod-free public values and types (types.ts) must be exactly what these schemas accept and hold. */
export type PublicTypesMatch = [
    Assert<Equal<(typeof RUN_STATES)[number], RunState>>,
    Assert<Equal<(typeof ON_DELETE)[number], OnDelete>>,
    Assert<Equal<ObservedTaskState, TaskView>>,
];
