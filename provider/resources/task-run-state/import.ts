// `pulumi import` of a TaskRunState: the tasks an import ID names, read as the resource would hold them.
import { InputError } from "../../core/errors";
import { checkId } from "../../core/ids";
import type { HandlerContext, Props, Written } from "../common/handler";
import { MAX_IDS } from "../common/inputs";
import { described } from "./converge";
import { observedTaskStatus, recordInitialStatuses } from "./plan";
import { viewsOf } from "./reading";
import { TaskRunStateInputs, type TaskRunStateState } from "./schema";

/** `<instanceId>/<taskId>,<taskId>,...` or `<projectId>/<instanceId>/<taskIds>`. */
export function parseImportId(importId: string): { projectId?: string; instanceId: string; taskIds: string[] } {
    const parts = importId.split("/");
    const usage = "use <instanceId>/<taskId>,<taskId>,... or <projectId>/<instanceId>/<taskId>,...";
    if (parts.length < 2 || parts.length > 3) throw new InputError(`TaskRunState import ID ${JSON.stringify(importId)} is not understood: ${usage}`);
    const projectId = parts.length === 3 ? parts[0] : undefined;
    const [instanceId, list] = parts.slice(-2) as [string, string];
    const taskIds = list.split(",").map((t) => t.trim());
    // Before any ID is read: each would cost a call, only for the inputs to be refused at the end.
    if (taskIds.length > MAX_IDS)
        throw new InputError(
            `TaskRunState import ID lists ${taskIds.length} task IDs; a TaskRunState holds at most ${MAX_IDS}: split them over several imports (one resource each)`,
        );
    if (projectId !== undefined) checkId("TaskRunState import: projectId", projectId);
    checkId("TaskRunState import: instanceId", instanceId);
    taskIds.forEach((t, i) => checkId(`TaskRunState import: task ${i + 1}`, t));
    const dup = taskIds.find((t, i) => taskIds.indexOf(t) !== i);
    if (dup !== undefined) throw new InputError(`TaskRunState import ID lists task ${dup} twice`);
    return { ...(projectId !== undefined && { projectId }), instanceId, taskIds };
}

/**
 * Reads the tasks an import ID names: `state` is their common status. Tasks in different
 * statuses are two resources' worth, and a missing or unknown task has no state to keep.
 */
export async function adopt(ctx: HandlerContext, importId: string): Promise<{ inputs: Props; state: Written<TaskRunStateState> }> {
    const { projectId, instanceId, taskIds } = parseImportId(importId);
    const scope = { projectId: ctx.projectId(projectId), instanceId };
    const { tasks } = ctx.api();
    const views = viewsOf(taskIds, await tasks.verify(scope, taskIds, tasks.mark()));
    const odd = views.filter((v) => v.status !== "started" && v.status !== "stopped");
    if (odd.length > 0) {
        const list = odd.map((v) => `${v.taskId} (${v.status === "missing" ? "not found in this instance" : described(v)})`).join(", ");
        throw new InputError(`TaskRunState import on instance ${instanceId}: ${list}; import only tasks that exist and are started or stopped`);
    }
    const byStatus = (s: string) => views.filter((v) => v.status === s).map((v) => v.taskId);
    const [startedIds, stoppedIds] = [byStatus("started"), byStatus("stopped")];
    if (startedIds.length > 0 && stoppedIds.length > 0) {
        throw new InputError(
            `TaskRunState import on instance ${instanceId}: the tasks are in different states (started: ${startedIds.join(", ")}; stopped: ${stoppedIds.join(", ")}); ` +
                `split them into one import per state, e.g. ${[projectId, instanceId, startedIds.join(",")].filter(Boolean).join("/")}`,
        );
    }
    const inputs = TaskRunStateInputs.parse({
        instanceId,
        taskIds,
        state: startedIds.length > 0 ? "started" : "stopped",
        ...(projectId !== undefined && { projectId }),
    });
    return { inputs, state: { ...inputs, tasks: views, initialStatuses: recordInitialStatuses(undefined, views), taskStatus: observedTaskStatus(views) } };
}
