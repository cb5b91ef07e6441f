// pulumi-roma-tasks: Pulumi resources for ROMA Connect FDI tasks and DRS jobs, and the API
// client they are built on.
// Each declared resource's folder (its index.ts), written by `npm run resources:gen`:
// <resources>
export * from "./resources/task-run-state";
export * from "./resources/task-progress-reset";
export * from "./resources/drs-job-retry";
// </resources>
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
