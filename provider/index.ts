// pulumi-roma-tasks: Pulumi resources for ROMA Connect FDI tasks and DRS jobs, and the API
// client they are built on.
export { TaskRunState, type TaskRunStateArgs, type TaskSelectorArgs } from "./resources/task-run-state/resource";
export { OnDelete, RunState, TaskType, type ObservedTaskState, type TaskSelector, type TaskStatusEntry } from "./resources/task-run-state/types";
export { TaskProgressReset, type DateFrom, type TaskProgressResetArgs } from "./resources/task-progress-reset/resource";
export { DrsJobRetry, type DrsJobRetryArgs } from "./resources/drs-job-retry/resource";
export { WaitFor, type DrsJobRetryResult } from "./resources/drs-job-retry/types";
export { getTasks, getTasksOutput, type GetTasksOptions, type GetTasksOutputArgs } from "./resources/get-tasks/function";
export type { GetTasksArgs, GetTasksResult, TaskData } from "./resources/get-tasks/types";
export { signRequest, type SignableRequest, type SigningCredentials } from "./auth/sign";
export type { AkSkCredentials, Credentials, PasswordCredentials, TokenCredentials } from "./auth/types";
export { resolveConfig } from "./config/resolve";
export { CONFIG_SOURCES } from "./config/sources";
export type { CredentialSource, ResolvedConfig } from "./config/types";
export { createClients, type ApiClients, type ClientOptions } from "./api/clients";
export {
    RomaError,
    RomaApiError,
    ResponseValidationError,
    ConfigError,
    InputError,
    PartialFailureError,
    type RomaErrorCode,
    type ItemErrorCode,
} from "./core/errors";
export { OPERATIONS, type OperationName } from "./core/operations";
export type * from "./api/types";
