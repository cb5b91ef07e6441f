// TaskProgressReset: a one-shot reset of a composite task's progress.
import { RomaApiError } from "../../core/errors";
import { UNKNOWN } from "../../core/unknown";
import { oneShotRefusal, type ResourceDefinition, type ResourceHandler } from "../common/handler";
import { checkDateFromPast, TaskProgressResetInputs, TaskProgressResetState } from "./schema";

export const handler: ResourceHandler<TaskProgressResetInputs, TaskProgressResetState> = {
    // Every input replaces (see the schema), which runs the reset again.

    // A create resets (its answer unknown until then); an update carries the last reset forward.
    planned: (olds, news) => ({ ...news, message: olds ? olds.message : UNKNOWN, resetAt: olds ? olds.resetAt : UNKNOWN }),

    async create(ctx, _id, inputs) {
        const scope = { projectId: ctx.projectId(inputs.projectId), instanceId: inputs.instanceId };
        const { fdi } = ctx.api().clients;
        const dateFrom = typeof inputs.dateFrom === "number" ? inputs.dateFrom : undefined;
        // A reset the API refused changed nothing, so a plain error (no partial state) is the
        // truth. One whose answer was lost may have been applied: a plain error too (there is
        // nothing to read back), but it must not read as "nothing happened".
        let message: string | undefined;
        try {
            ({ message } = await fdi.resetMultiTask(scope, inputs.taskId, dateFrom));
        } catch (err) {
            if (err instanceof RomaApiError && err.outcomeUnknown)
                throw err.withHint(
                    `the reset may have been applied (no usable answer came back); check the task's progress in ROMA Connect, and run \`pulumi up\` again to reset again if it was not`,
                );
            throw err;
        }
        return { ...inputs, dateFrom, message, resetAt: new Date(ctx.now()).toISOString() };
    },

    // Reached only when nothing replaces (e.g. after an upgrade): carries state forward, no call.
    async update(_ctx, _id, olds, news) {
        return { ...news, message: olds.message, resetAt: olds.resetAt };
    },

    // There is no API to read a reset back; the state is what create recorded.
    async read(_ctx, _id, state) {
        return state;
    },

    async delete(ctx, _id, state) {
        ctx.log(`TaskProgressReset: a reset cannot be undone; task ${state.taskId} keeps its progress, the resource only leaves the stack state`);
    },
};

export const taskProgressReset: ResourceDefinition<TaskProgressResetInputs, TaskProgressResetState> = {
    type: "TaskProgressReset",
    inputs: TaskProgressResetInputs,
    state: TaskProgressResetState,
    migrations: {},
    crossCheck: checkDateFromPast,
    importRefusal: oneShotRefusal("TaskProgressReset"),
    handler,
};
