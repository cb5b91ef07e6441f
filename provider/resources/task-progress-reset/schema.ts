// TaskProgressReset's inputs and stored state.
import { z } from "zod";
import { UNKNOWN } from "../../core/unknown";
import { replaceOnChange, resourceId, triggers } from "../common/inputs";
import { normalizeDateFrom } from "./date-from";

const DateFrom = z.union([z.number(), z.string()], { error: "must be a number (UTC milliseconds) or an ISO-8601 string" }).transform((v, ctx) => {
    if (v === UNKNOWN) return v;
    const r = normalizeDateFrom(v);
    if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.reason });
        return z.NEVER;
    }
    return r.ms;
});

// Every input replaces: a reset is a one-shot action, and running it again is what a change asks for.
export const TaskProgressResetInputs = z.strictObject({
    instanceId: replaceOnChange(resourceId()),
    taskId: replaceOnChange(resourceId()),
    dateFrom: replaceOnChange(DateFrom.optional()),
    projectId: replaceOnChange(resourceId().optional()),
    triggers: replaceOnChange(triggers().optional()),
});
export type TaskProgressResetInputs = z.infer<typeof TaskProgressResetInputs>;

export const TaskProgressResetState = z.object({
    ...TaskProgressResetInputs.shape,
    /** The API's answer, e.g. "Reset Success". */
    message: z.string().optional(),
    /** ISO time of the reset. */
    resetAt: z.string().optional(),
    stateVersion: z.number().int(),
});
export type TaskProgressResetState = z.infer<typeof TaskProgressResetState>;
