// The emulated FDI task API, following Huawei's API pages (support.huaweicloud.com/intl/en-us/api-roma/:
// BatchStartOrStopTasks.html, ResetMultiTaskOffset.html, ErrorCode_fdi.html). Behaviour the
// docs leave open is marked [I] and listed in the README's emulator table.
import { z } from "zod";
import type { StoredTask } from "./model";
import { apiError, type Reply } from "./reply";
import type { Store } from "./store";

export interface FdiParams {
    projectId: string;
    instanceId: string;
    taskId?: string;
}

const BatchBody = z.object({ action_id: z.string().optional(), list: z.array(z.object({ task_id: z.string().optional() })).optional() });
const ResetBody = z.object({ date_from: z.number().optional() }).loose();

function brief(t: StoredTask) {
    return {
        task_id: t.taskId,
        task_name: t.taskName,
        task_type: t.taskType,
        status: t.status,
        created_date: new Date(t.createdAt * 1000).toISOString(),
        version: "1",
        last_modified_time: t.lastModified,
        execute_status: t.executeStatus,
        ext_type: t.extType,
        task_tag: t.taskTag,
    };
}

/**
 * The documented ListTasks filters (Go SDK `model_list_tasks_request.go`): `name` a fuzzy
 * (substring, case-sensitive [I]) match of the task name, `status` 0/1, `execute_status`,
 * `task_type` (sent in lower case, compared without case), `task_tag`, `task_id`. An empty value
 * filters nothing [I].
 */
function matchesFilters(t: StoredTask, q: URLSearchParams): boolean {
    const get = (k: string) => {
        const v = q.get(k);
        return v === null || v === "" ? undefined : v;
    };
    const name = get("name");
    const status = get("status");
    const executeStatus = get("execute_status");
    const taskType = get("task_type");
    const taskTag = get("task_tag");
    const taskId = get("task_id");
    if (taskId !== undefined && t.taskId !== taskId) return false;
    if (name !== undefined && !t.taskName.includes(name)) return false;
    if (status !== undefined && String(t.status) !== status) return false;
    if (executeStatus !== undefined && t.executeStatus !== executeStatus) return false;
    if (taskType !== undefined && t.taskType.toLowerCase() !== taskType.toLowerCase()) return false;
    if (taskTag !== undefined && t.taskTag !== taskTag) return false;
    return true;
}

export function listTasks(store: Store, p: FdiParams, query: URLSearchParams): Reply {
    const limitRaw = query.get("limit");
    const offsetRaw = query.get("offset");
    let limit = limitRaw === null ? 10 : Number(limitRaw);
    let offset = offsetRaw === null ? 0 : Number(offsetRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return apiError(400, "FDI.3033", "Invalid parameter [limit].");
    if (!Number.isInteger(offset) || offset > 20000) return apiError(400, "FDI.3033", "Invalid parameter [offset].");
    offset = Math.max(0, offset); // docs: a negative offset is treated as 0
    limit = Math.min(limit, 999); // SDK comment: above 999 only 999 come back [I]
    const status = query.get("status");
    if (status !== null && status !== "" && status !== "0" && status !== "1") return apiError(400, "FDI.3033", "Invalid parameter [status]."); // [I]
    const all = store.listTasks(p.projectId, p.instanceId).filter((t) => matchesFilters(t, query));
    const page = all.slice(offset, offset + limit);
    return { status: 200, body: { total: all.length, size: page.length, entities: page.map(brief) } };
}

/**
 * ListMonitorInfos (https://support.huaweicloud.com/intl/en-us/api-roma/ListMonitorInfos.html):
 * `offset` is a 1-based record offset [I] ("the query starts from this offset", at least 1; 0
 * is read as 1), `limit` default 10 and above 999 cut to 999 (as ListTasks), `task_name` a
 * case-sensitive substring, `execute_status` exact.
 */
export function listMonitors(store: Store, p: FdiParams, query: URLSearchParams): Reply {
    const limitRaw = query.get("limit");
    const offsetRaw = query.get("offset");
    const limit = limitRaw === null ? 10 : Number(limitRaw);
    const offset = offsetRaw === null ? 1 : Number(offsetRaw);
    if (!Number.isInteger(limit) || limit < 0 || limit > 999999) return apiError(400, "FDI.3033", "Invalid parameter [limit].");
    if (!Number.isInteger(offset) || offset < 0 || offset > 999999) return apiError(400, "FDI.3033", "Invalid parameter [offset].");
    const name = query.get("task_name") || undefined;
    const executeStatus = query.get("execute_status") || undefined;
    const all = store
        .listTasks(p.projectId, p.instanceId)
        .filter((t) => (name === undefined || t.taskName.includes(name)) && (executeStatus === undefined || t.executeStatus === executeStatus));
    const start = Math.max(1, offset) - 1;
    const page = all.slice(start, start + Math.min(limit, 999));
    return {
        status: 200,
        body: {
            total: all.length,
            size: page.length,
            entities: page.map((t) => ({
                task_id: t.taskId,
                task_name: t.taskName,
                task_type: t.taskType,
                status: t.status,
                last_execute_time: t.lastExecuteTime,
                use_quartz_cron: t.cron !== undefined,
                cron: t.cron,
                period: t.period,
                execute_status: t.executeStatus,
            })),
        },
    };
}

export function showTask(store: Store, p: FdiParams): Reply {
    const t = store.getTask(p.projectId, p.instanceId, p.taskId ?? "");
    if (!t) return apiError(404, "FDI.3081", "The task does not exist.");
    // As the SDK model TaskBasicRsp (`model_task_basic_rsp.go`) declares it: status "stop"/"running"
    // (while ListTasks sends 0/1), task_type in lower case, and no execute_status or ext_type.
    return {
        status: 200,
        body: {
            task: {
                task_id: t.taskId,
                task_name: t.taskName,
                task_type: t.taskType.toLowerCase(),
                status: t.status === 1 ? "running" : "stop",
                project_id: p.projectId,
                created_date: t.createdAt,
                last_modified_date: t.lastModified,
                task_tag: t.taskTag,
            },
            task_detail: "{}",
        },
    };
}

export function batchOperate(store: Store, p: FdiParams, raw: unknown): Reply {
    const parsed = BatchBody.safeParse(raw);
    if (!parsed.success) return apiError(400, "FDI.3002", "Invalid parameters.");
    const { action_id, list } = parsed.data;
    if (action_id !== "start" && action_id !== "stop") return apiError(400, "FDI.3002", "Invalid parameters.");
    if (!list || list.length === 0) return apiError(400, "FDI.3150", "The task list is empty.");
    if (list.length > 10) return apiError(400, "FDI.3033", "Invalid parameter [list]."); // [I] docs give no code
    if (list.some((i) => !i.task_id)) return apiError(400, "FDI.3022", "One or more tasks have empty task IDs.");
    const success: object[] = [];
    const failure: object[] = [];
    let changed = false;
    for (const { task_id } of list) {
        const id = task_id as string;
        const t = store.getTask(p.projectId, p.instanceId, id);
        if (!t) {
            failure.push({ task_id: id, error_code: "FDI.3021", error_msg: "One or more tasks do not exist." });
            continue;
        }
        if (action_id === "start") {
            if (t.status === 1) {
                failure.push({ task_id: id, task_name: t.taskName, error_code: "FDI.3023", error_msg: "One or more tasks are running." });
                continue;
            }
            if (!t.scheduled) {
                failure.push({
                    task_id: id,
                    task_name: t.taskName,
                    error_code: "FDI.3083",
                    error_msg: "One or more scheduled tasks are not configured with scheduled plans.",
                });
                continue;
            }
            t.status = 1;
            t.executeStatus = t.taskType === "REALTIME" ? "RUNNING" : "WAITING";
        } else if (t.status === 1) {
            t.status = 0;
            if (t.executeStatus === "RUNNING" || t.executeStatus === "WAITING") t.executeStatus = "CANCELLED";
        } // stopping a stopped task succeeds without change [I]
        t.lastModified = Date.now();
        changed = true;
        success.push({ task_id: id, task_name: t.taskName });
    }
    if (changed) store.save();
    return { status: 200, body: { success_count: success.length, failure_count: failure.length, success, failure } };
}

export function resetMultiTask(store: Store, p: FdiParams, raw: unknown): Reply {
    const parsed = ResetBody.safeParse(raw ?? {});
    const dateFrom = parsed.success ? parsed.data.date_from : undefined;
    if (!parsed.success || (dateFrom !== undefined && (!Number.isInteger(dateFrom) || dateFrom < 1))) return apiError(400, "FDI.3002", "Invalid parameters.");
    const t = store.getTask(p.projectId, p.instanceId, p.taskId ?? "");
    if (!t) return apiError(404, "FDI.3081", "The task does not exist.");
    if (!t.extType) return apiError(400, "FDI.3033", "Invalid parameter [task_id]."); // [I] not a composite task
    if (!t.scheduled) return apiError(404, "FDI.3083", "One or more scheduled tasks are not configured with scheduled plans.");
    t.lastReset = { dateFrom, at: new Date().toISOString() };
    t.resets += 1;
    store.save();
    return { status: 200, body: { message: "Reset Success" } };
}
