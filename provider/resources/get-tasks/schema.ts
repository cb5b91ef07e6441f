// getTasks' arguments and result: the source of the plugin's function schema and of the checks
// both entry points (the plugin's Invoke, the TypeScript function) make.
import { z } from "zod";
import type { Assert, Equal } from "../../core/type-checks";
import { idList, instanceId, projectId, type CheckFailure, type Props } from "../common/inputs";
import { checkTaskChoice, EXECUTE_STATUS_DOC, TaskSelector } from "../task-run-state/schema";
import type * as Public from "./types";

export const GetTasksArgs = z
    .strictObject({
        instanceId: instanceId(),
        projectId: projectId(),
        taskIds: idList("task")
            .optional()
            .describe("These tasks, in this order; a task the instance does not list fails the call. Give either this or `selector`."),
        selector: TaskSelector.optional().describe("The tasks this selector matches (none is an empty list). Give either this or `taskIds`."),
        withLastRun: z.boolean({ error: "must be true or false" }).default(false).describe("Also read each task's last run and schedule (ListMonitorInfos)."),
    })
    .describe(
        "Reads ROMA Connect FDI tasks as data, by ID or by selector (exactly one), with each task's last run and schedule when `withLastRun` is set. It reads the API whenever the program runs, previews included.",
    );
export type GetTasksArgs = z.infer<typeof GetTasksArgs>;

/**
 * The same rule as TaskRunState's: exactly one of taskIds and selector. An invoke's failures are
 * printed as `reason (property)`, with no value (`@pulumi/pulumi` runtime/invoke.js), so here the
 * failure names the property the user would change.
 */
export const checkGetTasksChoice = (inputs: Props): CheckFailure[] =>
    checkTaskChoice(inputs).map((f) => ({ ...f, property: inputs.selector !== undefined && inputs.selector !== null ? "selector" : "taskIds" }));

export const TaskData = z
    .object({
        taskId: z.string().describe("The task ID."),
        taskName: z.string().describe("The task's name; empty when the API gives none."),
        taskType: z.string().describe("`realtime` or `timing`; empty when the API gives none."),
        taskTag: z.string().describe("The task's tag; empty when it has none."),
        status: z
            .enum(["started", "stopped", "unknown"])
            .describe("`started` or `stopped` (the task's switch); `unknown` for a status value the API does not document."),
        executeStatus: z.string().describe(EXECUTE_STATUS_DOC),
        lastExecuteTime: z.string().optional().describe("With `withLastRun`: when the last run started, ISO 8601 in UTC."),
        cron: z.string().optional().describe("With `withLastRun`: the schedule's cron expression."),
        period: z.string().optional().describe("With `withLastRun`: the schedule's period (`MIN`, `HOUR`, `DAY`, `WEEK`, `MON`)."),
    })
    .describe("An FDI task as data.");
export type TaskData = z.infer<typeof TaskData>;

export const GetTasksResult = z.object({ tasks: z.array(TaskData).describe("The tasks read.") });
export type GetTasksResult = z.infer<typeof GetTasksResult>;

/** The zod-free public types (types.ts) must be exactly what these schemas accept and hold. */
export type PublicTypesMatch = [
    Assert<Equal<keyof Public.GetTasksArgs, keyof z.input<typeof GetTasksArgs>>>,
    Assert<Equal<Public.GetTasksArgs["selector"], z.input<typeof GetTasksArgs>["selector"]>>,
    Assert<Equal<keyof Public.TaskData, keyof TaskData>>,
    Assert<Equal<Public.TaskData["status"], TaskData["status"]>>,
    Assert<Equal<keyof Public.GetTasksResult, keyof GetTasksResult>>,
];
