// TaskProgressReset's inputs and stored state.
import { z } from "zod";
import { UNKNOWN } from "../../core/unknown";
import { isUnknown } from "../../core/unknown";
import { instanceId, replaceOnChange, replacingProjectId, resourceId, triggers, type CheckFailure, type Props } from "../common/inputs";
import { futureDateFromProblem, normalizeDateFrom } from "./date-from";

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
export const TaskProgressResetInputs = z
    .strictObject({
        instanceId: replaceOnChange(instanceId()),
        taskId: replaceOnChange(resourceId().describe("The composite (multi) task to reset.")),
        dateFrom: replaceOnChange(
            DateFrom.optional().describe(
                "Where the reset starts: UTC milliseconds, or an ISO-8601 date-time with a zone; stored as UTC milliseconds. Omitted: the API's default.",
            ),
        ),
        projectId: replacingProjectId(),
        triggers: replaceOnChange(triggers().optional().describe("Change any of these values to reset again.")),
    })
    .describe(
        "Resets a composite (multi) task's progress once, and again whenever an input changes (bump a value in `triggers` to reset again). There is no API to read a reset back, so it cannot be imported; `destroy` makes no call.",
    );
export type TaskProgressResetInputs = z.infer<typeof TaskProgressResetInputs>;

export const TaskProgressResetState = z.object({
    ...TaskProgressResetInputs.shape,
    message: z.string().optional().describe("The API's answer, e.g. `Reset Success`."),
    resetAt: z.string().optional().describe("ISO time of the reset."),
    stateVersion: z.number().int().describe("Version of the stored state's shape."),
});
export type TaskProgressResetState = z.infer<typeof TaskProgressResetState>;

/**
 * A `dateFrom` after now, refused before a call (see futureDateFromProblem). It names no property:
 * the reason says it, and the engine prints no Go rendering of the value beside it.
 */
export function checkDateFromPast(inputs: Props, olds: Props): CheckFailure[] {
    if (inputs.dateFrom === undefined || isUnknown(inputs.dateFrom)) return [];
    const problem = futureDateFromProblem(inputs.dateFrom, olds.dateFrom, Date.now());
    return problem === undefined ? [] : [{ property: "", reason: problem }];
}
