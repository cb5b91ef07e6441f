// TaskRunState's public values and shapes, free of zod (they are part of the package's public
// declarations); schema.ts checks that they match its schemas, and test/unit/jsdoc.test.ts that
// the enums' doc comments are declaration.ts's texts.

/** Desired run state of FDI tasks. */
export const RunState = {
    /** The task's switch is on (`status` 1). */
    Started: "started",
    /** The task's switch is off (`status` 0). */
    Stopped: "stopped",
} as const;
export type RunState = (typeof RunState)[keyof typeof RunState];

/** What `pulumi destroy` does to the tasks. */
export const OnDelete = {
    /** Leave the tasks as they are (the default). */
    Keep: "keep",
    /** Stop every task that is running. */
    Stop: "stop",
    /** Put each task back to the status it had before this resource first changed it. */
    Restore: "restore",
} as const;
export type OnDelete = (typeof OnDelete)[keyof typeof OnDelete];

/** The kinds of FDI task a selector can choose. */
export const TaskType = {
    /** Runs continuously (`REALTIME`). */
    Realtime: "realtime",
    /** Runs on a schedule (`TIMING`). */
    Timing: "timing",
} as const;
export type TaskType = (typeof TaskType)[keyof typeof TaskType];

/**
 * Tasks chosen by what they are rather than by ID: at least one field, and a task must match
 * every field given. Read again on every `up` and `refresh`, so a task tagged later is found.
 */
export interface TaskSelector {
    /** Tasks whose tag is exactly this. */
    taskTag?: string;
    /** Tasks whose name contains this (case-sensitive). */
    nameContains?: string;
    /** Tasks of this kind. */
    taskType?: TaskType;
}

/** A task as last observed (after up or refresh). */
export interface ObservedTaskState {
    /** The task ID. */
    taskId: string;
    /** The task's name, when the API gives it. */
    taskName?: string;
    /**
     * `started` or `stopped`; `missing` when the instance does not list the task, `unknown` for a
     * status value the API does not document.
     *
     * An `unknown` task (its value outside the documented 0/1, see `rawStatus`) is never counted
     * as in state.
     */
    status: "started" | "stopped" | "missing" | "unknown";
    /** The undocumented status value the API sent, when `status` is `unknown`. */
    rawStatus?: string;
    /**
     * The last run's state (`UNSTARTED`, `WAITING`, `RUNNING`, `SUCCESS`, `CANCELLED`, `ERROR`).
     *
     * Reported, never compared with `state`.
     */
    executeStatus?: string;
}

/**
 * One task in `taskStatus`: in the stored outputs and the inputs a refresh reads, its last observed
 * status; in the inputs Check plans, the status the next `up` leaves it in. The engine draws the
 * two side by side in `pulumi preview --diff` (docs/previews.md).
 */
export interface TaskStatusEntry {
    /** The task's name, when the API gave it. */
    name?: string;
    /** As in `tasks`: `started`, `stopped`, `missing` or `unknown`. */
    status: "started" | "stopped" | "missing" | "unknown";
    /**
     * For a selector's tasks: `joins` when the task matches since the last `up` (its status is then
     * set), `leaves` when it no longer matches (it is left as it is).
     */
    selection?: "joins" | "leaves";
}
