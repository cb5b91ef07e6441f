// zod schemas of every API response body we read. They are the single source of truth for
// the wire shapes: the client validates each body with them and derives its types from them.
// Field names follow the Huawei Go SDK models (generated from the service's OpenAPI spec).
import { z } from "zod";

/**
 * What we accept, field by field, follows the official SDK models (huaweicloud-sdk-go-v3
 * `services/roma/v2/model/`, `services/drs/v3/model/`; huaweicloud-sdk-nodejs-v3
 * `services/drs/v3/model/`; each field is listed with its model in docs/configuration.md, "What the client
 * accepts from the API"): a field the model marks optional may be absent, an optional string may
 * also be `null`, and an enum the model leaves open (or that may grow) is read as a string and
 * judged by the caller. Only what the client cannot work without is required.
 */
const optString = () => z.string().nullish();
const optCount = () => z.number().int().nonnegative().nullish();

/**
 * Task run switch. ListTasks sends an integer (0 stopped or not started, 1 running); the
 * ShowTask SDK model declares a string enum ("stop"/"running"), and the Go SDK also reads
 * "0"/"1". Any other value, or none, is a task in an unknown state (see status.ts), never a
 * rejected answer.
 */
export const TaskStatusWire = z.union([z.number(), z.string()]).nullish();
export type TaskStatusWire = z.infer<typeof TaskStatusWire>;

/**
 * BriefTaskRespBean (ListTasks entity, `model_brief_task_resp_bean.go`): every field is
 * `omitempty`. `task_id` is not optional for us: an entity without one cannot be matched to a
 * task, so the client skips it.
 */
export const BriefTask = z.object({
    task_id: optString(),
    task_name: optString(),
    task_type: optString(),
    status: TaskStatusWire,
    execute_status: optString(),
    ext_type: optString(),
    task_tag: optString(),
    last_modified_time: z.number().nullish(),
});
export type BriefTask = z.infer<typeof BriefTask>;

/** ListTasksResponse (`model_list_tasks_response.go`): `total`, `size`, `entities` all optional. */
export const ListTasksResponse = z.object({
    total: optCount(),
    size: optCount(),
    entities: z.array(BriefTask).nullish(),
});
export type ListTasksResponse = z.infer<typeof ListTasksResponse>;

/**
 * TaskMonitorInfo (ListMonitorInfos entity, https://support.huaweicloud.com/intl/en-us/api-roma/ListMonitorInfos.html):
 * the task's last run (`last_execute_time`, UTC ms) and schedule (`cron`, `period`). Every field
 * is read as optional, as the SDK models of the task list are; an entity without `task_id`
 * cannot be matched to a task and is skipped.
 */
export const TaskMonitorInfo = z.object({
    task_id: optString(),
    task_name: optString(),
    task_type: optString(),
    status: TaskStatusWire,
    last_execute_time: z.number().nullish(),
    use_quartz_cron: z.union([z.boolean(), z.string()]).nullish(),
    cron: optString(),
    period: optString(),
    dispatch_interval: z.union([z.number(), z.string()]).nullish(),
    execute_status: optString(),
});
export type TaskMonitorInfo = z.infer<typeof TaskMonitorInfo>;

/** ListMonitorInfos response: `{ total, size, entities }`, each optional like ListTasks'. */
export const ListMonitorInfosResponse = z.object({
    total: optCount(),
    size: optCount(),
    entities: z.array(TaskMonitorInfo).nullish(),
});
export type ListMonitorInfosResponse = z.infer<typeof ListMonitorInfosResponse>;

/**
 * ShowTask: `{ task: TaskBasicRsp, task_detail }` (`model_task_basic_rsp.go`): `task_type` in
 * lower case, `status` "stop"/"running", no `execute_status` and no `ext_type` (read if sent).
 */
export const ShowTaskResponse = z.object({
    task: z.object({
        task_id: optString(),
        task_name: optString(),
        task_type: optString(),
        status: TaskStatusWire,
        execute_status: optString(),
        ext_type: optString(),
        task_tag: optString(),
    }),
    task_detail: optString(),
});
export type ShowTaskResponse = z.infer<typeof ShowTaskResponse>;

/** TaskBeanFacade (`model_task_bean_facade.go`): one per task in `success[]`/`failure[]`. */
export const TaskBeanFacade = z.object({
    task_id: optString(),
    task_name: optString(),
    error_code: optString(),
    error_msg: optString(),
});
export type TaskBeanFacade = z.infer<typeof TaskBeanFacade>;

/**
 * BatchOperatorTaskResp (200 of batch start/stop): counts and both lists optional. The counts
 * are informational; each task is judged by its own item.
 */
export const BatchOperateResponse = z.object({
    success_count: optCount(),
    failure_count: optCount(),
    success: z.array(TaskBeanFacade).nullish(),
    failure: z.array(TaskBeanFacade).nullish(),
});
export type BatchOperateResponse = z.infer<typeof BatchOperateResponse>;

/** ResetMultiTaskOffsetResponse: `message` optional. */
export const ResetResponse = z.object({ message: optString() });
export type ResetResponse = z.infer<typeof ResetResponse>;

/**
 * RetryTaskResp (Go `model_retry_task_resp.go`, Node model RetryTaskResp): `status` is a free string
 * (no enum in either SDK); note `error_msg` here, `error_message` in batch-status.
 */
export const DrsRetryResult = z.object({
    id: optString(),
    status: optString(),
    error_code: optString(),
    error_msg: optString(),
});
/** BatchRestoreTaskResponse: `results` and `count` optional. */
export const DrsRetryResponse = z.object({
    results: z.array(DrsRetryResult).nullish(),
    count: optCount(),
});
export type DrsRetryResponse = z.infer<typeof DrsRetryResponse>;

/** QueryJobStatusResp (Go `model_query_job_status_resp.go`, Node model QueryJobStatusResp): `status` is an enum of 29 values that may grow. */
export const DrsJobStatus = z.object({
    id: optString(),
    status: optString(),
    error_code: optString(),
    error_message: optString(),
});
/** BatchListJobStatusResponse: `count`'s meaning is ambiguous (total or this page), so unused. */
export const DrsStatusResponse = z.object({
    results: z.array(DrsJobStatus).nullish(),
    count: optCount(),
});
export type DrsStatusResponse = z.infer<typeof DrsStatusResponse>;

/** IAM `POST /v3/auth/tokens` body (the token itself is in the X-Subject-Token header). */
export const IamTokenResponse = z.object({
    token: z.object({ expires_at: z.string() }).loose(),
});
export type IamTokenResponse = z.infer<typeof IamTokenResponse>;

/** IAM `POST /v3.0/OS-CREDENTIAL/securitytokens` body: temporary keys. */
export const TemporaryKeysResponse = z.object({
    credential: z.object({ access: z.string().min(1), secret: z.string().min(1), securitytoken: z.string().min(1), expires_at: z.string() }).loose(),
});
