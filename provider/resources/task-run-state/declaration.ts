// TaskRunState as the package declares it (see common/declaration.ts).
import type { ResourceDeclaration } from "../common/declaration";
import { taskRunState } from "./handler";
import { TaskSelector, TaskStatusEntry, TaskView } from "./schema";

export const TASK_RUN_STATE: ResourceDeclaration = {
    definition: taskRunState,
    token: "roma:fdi:TaskRunState",
    folder: "task-run-state",
    properties: {
        selector: { objectType: "roma:fdi:TaskSelector" },
        state: { enumType: "roma:fdi:RunState" },
        onDelete: { enumType: "roma:fdi:OnDelete" },
        tasks: { objectType: "roma:fdi:ObservedTask" },
        taskStatus: { objectType: "roma:fdi:TaskStatus" },
    },
    enums: {
        "roma:fdi:RunState": {
            description: "Desired run state of FDI tasks.",
            values: { started: "The task's switch is on (`status` 1).", stopped: "The task's switch is off (`status` 0)." },
        },
        "roma:fdi:OnDelete": {
            description: "What `pulumi destroy` does to the tasks.",
            values: {
                keep: "Leave the tasks as they are (the default).",
                stop: "Stop every task that is running.",
                restore: "Put each task back to the status it had before this resource first changed it.",
            },
        },
    },
    objectTypes: { "roma:fdi:TaskSelector": TaskSelector, "roma:fdi:ObservedTask": TaskView, "roma:fdi:TaskStatus": TaskStatusEntry },
};
