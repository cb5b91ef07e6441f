// getTasks' public shapes, free of zod (they are part of the package's public declarations);
// schema.ts checks that they match its schemas.
import type { RunState, TaskSelector, TaskType } from "../task-run-state/types";

/** Which tasks to read: exactly one of `taskIds` and `selector`. */
export interface GetTasksArgs {
    /** ROMA Connect instance ID. */
    instanceId: string;
    /** Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`). */
    projectId?: string;
    /** These tasks, in this order; a task the instance does not list fails the call. Give either this or `selector`. */
    taskIds?: string[];
    /** The tasks this selector matches (none is an empty list). Give either this or `taskIds`. */
    selector?: TaskSelector;
    /**
     * Also read each task's last run and schedule (ListMonitorInfos).
     *
     * Default false.
     */
    withLastRun?: boolean;
}

/** One FDI task as data. */
export interface TaskData {
    /** The task ID. */
    taskId: string;
    /** The task's name; empty when the API gives none. */
    taskName: string;
    /** `realtime` or `timing`; empty when the API gives none. */
    taskType: TaskType | (string & {});
    /** The task's tag; empty when it has none. */
    taskTag: string;
    /** `started` or `stopped` (the task's switch); `unknown` for a status value the API does not document. */
    status: RunState | "unknown";
    /**
     * The last run's state (`UNSTARTED`, `WAITING`, `RUNNING`, `SUCCESS`, `CANCELLED`, `ERROR`).
     *
     * Empty when the API gives none.
     */
    executeStatus: string;
    /** With `withLastRun`: when the last run started, ISO 8601 in UTC. */
    lastExecuteTime?: string;
    /** With `withLastRun`: the schedule's cron expression. */
    cron?: string;
    /** With `withLastRun`: the schedule's period (`MIN`, `HOUR`, `DAY`, `WEEK`, `MON`). */
    period?: string;
}

export interface GetTasksResult {
    /** The tasks read. */
    tasks: TaskData[];
}
