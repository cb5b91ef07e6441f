// `pulumi-roma-tasks/dynamic`: the implementation the dynamic-provider host loads through each
// resource's serialized shim. This subpath must stay exported, and must accept state written
// by every earlier version (outputs carry `stateVersion`).
import { drsJobRetry } from "../resources/drs-job-retry/handler";
import type { ResourceType } from "../resources/common/handler";
import { taskProgressReset } from "../resources/task-progress-reset/handler";
import { taskRunState } from "../resources/task-run-state/handler";
import { dynamicProvider, type HostProvider } from "./adapter";
import { handlerContext } from "./context";

export { configure } from "./context";

export const providers: Record<ResourceType, HostProvider> = {
    TaskRunState: dynamicProvider(taskRunState, handlerContext),
    TaskProgressReset: dynamicProvider(taskProgressReset, handlerContext),
    DrsJobRetry: dynamicProvider(drsJobRetry, handlerContext),
};
