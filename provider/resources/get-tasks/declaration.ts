// The getTasks function as the package declares it (see common/declaration.ts); its arguments
// and result are the zod schemas in schema.ts.
import type { PulumiTypes } from "../common/declaration";
import { TaskData } from "./schema";

export const GET_TASKS_FUNCTION: PulumiTypes = {
    token: "roma:fdi:getTasks",
    properties: {
        selector: { objectType: "roma:fdi:TaskSelector" },
        tasks: { objectType: "roma:fdi:TaskData" },
    },
    objectTypes: { "roma:fdi:TaskData": TaskData },
};
