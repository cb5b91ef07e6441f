// Domain types the API client returns, decoupled from wire field names. The Pulumi layer and
// the planning logic use only these.

export type TaskRunStatus = "started" | "stopped";
/** `unknown`: the API sent a status value outside the documented ones (or none). */
export type ObservedStatus = TaskRunStatus | "unknown";
export type TaskAction = "start" | "stop";

/** A task as observed through ListTasks or ShowTask. */
export interface ObservedTask {
    taskId: string;
    taskName?: string;
    status: ObservedStatus;
    /** The wire value when `status` is `unknown` (absent when the API sent none). */
    rawStatus?: string;
    /** Last execution state, kept as the API sends it (UNSTARTED, WAITING, RUNNING, SUCCESS, CANCELLED, ERROR). */
    executeStatus?: string;
    /** Non-empty for composite ("multi") tasks. */
    extType?: string;
}

/** Per-task outcome of a batch start/stop, merged over all chunks. */
export interface TaskOutcome {
    taskId: string;
    taskName?: string;
    errorCode?: string;
    errorMessage?: string;
    /** X-Request-Id of the call that answered for the task, when it sent one. */
    requestId?: string;
}

export interface BatchOperationResult {
    action: TaskAction;
    succeeded: TaskOutcome[];
    failed: TaskOutcome[];
    /**
     * Tasks the API answered for in neither list (errorCode NO_RESULT, the message names the
     * request ID): their outcome is unknown, so the caller re-reads them, never assumes.
     */
    unconfirmed: TaskOutcome[];
    /** Number of HTTP write calls made (one per chunk of at most 10). */
    calls: number;
}

export interface DrsRetryJob {
    jobId: string;
    /** Sent only when defined: the docs disagree on when it is required. */
    isSyncReEdit?: boolean;
}

export interface DrsRetryOutcome {
    jobId: string;
    status: "success" | "failed";
    errorCode?: string;
    errorMessage?: string;
}

/**
 * Codes of a retry whose outcome is unknown: the call may have resumed the job. Before retrying
 * such a job again, its status is read (a second retry of a resumed job is refused, not harmless).
 */
export const UNKNOWN_OUTCOME_CODES: ReadonlySet<string> = new Set(["INVALID_RESPONSE", "NO_RESULT", "REQUEST_FAILED"]);

export interface DrsJobState {
    jobId: string;
    /** DRS lifecycle status, e.g. INCRE_TRANSFER_STARTED; undefined when the API gave none. */
    status?: string;
    errorCode?: string;
    errorMessage?: string;
}

/** Tasks chosen by what they are, not by ID: every field given must match (AND). */
export interface TaskQuery {
    /** Exactly this `task_tag`. */
    taskTag?: string;
    /** The task name contains this, case-sensitive. */
    nameContains?: string;
    /** ListTasks' `task_type` filter takes lower case; the API answers in upper case. */
    taskType?: "realtime" | "timing";
    /** Exactly this task (ListTasks' `task_id` filter): reads by ID that keep the task's type and tag. */
    taskId?: string;
}

/** A task as a selection reads it: what ListTasks says of its kind, besides its status. */
export interface TaskRecord extends ObservedTask {
    /** Lower case (`realtime`, `timing`) when the API sent one. */
    taskType?: string;
    taskTag?: string;
}

/** A task's last run and schedule, from ListMonitorInfos. */
export interface TaskMonitor {
    taskId: string;
    /** UTC milliseconds. */
    lastExecuteTime?: number;
    cron?: string;
    /** `MIN`, `HOUR`, `DAY`, `WEEK` or `MON`. */
    period?: string;
    executeStatus?: string;
}

export interface ListTasksFilter {
    /** Server-side filter on one task ID. */
    taskId?: string;
}

/** What a read tells its caller as it goes. */
export interface ReadHooks {
    /** Called as each of the read's requests is dispatched (see ApiRequest.onDispatch); the first is the read's begin. */
    onDispatch?: () => void;
}

/** Scope of every FDI call. */
export interface FdiScope {
    projectId: string;
    instanceId: string;
}

export interface FdiClient {
    /**
     * True when the reads (listTasks, listPage, findTasks) call `hooks.onDispatch` as their
     * requests are dispatched; without it a coordinator takes a read to begin when it asks for it.
     */
    readonly reportsDispatch?: boolean;
    /**
     * All pages of ListTasks (limit <= 999 per page) that can be reached: ListTasks refuses an
     * offset above 20000, so an instance of more tasks is listed incompletely (read the rest by ID).
     */
    listTasks(scope: FdiScope, filter?: ListTasksFilter, hooks?: ReadHooks): Promise<ObservedTask[]>;
    /**
     * One page of ListTasks (at most 999 entities) from `offset`: the usable tasks, how many
     * entities the page held (to page on), and the instance's total when the API sent it.
     */
    listPage(
        scope: FdiScope,
        offset: number,
        filter?: ListTasksFilter,
        hooks?: ReadHooks,
    ): Promise<{ tasks: ObservedTask[]; entities: number; total?: number }>;
    /** ShowTask; undefined when the API says the task does not exist (404 / FDI.3081). */
    showTask(scope: FdiScope, taskId: string): Promise<ObservedTask | undefined>;
    /** Chunks into calls of at most 10, runs them through a bounded pool, merges outcomes. */
    batchOperate(scope: FdiScope, action: TaskAction, taskIds: readonly string[]): Promise<BatchOperationResult>;
    /**
     * `dateFrom` in UTC milliseconds; omitted from the body when undefined. A 2xx is the reset's
     * outcome: an unreadable 2xx body gives `message` undefined, not an error.
     */
    resetMultiTask(scope: FdiScope, taskId: string, dateFrom?: number): Promise<{ message?: string }>;
    /**
     * Every task matching `query`, through ListTasks' own filters and re-checked here (the
     * server's `name` match is fuzzy), page by page; `calls` is the number of pages read.
     */
    findTasks(scope: FdiScope, query: TaskQuery, hooks?: ReadHooks): Promise<{ tasks: TaskRecord[]; calls: number }>;
    /** Every page of ListMonitorInfos, narrowed by a task-name substring when given. */
    listMonitors(scope: FdiScope, filter?: { taskName?: string }): Promise<TaskMonitor[]>;
}

export interface DrsClient {
    /**
     * One outcome per job. A call whose answer cannot be used (unreadable, or none after
     * retries) fails each job with INVALID_RESPONSE / REQUEST_FAILED, outcome unknown; an HTTP
     * error the API did answer is thrown, with any per-job codes of its body.
     */
    batchRetry(projectId: string, jobs: readonly DrsRetryJob[]): Promise<DrsRetryOutcome[]>;
    /** Pages until every requested job has been seen (or the API stops giving new ones). */
    batchStatus(projectId: string, jobIds: readonly string[]): Promise<DrsJobState[]>;
}
