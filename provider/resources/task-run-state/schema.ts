// TaskRunState's inputs and stored state.
import { z } from "zod";
import type { Assert, Equal } from "../../core/type-checks";
import { idList, oneOf, replaceOnChange, resourceId, seconds, unordered, type CheckFailure, type Props } from "../common/inputs";
import { OnDelete, RunState, TaskType, type ObservedTaskState, type TaskSelector as PublicTaskSelector } from "./types";

export const RUN_STATES = [RunState.Started, RunState.Stopped] as const;
/** What a task was first seen as; `unknown` (a status value the API does not document) is never restored. */
export const INITIAL_STATUSES = [...RUN_STATES, "unknown"] as const;
export const ON_DELETE = [OnDelete.Keep, OnDelete.Stop, OnDelete.Restore] as const;
export const TASK_TYPES = [TaskType.Realtime, TaskType.Timing] as const;
export type { OnDelete, RunState } from "./types";

/** Text a selector sends as a ListTasks filter: ListMonitorInfos takes names of up to 100 characters, so no more. */
const filterText = () =>
    z
        .string({ error: (iss) => (iss.input === undefined ? "is required" : `must be a string, got ${typeof iss.input}`) })
        .min(1, "must not be empty; leave the field out to not filter on it")
        .max(100, "must be at most 100 characters");

export const TaskSelector = z
    .strictObject({
        taskTag: filterText().optional(),
        nameContains: filterText().optional(),
        taskType: oneOf(TASK_TYPES).optional(),
    })
    .refine((s) => s.taskTag !== undefined || s.nameContains !== undefined || s.taskType !== undefined, {
        message: "must set at least one of taskTag, nameContains, taskType",
    });
export type TaskSelector = z.infer<typeof TaskSelector>;

export const TaskRunStateInputs = z.strictObject({
    instanceId: replaceOnChange(resourceId()),
    // Exactly one of taskIds and selector (checkTaskChoice). State written before selectors
    // existed always has taskIds, and reads as before.
    taskIds: unordered(idList("task").optional()),
    selector: TaskSelector.optional(),
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

/**
 * Exactly one of `taskIds` and `selector`, judged on the raw inputs: a value not known yet
 * (preview) still counts as given.
 */
export function checkTaskChoice(inputs: Props): CheckFailure[] {
    const given = (k: string) => inputs[k] !== undefined && inputs[k] !== null;
    if (given("taskIds") && given("selector"))
        return [{ property: "selector", reason: "set either taskIds (tasks by ID) or selector (tasks by tag, name or type), not both" }];
    if (!given("taskIds") && !given("selector"))
        return [
            {
                property: "taskIds",
                reason: "is required unless selector is set: set exactly one of taskIds (tasks by ID) or selector (tasks by tag, name or type)",
            },
        ];
    return [];
}

export const TaskRunStateState = z.object({
    ...TaskRunStateInputs.shape,
    /** Each task as last observed: in the order of `taskIds`, or the tasks the selector last matched. */
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
    Assert<Equal<(typeof TASK_TYPES)[number], TaskType>>,
    Assert<Equal<PublicTaskSelector, TaskSelector>>,
];
