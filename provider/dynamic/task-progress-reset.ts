// TaskProgressReset in the provider host: a one-shot reset of a composite task's progress.
import { randomUUID } from "node:crypto";
import { diffReplaceOnAnyChange, RESET_KEYS } from "../plan/diff";
import { checkInputs, parseChecked, TaskProgressResetInputs } from "../plan/inputs";
import { getClients, projectIdFor } from "./context";
import { toOutputs, type ResourceHandlers } from "./provider-types";

export const taskProgressReset: ResourceHandlers = {
    async check(_olds, news) {
        return checkInputs(TaskProgressResetInputs, news);
    },

    async diff(_id, olds, news) {
        return diffReplaceOnAnyChange(RESET_KEYS, olds, news);
    },

    async create(props) {
        const inputs = parseChecked(TaskProgressResetInputs, props);
        const { fdi } = getClients();
        const scope = { projectId: projectIdFor(inputs.projectId), instanceId: inputs.instanceId };
        const dateFrom = typeof inputs.dateFrom === "number" ? inputs.dateFrom : undefined;
        // Nothing changes when the reset fails, so a plain error (no partial state) is the truth.
        const { message } = await fdi.resetMultiTask(scope, inputs.taskId, dateFrom);
        const { __provider, ...rest } = props;
        return { id: randomUUID(), outs: toOutputs({ ...rest, dateFrom, message, resetAt: new Date().toISOString() }) };
    },

    // Every input change replaces (diff), so update only carries state forward: no call.
    async update(_id, olds, news) {
        const { __provider, ...rest } = news;
        return { outs: toOutputs({ ...rest, message: olds.message, resetAt: olds.resetAt }) };
    },

    // There is no API to read a reset back; the state is what create recorded.
    async read(id, props) {
        if (!props || props.taskId === undefined) throw new Error("TaskProgressReset cannot be imported: it records a one-shot action");
        return { id, props };
    },

    async delete(_id, props) {
        console.log(`TaskProgressReset: a reset cannot be undone; task ${String(props.taskId)} keeps its progress, the resource only leaves the stack state`);
    },
};
