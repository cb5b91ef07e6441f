// pulumi-roma-tasks: Pulumi resources for ROMA Connect FDI tasks and DRS jobs, and the API
// client they are built on.
export { TaskRunState, type TaskRunStateArgs, type ObservedTaskState } from "./resources/task-run-state/resource";
export { TaskProgressReset, type TaskProgressResetArgs } from "./resources/task-progress-reset/resource";
export { DrsJobRetry, type DrsJobRetryArgs, type DrsJobRetryResult } from "./resources/drs-job-retry/resource";
export { signRequest, type SignableRequest, type SigningCredentials } from "./auth/sign";
export type { Credentials } from "./auth/types";
export { resolveConfig } from "./config/resolve";
export { CONFIG_SOURCES } from "./config/sources";
export type { ResolvedConfig } from "./config/schema";
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
