// pulumi-roma-tasks: Pulumi resources for ROMA Connect FDI tasks and DRS jobs, and the API
// client they are built on.
export { TaskRunState, type TaskRunStateArgs, type ObservedTaskState } from "./resources/task-run-state";
export { TaskProgressReset, type TaskProgressResetArgs } from "./resources/task-progress-reset";
export { DrsJobRetry, type DrsJobRetryArgs, type DrsJobRetryResult } from "./resources/drs-job-retry";
export { signRequest, type SignableRequest, type SigningCredentials } from "./auth/sign";
export { resolveConfig } from "./config/resolve";
export { CONFIG_SOURCES, type ResolvedConfig, type Credentials } from "./config/schema";
export { createClients, type ApiClients, type ClientOptions } from "./api/clients";
export { RomaApiError, ResponseValidationError, ConfigError } from "./api/errors";
export type * from "./api/types";
