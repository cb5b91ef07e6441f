// zod schemas of every API response body we read. They are the single source of truth for
// the wire shapes: the client validates each body with them and derives its types from them.
// Field names follow the Huawei Go SDK models (generated from the service's OpenAPI spec).
import { z } from "zod";

/** Error body of FDI (400/404/500) and DRS (400) calls. */
export const ApiErrorBody = z.object({
    error_code: z.string(),
    error_msg: z.string().optional(),
    // DRS and some gateways use `error_message`; APIG throttling uses the same pair.
    error_message: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/**
 * Task run switch. ListTasks sends an integer (0 stopped or not started, 1 running); the
 * ShowTask SDK model declares a string enum ("stop"/"running"). [I] The wire type of ShowTask
 * is not confirmed, so both forms are accepted and normalised.
 */
export const TaskStatusWire = z.union([z.literal(0), z.literal(1), z.literal("0"), z.literal("1"), z.literal("stop"), z.literal("running")]);
export type TaskStatusWire = z.infer<typeof TaskStatusWire>;

/** BriefTaskRespBean (ListTasks entity). Only fields we use are required. */
export const BriefTask = z.object({
    task_id: z.string(),
    task_name: z.string().optional(),
    task_type: z.string().optional(),
    status: TaskStatusWire,
    execute_status: z.string().optional().nullable(),
    ext_type: z.string().optional().nullable(),
    last_modified_time: z.number().optional().nullable(),
});
export type BriefTask = z.infer<typeof BriefTask>;

export const ListTasksResponse = z.object({
    total: z.number().int().nonnegative(),
    size: z.number().int().nonnegative().optional(),
    entities: z.array(BriefTask),
});
export type ListTasksResponse = z.infer<typeof ListTasksResponse>;

/** ShowTask: `{ task: TaskBasicRsp, task_detail }`. */
export const ShowTaskResponse = z.object({
    task: z.object({
        task_id: z.string(),
        task_name: z.string().optional(),
        task_type: z.string().optional(),
        status: TaskStatusWire,
        execute_status: z.string().optional().nullable(),
        ext_type: z.string().optional().nullable(),
    }),
    task_detail: z.string().optional().nullable(),
});
export type ShowTaskResponse = z.infer<typeof ShowTaskResponse>;

/** TaskBeanFacade: one per task in `success[]`/`failure[]`. */
export const TaskBeanFacade = z.object({
    task_id: z.string(),
    task_name: z.string().optional().nullable(),
    error_code: z.string().optional().nullable(),
    error_msg: z.string().optional().nullable(),
});
export type TaskBeanFacade = z.infer<typeof TaskBeanFacade>;

/** BatchOperatorTaskResp (200 of batch start/stop). */
export const BatchOperateResponse = z.object({
    success_count: z.number().int().nonnegative(),
    failure_count: z.number().int().nonnegative(),
    success: z.array(TaskBeanFacade).default([]),
    failure: z.array(TaskBeanFacade).default([]),
});
export type BatchOperateResponse = z.infer<typeof BatchOperateResponse>;

/** ResetMultiTaskOffsetResponse. */
export const ResetResponse = z.object({ message: z.string() });
export type ResetResponse = z.infer<typeof ResetResponse>;

/** RetryTaskResp: note `error_msg` here, `error_message` in batch-status. */
export const DrsRetryResult = z.object({
    id: z.string(),
    status: z.enum(["success", "failed"]),
    error_code: z.string().optional().nullable(),
    error_msg: z.string().optional().nullable(),
});
export const DrsRetryResponse = z.object({
    results: z.array(DrsRetryResult),
    count: z.number().int().nonnegative(),
});
export type DrsRetryResponse = z.infer<typeof DrsRetryResponse>;

export const DrsJobStatus = z.object({
    id: z.string(),
    status: z.string().optional().nullable(),
    error_code: z.string().optional().nullable(),
    error_message: z.string().optional().nullable(),
});
export const DrsStatusResponse = z.object({
    results: z.array(DrsJobStatus),
    count: z.number().int().nonnegative(),
});
export type DrsStatusResponse = z.infer<typeof DrsStatusResponse>;

/** IAM `POST /v3/auth/tokens` body (the token itself is in the X-Subject-Token header). */
export const IamTokenResponse = z.object({
    token: z.object({ expires_at: z.string() }).loose(),
});
export type IamTokenResponse = z.infer<typeof IamTokenResponse>;
