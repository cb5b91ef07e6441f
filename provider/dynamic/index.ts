// `pulumi-roma-tasks/dynamic`: the implementation the dynamic-provider host loads through each
// resource's serialized shim. This subpath must stay exported, and must accept state written
// by every earlier version (outputs carry `stateVersion`).
import { drsJobRetry } from "./drs-job-retry";
import { taskProgressReset } from "./task-progress-reset";
import { taskRunState } from "./task-run-state";
import type { ResourceHandlers } from "./provider-types";

export { configure } from "./context";

export const providers: Record<"TaskRunState" | "TaskProgressReset" | "DrsJobRetry", ResourceHandlers> = {
    TaskRunState: taskRunState,
    TaskProgressReset: taskProgressReset,
    DrsJobRetry: drsJobRetry,
};
