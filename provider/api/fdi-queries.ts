// Reads that choose tasks by what they are (tag, name, type) rather than by ID, and the task
// monitors (last run, schedule). Kept apart from the ID-based reads of fdi-client.ts: these
// page through a filtered result the server narrows, never through the whole instance.
import { InputError } from "../core/errors";
import { ListMonitorInfosResponse, ListTasksResponse, type BriefTask } from "./schemas";
import { normalizeTaskStatus } from "./status";
import type { Transport } from "./transport-types";
import type { FdiClient, FdiScope, ObservedTask, TaskMonitor, TaskQuery, TaskRecord } from "./types";

/** ListTasks refuses an `offset` above this (API page: "offset ... max 20000"). */
export const MAX_LIST_OFFSET = 20_000;

/** Reads of a selection begun again when its size changed while it was paged through. */
const MAX_RESTARTS = 2;

export interface FdiQueryOptions {
    transport: Transport;
    baseUrl: string;
    /** Tasks per ListTasks page (the client's own page size). */
    pageLimit: number;
}

/** Whether a listed task really matches: the server's `name` filter is fuzzy, and the others are re-checked alike. */
export function matchesQuery(t: Pick<TaskRecord, "taskId" | "taskName" | "taskType" | "taskTag">, q: TaskQuery): boolean {
    if (q.taskTag !== undefined && t.taskTag !== q.taskTag) return false;
    if (q.nameContains !== undefined && !(t.taskName ?? "").includes(q.nameContains)) return false;
    if (q.taskType !== undefined && t.taskType !== q.taskType) return false;
    if (q.taskId !== undefined && t.taskId !== q.taskId) return false;
    return true;
}

/** How a query reads in messages: `{ taskTag: "nightly", taskType: "timing" }`. */
export function describeQuery(q: TaskQuery): string {
    const parts = (["taskTag", "nameContains", "taskType", "taskId"] as const).flatMap((k) => (q[k] === undefined ? [] : [`${k}: ${JSON.stringify(q[k])}`]));
    return `{ ${parts.join(", ")} }`;
}

/** A ListTasks or ShowTask entity as the domain type; undefined without a task ID to match it by. */
export function toObserved(e: Pick<BriefTask, "task_id" | "task_name" | "status" | "execute_status" | "ext_type">): ObservedTask | undefined {
    if (!e.task_id) return undefined;
    return {
        taskId: e.task_id,
        taskName: e.task_name ?? undefined,
        ...normalizeTaskStatus(e.status),
        executeStatus: e.execute_status ?? undefined,
        extType: e.ext_type || undefined,
    };
}

/** A ListTasks entity with what selections match on: its type and tag. */
function toRecord(e: BriefTask): TaskRecord | undefined {
    const observed = toObserved(e);
    return observed && { ...observed, taskType: e.task_type ? e.task_type.toLowerCase() : undefined, taskTag: e.task_tag ?? undefined };
}

export function createFdiQueries(opts: FdiQueryOptions): Pick<FdiClient, "findTasks" | "listMonitors"> {
    const { transport, baseUrl, pageLimit } = opts;
    const params = (s: FdiScope) => ({ project_id: s.projectId, instance_id: s.instanceId });

    return {
        async findTasks(scope, query, hooks) {
            let found = new Map<string, TaskRecord>();
            let seen = new Set<string>();
            let offset = 0;
            let calls = 0;
            let firstTotal: number | undefined;
            let restarts = 0;
            for (;;) {
                if (offset > MAX_LIST_OFFSET) {
                    throw new InputError(
                        `ListTasks on instance ${scope.instanceId}: the selector ${describeQuery(query)} matches more than ${MAX_LIST_OFFSET} tasks, ` +
                            `which the API cannot page through; narrow it (add taskTag, nameContains or taskType)`,
                    );
                }
                const res = await transport.send({
                    operation: "ListTasks",
                    baseUrl,
                    params: params(scope),
                    query: { limit: pageLimit, offset, name: query.nameContains, task_type: query.taskType, task_tag: query.taskTag, task_id: query.taskId },
                    schema: ListTasksResponse,
                    onDispatch: hooks?.onDispatch,
                });
                calls++;
                const entities = res.body.entities ?? [];
                let fresh = 0;
                for (const e of entities) {
                    const t = toRecord(e);
                    if (!t || seen.has(t.taskId)) continue;
                    seen.add(t.taskId);
                    fresh++;
                    if (matchesQuery(t, query)) found.set(t.taskId, t);
                }
                offset += entities.length;
                const total = res.body.total ?? undefined;
                // A total that changed between pages means tasks came or went meanwhile: one gone
                // from an earlier page shifts the next page by one, which skips a task. [I] The
                // listing is read again from the start (rarely: only while the selection changes);
                // a task a reader expected and still misses is confirmed by ID (SelectionCoordinator).
                if (offset > entities.length && total !== undefined && firstTotal !== undefined && total !== firstTotal && restarts < MAX_RESTARTS) {
                    restarts++;
                    found = new Map<string, TaskRecord>();
                    seen = new Set<string>();
                    [offset, firstTotal] = [0, undefined];
                    continue;
                }
                firstTotal ??= total;
                // As the ID reads page: `total` when sent, else a short page ends it; a page
                // that brings nothing new (a server ignoring `offset`) ends it too. Entities the
                // re-check drops still count as new, or a fuzzy page would end the listing early.
                const done = total !== undefined ? offset >= total : entities.length < pageLimit;
                if (done || entities.length === 0 || fresh === 0) return { tasks: [...found.values()], calls };
            }
        },

        async listMonitors(scope, filter) {
            const found = new Map<string, TaskMonitor>();
            // [I] `offset` is a 1-based record offset ("the query starts from this offset", at
            // least 1); the emulator does the same. Read as a page number instead, the second
            // page would come back empty and the listing end early: fewer last runs, never a loop.
            let offset = 1;
            for (;;) {
                const res = await transport.send({
                    operation: "ListMonitorInfos",
                    baseUrl,
                    params: params(scope),
                    query: { offset, limit: pageLimit, task_name: filter?.taskName },
                    schema: ListMonitorInfosResponse,
                });
                const entities = res.body.entities ?? [];
                const before = found.size;
                for (const e of entities) {
                    if (!e.task_id) continue;
                    found.set(e.task_id, {
                        taskId: e.task_id,
                        ...(typeof e.last_execute_time === "number" && { lastExecuteTime: e.last_execute_time }),
                        ...(e.cron && { cron: e.cron }),
                        ...(e.period && { period: e.period }),
                        ...(e.execute_status && { executeStatus: e.execute_status }),
                    });
                }
                offset += entities.length;
                const total = res.body.total ?? undefined;
                const done = total !== undefined ? offset - 1 >= total : entities.length < pageLimit;
                if (done || entities.length === 0 || found.size === before) return [...found.values()];
            }
        },
    };
}
