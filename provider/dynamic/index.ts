// `pulumi-roma-tasks/dynamic`: the implementation the dynamic-provider host loads through each
// resource's serialized shim. This subpath must stay exported, and must accept state written
// by every earlier version (outputs carry `stateVersion`). Its declarations name only plain
// types (types.ts), so they compile in any user project.
import { drsJobRetry } from "../resources/drs-job-retry/handler";
import type { ResourceType } from "../resources/common/types";
import { taskProgressReset } from "../resources/task-progress-reset/handler";
import { taskRunState } from "../resources/task-run-state/handler";
import { dynamicProvider } from "./adapter";
import { configure as configureContext, handlerContext, statusFor } from "./context";
import type { ConfigureRequest, HostProvider } from "./types";

export type { ConfigureRequest, HostProvider } from "./types";

/** Called by the host with the stack config before any resource method. */
export const configure: (req: ConfigureRequest) => Promise<void> = configureContext;

export const providers: Record<ResourceType, HostProvider> = {
    TaskRunState: dynamicProvider(taskRunState, handlerContext, statusFor),
    TaskProgressReset: dynamicProvider(taskProgressReset, handlerContext),
    DrsJobRetry: dynamicProvider(drsJobRetry, handlerContext, statusFor),
};
