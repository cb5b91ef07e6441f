// ROMA Connect FDI task calls: list, show, batch start/stop, composite-task reset.
import { RomaApiError, ResponseValidationError, type ItemFailure } from "../core/errors";
import { checkId } from "../core/ids";
import { chunk, mapWithConcurrency } from "./pool";
import { BatchOperateResponse, ListTasksResponse, ResetResponse, ShowTaskResponse, type TaskBeanFacade } from "./schemas";
import { normalizeTaskStatus } from "./status";
import type { Transport } from "./transport-types";
import type { BatchOperationResult, FdiClient, FdiScope, ObservedTask, TaskAction, TaskOutcome } from "./types";

/** Documented maximum of `list` in one batch call. */
export const BATCH_LIMIT = 10;
/** The SDK comment says pages above 999 are cut to 999. */
export const PAGE_LIMIT = 999;

export interface FdiClientOptions {
    transport: Transport;
    endpoint: string;
    concurrency?: number;
}

function toOutcome(f: TaskBeanFacade): TaskOutcome {
    return { taskId: f.task_id, taskName: f.task_name ?? undefined, errorCode: f.error_code ?? undefined, errorMessage: f.error_msg ?? undefined };
}

function chunkFailure(err: unknown): { errorCode: NonNullable<ItemFailure["errorCode"]>; errorMessage: string } {
    if (err instanceof RomaApiError)
        return { errorCode: err.errorCode ?? (err.httpStatus ? `HTTP ${err.httpStatus}` : "REQUEST_FAILED"), errorMessage: err.message };
    if (err instanceof ResponseValidationError) return { errorCode: "INVALID_RESPONSE", errorMessage: `${err.message}; outcome unknown` };
    return { errorCode: "REQUEST_FAILED", errorMessage: err instanceof Error ? err.message : String(err) };
}

export function createFdiClient(opts: FdiClientOptions): FdiClient {
    const { transport } = opts;
    const concurrency = opts.concurrency ?? 4;
    const scoped = (s: FdiScope) => ({ project_id: s.projectId, instance_id: s.instanceId });
    const baseUrl = opts.endpoint;

    const listPage: FdiClient["listPage"] = async (scope, offset, filter) => {
        const res = await transport.send({
            operation: "ListTasks",
            baseUrl,
            params: scoped(scope),
            query: { limit: PAGE_LIMIT, offset, task_id: filter?.taskId },
            schema: ListTasksResponse,
            ids: filter?.taskId ? [filter.taskId] : undefined,
        });
        const tasks = res.body.entities.map((e): ObservedTask => ({
            taskId: e.task_id,
            taskName: e.task_name,
            status: normalizeTaskStatus(e.status),
            executeStatus: e.execute_status ?? undefined,
            extType: e.ext_type || undefined,
        }));
        return { tasks, total: res.body.total };
    };

    return {
        listPage,

        async listTasks(scope, filter) {
            const tasks: ObservedTask[] = [];
            for (;;) {
                const page = await listPage(scope, tasks.length, filter);
                tasks.push(...page.tasks);
                if (page.tasks.length === 0 || tasks.length >= page.total) return tasks;
            }
        },

        async showTask(scope, taskId) {
            try {
                const res = await transport.send({
                    operation: "ShowTask",
                    baseUrl,
                    params: { ...scoped(scope), task_id: taskId },
                    schema: ShowTaskResponse,
                    ids: [taskId],
                });
                const t = res.body.task;
                return {
                    taskId: t.task_id,
                    taskName: t.task_name,
                    status: normalizeTaskStatus(t.status),
                    executeStatus: t.execute_status ?? undefined,
                    extType: t.ext_type || undefined,
                };
            } catch (err) {
                if (err instanceof RomaApiError && (err.httpStatus === 404 || err.errorCode === "FDI.3081")) return undefined;
                throw err;
            }
        },

        async batchOperate(scope, action: TaskAction, taskIds) {
            const ids = [...new Set(taskIds)];
            // Checked here, not per chunk: a bad ID must fail the whole call before any write.
            ids.forEach((id) => checkId("taskId", id));
            const chunks = chunk(ids, BATCH_LIMIT);
            const settled = await mapWithConcurrency(chunks, concurrency, (list) =>
                transport.send({
                    operation: "BatchStartOrStopTasks",
                    baseUrl,
                    params: scoped(scope),
                    body: { action_id: action, list: list.map((task_id) => ({ task_id })) },
                    schema: BatchOperateResponse,
                    ids: list,
                }),
            );
            const result: BatchOperationResult = { action, succeeded: [], failed: [], calls: chunks.length };
            settled.forEach((s, i) => {
                if (!s.ok) {
                    // A whole call failed: its tasks are reported failed, the other calls' outcomes stand.
                    const f = chunkFailure(s.error);
                    for (const taskId of chunks[i]) result.failed.push({ taskId, ...f });
                    return;
                }
                const seen = new Set<string>();
                for (const f of s.value.body.success) {
                    seen.add(f.task_id);
                    result.succeeded.push(toOutcome(f));
                }
                for (const f of s.value.body.failure) {
                    seen.add(f.task_id);
                    result.failed.push(toOutcome(f));
                }
                for (const taskId of chunks[i]) {
                    if (!seen.has(taskId)) {
                        result.failed.push({
                            taskId,
                            errorCode: "NO_RESULT",
                            errorMessage: `the API returned no result for this task (request ID ${s.value.requestId ?? "unknown"})`,
                        });
                    }
                }
            });
            return result;
        },

        async resetMultiTask(scope, taskId, dateFrom) {
            const res = await transport.send({
                operation: "ResetMultiTaskOffset",
                baseUrl,
                params: { ...scoped(scope), task_id: taskId },
                body: dateFrom === undefined ? {} : { date_from: dateFrom },
                schema: ResetResponse,
                ids: [taskId],
            });
            return { message: res.body.message };
        },
    };
}
