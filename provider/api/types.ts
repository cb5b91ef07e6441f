// Domain types the API client returns, decoupled from wire field names. The Pulumi layer and
// the planning logic use only these.

export type TaskRunStatus = "started" | "stopped";
export type TaskAction = "start" | "stop";

/** A task as observed through ListTasks or ShowTask. */
export interface ObservedTask {
    taskId: string;
    taskName?: string;
    status: TaskRunStatus;
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
}

export interface BatchOperationResult {
    action: TaskAction;
    succeeded: TaskOutcome[];
    failed: TaskOutcome[];
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

export interface DrsJobState {
    jobId: string;
    /** DRS lifecycle status, e.g. INCRE_TRANSFER_STARTED; undefined when the API gave none. */
    status?: string;
    errorCode?: string;
    errorMessage?: string;
}

export interface ListTasksFilter {
    /** Server-side filter on one task ID. */
    taskId?: string;
}

/** Scope of every FDI call. */
export interface FdiScope {
    projectId: string;
    instanceId: string;
}

export interface FdiClient {
    /** All pages of ListTasks (limit <= 999 per page). */
    listTasks(scope: FdiScope, filter?: ListTasksFilter): Promise<ObservedTask[]>;
    /** One page of ListTasks (at most 999 tasks) from `offset`, and the instance's total. */
    listPage(scope: FdiScope, offset: number, filter?: ListTasksFilter): Promise<{ tasks: ObservedTask[]; total: number }>;
    /** ShowTask; undefined when the API says the task does not exist (404 / FDI.3081). */
    showTask(scope: FdiScope, taskId: string): Promise<ObservedTask | undefined>;
    /** Chunks into calls of at most 10, runs them through a bounded pool, merges outcomes. */
    batchOperate(scope: FdiScope, action: TaskAction, taskIds: readonly string[]): Promise<BatchOperationResult>;
    /** `dateFrom` in UTC milliseconds; omitted from the body when undefined. */
    resetMultiTask(scope: FdiScope, taskId: string, dateFrom?: number): Promise<{ message: string }>;
}

export interface DrsClient {
    batchRetry(projectId: string, jobs: readonly DrsRetryJob[]): Promise<DrsRetryOutcome[]>;
    /** All pages of batch-status. */
    batchStatus(projectId: string, jobIds: readonly string[]): Promise<DrsJobState[]>;
}
