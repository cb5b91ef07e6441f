// TaskProgressReset as the package declares it (see common/declaration.ts).
import type { ResourceDeclaration } from "../common/declaration";
import { taskProgressReset } from "./handler";

export const TASK_PROGRESS_RESET: ResourceDeclaration = {
    definition: taskProgressReset,
    token: "roma:fdi:TaskProgressReset",
    folder: "task-progress-reset",
    properties: {},
};
