// TaskRunState's inputs and stored state.
import { z } from "zod";
import type { Assert, Equal } from "../../core/type-checks";
import { idList, oneOf, replacingInstanceId, replacingProjectId, seconds, unordered, type CheckFailure, type Props } from "../common/inputs";
import {
    OnDelete,
    RunState,
    TaskType,
    type ObservedTaskState,
    type TaskSelector as PublicTaskSelector,
    type TaskStatusEntry as PublicTaskStatusEntry,
} from "./types";

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
        taskTag: filterText().optional().describe("Tasks whose tag is exactly this."),
        nameContains: filterText().optional().describe("Tasks whose name contains this (case-sensitive)."),
        taskType: oneOf(TASK_TYPES).optional().describe("Tasks of this kind."),
    })
    .refine((s) => s.taskTag !== undefined || s.nameContains !== undefined || s.taskType !== undefined, {
        message: "must set at least one of taskTag, nameContains, taskType",
    })
    .describe("FDI tasks chosen by what they are: at least one field; a task must match every field given. Read with ListTasks' own filters.");
export type TaskSelector = z.infer<typeof TaskSelector>;

export const TaskRunStateInputs = z
    .strictObject({
        instanceId: replacingInstanceId(),
        // Exactly one of taskIds and selector (checkTaskChoice). State written before selectors
        // existed always has taskIds, and reads as before.
        taskIds: unordered(
            idList("task")
                .optional()
                .describe("The FDI task IDs to keep in `state`: 1 to 1000, no duplicates; their order does not matter. Give either this or `selector`."),
        ),
        selector: TaskSelector.optional().describe(
            "The tasks to keep in `state`, chosen by tag, name or type (every field given must match). Read again on every `up` and `refresh`, so a task tagged later is found and planned as an update; a selection that matches nothing fails the `up`. Give either this or `taskIds`.",
        ),
        state: oneOf(RUN_STATES).describe("Desired run state of every task."),
        projectId: replacingProjectId(),
        onDelete: oneOf(ON_DELETE)
            .default("keep")
            .describe(
                "What `pulumi destroy` does: `keep` leaves the tasks as they are, `stop` stops them, `restore` puts each back to the status it had before this resource first changed it.",
            ),
        // State written by 0.1.0 lacks it: the default reads it as 60, so an unchanged resource plans no change.
        settleTimeoutSeconds: seconds(0, 3600, 60).describe(
            "After a start or stop the API accepted, how long (seconds) to wait for the tasks to show their new status.",
        ),
    })
    .describe(
        "Keeps ROMA Connect FDI tasks started or stopped. `up` starts or stops only the tasks not yet in `state` (10 per API call); `refresh` reads every task, and a task changed outside Pulumi shows as drift (`tasks[i].status`) that the next `up` fixes. Import with `<instanceId>/<taskId>,<taskId>,...` or `<projectId>/<instanceId>/<taskIds>`.",
    );
export type TaskRunStateInputs = z.infer<typeof TaskRunStateInputs>;

/** Both task shapes report the last run's state with these values, as ListTasks documents them. */
export const EXECUTE_STATUS_DOC = "The last run's state (`UNSTARTED`, `WAITING`, `RUNNING`, `SUCCESS`, `CANCELLED`, `ERROR`).";

/**
 * A task as last observed; `missing` when the instance does not list it, `unknown` when the API
 * sent a status value outside the documented ones (kept in `rawStatus`). 0.1.0 wrote only the
 * first three, so widening the enum reads its state unchanged.
 */
export const TaskView = z
    .object({
        taskId: z.string().describe("The task ID."),
        taskName: z.string().optional().describe("The task's name, when the API gives it."),
        status: z
            .enum(["started", "stopped", "missing", "unknown"])
            .describe("`started` or `stopped`; `missing` when the instance does not list the task, `unknown` for a status value the API does not document."),
        rawStatus: z.string().optional().describe("The undocumented status value the API sent, when `status` is `unknown`."),
        executeStatus: z.string().optional().describe(EXECUTE_STATUS_DOC),
    })
    .describe("An FDI task as last observed.");
export type TaskView = z.infer<typeof TaskView>;

/** The key of the per-task view the engine draws in a plan (plan.ts `plannedTaskStatus`, docs/previews.md). */
export const TASK_STATUS = "taskStatus";

export const TaskStatusEntry = z
    .object({
        name: z.string().optional().describe("The task's name, when the API gave it."),
        status: TaskView.shape.status,
        selection: z
            .enum(["joins", "leaves"])
            .optional()
            .describe("For a selector's tasks: `joins` when the task matches since the last `up`, `leaves` when it no longer matches (left as it is)."),
    })
    .describe("A task's status in `taskStatus`.");
export type TaskStatusEntry = z.infer<typeof TaskStatusEntry>;
export type TaskStatusView = Record<string, TaskStatusEntry>;

/**
 * Exactly one of `taskIds` and `selector`, judged on the raw inputs: a value not known yet
 * (preview) still counts as given. A rule between two inputs belongs to neither, so the failure
 * names no property: the engine then prints `resource 'x' has a problem: <reason>`, where with a
 * property it prints the value as Go renders it (`value {map[taskTag:{nightly}]}`, pulumi/pulumi
 * `pkg/resource/deploy/step_generator.go` issueCheckFailures).
 */
export function checkTaskChoice(inputs: Props): CheckFailure[] {
    const given = (k: string) => inputs[k] !== undefined && inputs[k] !== null;
    if (given("taskIds") && given("selector"))
        return [{ property: "", reason: "set either taskIds (tasks by ID) or selector (tasks by tag, name or type), not both" }];
    if (!given("taskIds") && !given("selector"))
        return [{ property: "", reason: "taskIds or selector is required: set exactly one of taskIds (tasks by ID) or selector (tasks by tag, name or type)" }];
    return [];
}

export const TaskRunStateState = z.object({
    ...TaskRunStateInputs.shape,
    tasks: z
        .array(TaskView)
        .default([])
        .describe("Each task as last observed (after up or refresh): in the order of `taskIds`, or the tasks the selector last matched."),
    initialStatuses: z
        .record(z.string(), z.enum(INITIAL_STATUSES))
        .default({})
        .describe("Status of each task before this resource first changed it (used by `onDelete: restore`; `unknown` is never restored)."),
    // State written before 0.3.0 lacks it: the diff then derives it from `tasks`.
    taskStatus: z
        .record(z.string(), TaskStatusEntry)
        .optional()
        .describe(
            "Each task's status as last observed, keyed by task ID, with the selector's joining and leaving tasks marked; `pulumi preview --diff` draws it beside the status the next `up` sets (docs/previews.md).",
        ),
    stateVersion: z.number().int().describe("Version of the stored state's shape, so later versions of this package can read it."),
});
export type TaskRunStateState = z.infer<typeof TaskRunStateState>;

/** The zod-free public values and types (types.ts) must be exactly what these schemas accept and hold. */
export type PublicTypesMatch = [
    Assert<Equal<(typeof RUN_STATES)[number], RunState>>,
    Assert<Equal<(typeof ON_DELETE)[number], OnDelete>>,
    Assert<Equal<ObservedTaskState, TaskView>>,
    Assert<Equal<(typeof TASK_TYPES)[number], TaskType>>,
    Assert<Equal<PublicTaskSelector, TaskSelector>>,
    Assert<Equal<PublicTaskStatusEntry, TaskStatusEntry>>,
];
