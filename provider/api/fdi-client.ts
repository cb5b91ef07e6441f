// ROMA Connect FDI task calls: list, show, batch start/stop, composite-task reset.
import { RomaApiError, ResponseValidationError, type ItemFailure } from "../core/errors";
import { checkId } from "../core/ids";
import { createFdiQueries, toObserved } from "./fdi-queries";
import { chunk, mapWithConcurrency } from "./pool";
import { BatchOperateResponse, ListTasksResponse, ResetResponse, ShowTaskResponse, type TaskBeanFacade } from "./schemas";
import type { Transport } from "./transport-types";
import type { BatchOperationResult, FdiClient, FdiScope, ListTasksFilter, ObservedTask, ReadHooks, TaskAction, TaskOutcome } from "./types";

/** Documented maximum of `list` in one batch call. */
export const BATCH_LIMIT = 10;
/** The SDK comment says pages above 999 are cut to 999. */
export const PAGE_LIMIT = 999;
/**
 * ListTasks refuses an `offset` above this (400 FDI.3033 "Invalid parameter [offset]"; its API
 * page, https://support.huaweicloud.com/intl/en-us/api-roma/ListTasks.html, gives offset
 * 0-20000): tasks past it are reachable only by filters.
 */
export const MAX_LIST_OFFSET = 20000;

/** A listing of an instance as far as it went. */
export interface InstanceListing {
    /** In the API's order: the index of a task is its position in the instance. */
    tasks: ObservedTask[];
    /** The instance's size, when the API sent it. */
    total?: number;
    /** Pages read. */
    pages: number;
    /** False when the listing stopped before its end (at `more`'s word, or past the offset limit). */
    complete: boolean;
}

/**
 * Pages through ListTasks from offset 0. `more` is asked once, with the first page: false ends the
 * listing there (a caller that finds reading the few tasks it lacks by ID cheaper than the pages left).
 */
export async function pageThrough(
    listPage: FdiClient["listPage"],
    scope: FdiScope,
    filter: ListTasksFilter | undefined,
    hooks: ReadHooks | undefined,
    more?: (first: { tasks: readonly ObservedTask[]; total?: number }) => boolean,
): Promise<InstanceListing> {
    const tasks = new Map<string, ObservedTask>();
    let offset = 0;
    let total: number | undefined;
    for (let pages = 1; ; pages++) {
        const page = await listPage(scope, offset, filter, hooks);
        const before = tasks.size;
        for (const t of page.tasks) tasks.set(t.taskId, t);
        offset += page.entities;
        total = page.total ?? total;
        // `total`, when sent, says when to stop (a server may cap pages below our limit);
        // without it a short page is the last one. A page that brings nothing new (a
        // server ignoring `offset`) ends the listing instead of looping on it.
        const done = page.total !== undefined ? offset >= page.total : page.entities < PAGE_LIMIT;
        if (done || page.entities === 0 || tasks.size === before) return { tasks: [...tasks.values()], total, pages, complete: true };
        // Past the offset limit the listing is incomplete: callers read the tasks it lacks by ID.
        if (offset > MAX_LIST_OFFSET || (pages === 1 && more && !more({ tasks: page.tasks, total: page.total })))
            return { tasks: [...tasks.values()], total, pages, complete: false };
    }
}

export interface FdiClientOptions {
    transport: Transport;
    endpoint: string;
    concurrency?: number;
}

function toOutcome(taskId: string, f: TaskBeanFacade): TaskOutcome {
    return { taskId, taskName: f.task_name ?? undefined, errorCode: f.error_code ?? undefined, errorMessage: f.error_msg ?? undefined };
}

/**
 * What a whole call's failure says of its tasks. An answer the API gave (a 4xx) refused them;
 * no answer, a 5xx or an answer we cannot read leaves the outcome unknown: the call may have
 * acted, so the tasks are re-read, not assumed failed.
 */
function chunkFailure(err: unknown): { unknown: boolean; errorCode: NonNullable<ItemFailure["errorCode"]>; errorMessage: string } {
    if (err instanceof ResponseValidationError) return { unknown: true, errorCode: "INVALID_RESPONSE", errorMessage: `${err.message}; outcome unknown` };
    if (err instanceof RomaApiError) {
        const unknown = err.httpStatus === undefined || err.httpStatus >= 500;
        return {
            unknown,
            errorCode: err.errorCode ?? (err.httpStatus ? `HTTP ${err.httpStatus}` : "REQUEST_FAILED"),
            errorMessage: unknown ? `${err.message}; outcome unknown` : err.message,
        };
    }
    return { unknown: true, errorCode: "REQUEST_FAILED", errorMessage: `${err instanceof Error ? err.message : String(err)}; outcome unknown` };
}

export function createFdiClient(opts: FdiClientOptions): FdiClient {
    const { transport } = opts;
    const concurrency = opts.concurrency ?? 4;
    const scoped = (s: FdiScope) => ({ project_id: s.projectId, instance_id: s.instanceId });
    const baseUrl = opts.endpoint;

    const listPage: FdiClient["listPage"] = async (scope, offset, filter, hooks) => {
        const res = await transport.send({
            operation: "ListTasks",
            baseUrl,
            params: scoped(scope),
            query: { limit: PAGE_LIMIT, offset, task_id: filter?.taskId },
            schema: ListTasksResponse,
            ids: filter?.taskId ? [filter.taskId] : undefined,
            onDispatch: hooks?.onDispatch,
        });
        // An empty result may omit `entities`; `total` and `size` may be absent too.
        const entities = res.body.entities ?? [];
        const tasks = entities.flatMap((e) => toObserved(e) ?? []);
        return { tasks, entities: entities.length, total: res.body.total ?? undefined };
    };

    return {
        ...createFdiQueries({ transport, baseUrl, pageLimit: PAGE_LIMIT }),

        reportsDispatch: transport.reportsDispatch === true,

        listPage,

        async listTasks(scope, filter, hooks) {
            return (await pageThrough(listPage, scope, filter, hooks)).tasks;
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
                // TaskBasicRsp may omit task_id like every field; the ID asked for is the one answered.
                return toObserved({ ...res.body.task, task_id: res.body.task.task_id || taskId });
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
            const result: BatchOperationResult = { action, succeeded: [], failed: [], unconfirmed: [], calls: chunks.length };
            settled.forEach((s, i) => {
                if (!s.ok) {
                    // A whole call failed: only its tasks are affected, the other calls' outcomes stand.
                    const { unknown, ...f } = chunkFailure(s.error);
                    for (const taskId of chunks[i]) (unknown ? result.unconfirmed : result.failed).push({ taskId, ...f });
                    return;
                }
                // Each task is judged by its own item; the counts are informational only.
                const asked = new Set(chunks[i]);
                const seen = new Set<string>();
                const unattributed: string[] = [];
                const take = (items: readonly TaskBeanFacade[] | null | undefined, into: TaskOutcome[], answered?: string) => {
                    for (const f of items ?? []) {
                        if (!f.task_id || !asked.has(f.task_id) || seen.has(f.task_id)) {
                            if (f.error_code || f.error_msg) unattributed.push([f.error_code, f.error_msg].filter(Boolean).join(" "));
                            continue;
                        }
                        seen.add(f.task_id);
                        into.push({ ...toOutcome(f.task_id, f), ...(answered !== undefined && { requestId: answered }) });
                    }
                };
                // An accepted task keeps the request ID, for a message if it never shows the change.
                take(s.value.body.success, result.succeeded, s.value.requestId);
                take(s.value.body.failure, result.failed);
                const also = unattributed.length > 0 ? `; it also reported, for no task of this call: ${unattributed.join("; ")}` : "";
                for (const taskId of chunks[i]) {
                    if (!seen.has(taskId)) {
                        result.unconfirmed.push({
                            taskId,
                            errorCode: "NO_RESULT",
                            errorMessage: `the API returned no result for this task (request ID ${s.value.requestId ?? "unknown"})${also}`,
                        });
                    }
                }
            });
            return result;
        },

        async resetMultiTask(scope, taskId, dateFrom) {
            try {
                const res = await transport.send({
                    operation: "ResetMultiTaskOffset",
                    baseUrl,
                    params: { ...scoped(scope), task_id: taskId },
                    body: dateFrom === undefined ? {} : { date_from: dateFrom },
                    schema: ResetResponse,
                    ids: [taskId],
                });
                return { message: res.body.message ?? undefined };
            } catch (err) {
                // The 2xx status is the reset's outcome; a body we cannot read must not lose it.
                if (err instanceof ResponseValidationError && err.httpStatus !== undefined && err.httpStatus >= 200 && err.httpStatus <= 299)
                    return { message: undefined };
                throw err;
            }
        },
    };
}
