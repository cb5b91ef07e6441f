// getTasks' arguments and result: the source of the plugin's function schema and of the checks
// both entry points (the plugin's Invoke, the TypeScript function) make.
import { z } from "zod";
import type { Assert, Equal } from "../../core/type-checks";
import { idList, resourceId } from "../common/inputs";
import { checkTaskChoice, TaskSelector } from "../task-run-state/schema";
import type * as Public from "./types";

export const GetTasksArgs = z.strictObject({
    instanceId: resourceId(),
    projectId: resourceId().optional(),
    taskIds: idList("task").optional(),
    selector: TaskSelector.optional(),
    withLastRun: z.boolean({ error: "must be true or false" }).default(false),
});
export type GetTasksArgs = z.infer<typeof GetTasksArgs>;

/** The same rule as TaskRunState's: exactly one of taskIds and selector. */
export const checkGetTasksChoice = checkTaskChoice;

export const TaskData = z.object({
    taskId: z.string(),
    taskName: z.string(),
    taskType: z.string(),
    taskTag: z.string(),
    status: z.enum(["started", "stopped", "unknown"]),
    executeStatus: z.string(),
    lastExecuteTime: z.string().optional(),
    cron: z.string().optional(),
    period: z.string().optional(),
});
export type TaskData = z.infer<typeof TaskData>;

export const GetTasksResult = z.object({ tasks: z.array(TaskData) });
export type GetTasksResult = z.infer<typeof GetTasksResult>;

/** The zod-free public types (types.ts) must be exactly what these schemas accept and hold. */
export type PublicTypesMatch = [
    Assert<Equal<keyof Public.GetTasksArgs, keyof z.input<typeof GetTasksArgs>>>,
    Assert<Equal<Public.GetTasksArgs["selector"], z.input<typeof GetTasksArgs>["selector"]>>,
    Assert<Equal<keyof Public.TaskData, keyof TaskData>>,
    Assert<Equal<Public.TaskData["status"], TaskData["status"]>>,
    Assert<Equal<keyof Public.GetTasksResult, keyof GetTasksResult>>,
];
