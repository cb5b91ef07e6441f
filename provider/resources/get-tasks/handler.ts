// getTasks: tasks as data, by ID or by selector, optionally with their last run and schedule.
// One implementation behind both entry points: the plugin's Invoke (`roma:fdi:getTasks`) and
// the TypeScript `getTasks`, which runs it in the program's own process.
import type { FdiScope, TaskMonitor, TaskRecord } from "../../api/types";
import { FILTERED_READS_MAX } from "../../coordinator/tasks";
import { InputError } from "../../core/errors";
import type { HandlerContext } from "../common/handler";
import { checkInputs, type CheckFailure, type Props } from "../common/inputs";
import { checkGetTasksChoice, GetTasksArgs, type GetTasksResult, type TaskData } from "./schema";

/** The arguments as given (e.g. an Invoke's), checked: the failures name each bad one. */
export function checkGetTasksArgs(raw: Props): { args?: GetTasksArgs; failures: CheckFailure[] } {
    const r = checkInputs(GetTasksArgs, raw, checkGetTasksChoice);
    if (r.failures.length > 0) return { failures: r.failures };
    return { args: GetTasksArgs.parse(r.inputs), failures: [] };
}

async function byIds(ctx: HandlerContext, scope: FdiScope, taskIds: readonly string[]): Promise<TaskRecord[]> {
    const { selections } = ctx.api();
    const found = new Map<string, TaskRecord>();
    // Through the selection reads: they keep each task's type and tag, which the ID reads drop.
    const reads =
        taskIds.length <= FILTERED_READS_MAX
            ? await Promise.all(taskIds.map((taskId) => selections.select(scope, { taskId })))
            : [await selections.select(scope, {})];
    for (const r of reads) for (const t of r.tasks) found.set(t.taskId, t);
    const missing = taskIds.filter((id) => !found.has(id));
    if (missing.length > 0) {
        throw new InputError(
            `getTasks on instance ${scope.instanceId}: ${missing.length} task(s) not found: ${missing.join(", ")}; check the task IDs and the instance (and projectId)`,
        );
    }
    return taskIds.map((id) => found.get(id) as TaskRecord);
}

/**
 * A last run as an ISO date, or absent (said once, naming the task) when the API's milliseconds
 * lie outside what a JavaScript Date holds (±8.64e15 ms around 1970): one odd task must not cost
 * the caller every other task's data.
 */
function lastRunOf(ctx: HandlerContext, scope: FdiScope, t: TaskRecord, ms: number | undefined): string | undefined {
    if (ms === undefined) return undefined;
    const when = new Date(ms);
    if (!Number.isNaN(when.getTime())) return when.toISOString();
    ctx.log(
        `getTasks on instance ${scope.instanceId}: task ${t.taskId}: lastExecuteTime ${ms} (ListMonitorInfos last_execute_time) is outside the dates JavaScript can hold; ` +
            "left out of this task's data (the other fields and tasks are as the API gave them)",
    );
    return undefined;
}

function toData(t: TaskRecord, monitor: TaskMonitor | undefined, lastExecuteTime?: string): TaskData {
    return {
        taskId: t.taskId,
        taskName: t.taskName ?? "",
        taskType: t.taskType ?? "",
        taskTag: t.taskTag ?? "",
        status: t.status,
        executeStatus: t.executeStatus ?? monitor?.executeStatus ?? "",
        ...(lastExecuteTime !== undefined && { lastExecuteTime }),
        ...(monitor?.cron !== undefined && { cron: monitor.cron }),
        ...(monitor?.period !== undefined && { period: monitor.period }),
    };
}

/**
 * Both entry points (the plugin's Invoke and the TypeScript function) call this. Whatever a server
 * echoed (a token in a task's name, in an error body) is removed from the result and the error,
 * as the resources' outputs are (common/operations.ts): a program stores the result as it likes.
 */
export async function getTasksWith(ctx: HandlerContext, args: GetTasksArgs): Promise<GetTasksResult> {
    try {
        return ctx.redactor.value(await read(ctx, args));
    } catch (err) {
        throw ctx.redactor.error(err);
    }
}

async function read(ctx: HandlerContext, args: GetTasksArgs): Promise<GetTasksResult> {
    const scope = { projectId: ctx.projectId(args.projectId), instanceId: args.instanceId };
    const tasks =
        args.selector !== undefined ? [...(await ctx.api().selections.select(scope, args.selector)).tasks] : await byIds(ctx, scope, args.taskIds ?? []);
    if (!args.withLastRun || tasks.length === 0) return { tasks: tasks.map((t) => toData(t, undefined)) };
    // ListMonitorInfos filters by name only: a selector's name narrows it, anything else reads every page.
    const monitors = await ctx
        .api()
        .clients.fdi.listMonitors(scope, args.selector?.nameContains === undefined ? undefined : { taskName: args.selector.nameContains });
    const byId = new Map(monitors.map((m) => [m.taskId, m]));
    return {
        tasks: tasks.map((t) => {
            const monitor = byId.get(t.taskId);
            return toData(t, monitor, lastRunOf(ctx, scope, t, monitor?.lastExecuteTime));
        }),
    };
}
