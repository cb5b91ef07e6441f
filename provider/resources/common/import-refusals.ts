// Why each resource cannot be imported where it cannot, said once: the dynamic adapter's Read,
// the plugin's import, and the resource classes (an `import` option in a program) all give it.
import type { ResourceType } from "./types";

const ONE_SHOT = "cannot be imported: it records a one-shot action";

export const IMPORT_REFUSALS: Readonly<Record<ResourceType, string>> = {
    TaskRunState:
        "TaskRunState cannot be imported through the dynamic resource: declare it in the program and run `pulumi up`, which reads the tasks and changes only what differs, or use the roma provider plugin (`pulumi import roma:fdi:TaskRunState <name> <instanceId>/<taskIds>`)",
    TaskProgressReset: `TaskProgressReset ${ONE_SHOT}`,
    DrsJobRetry: `DrsJobRetry ${ONE_SHOT}`,
};
