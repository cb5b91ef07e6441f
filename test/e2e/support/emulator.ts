// What the end-to-end suite reads back from the emulator: the tasks that run, and the batch
// writes the stack made, in order.
import { DEFAULT_EMULATOR_CREDENTIALS, type RunningEmulator } from "../../../provider/emulator";

/** The emulator's public dummy token; a stack under test gets it only as a secret. */
export const EMULATOR_TOKEN = DEFAULT_EMULATOR_CREDENTIALS.tokens[0];

/** IDs of the tasks whose `status` switch is on. */
export async function runningTasks(emulator: RunningEmulator, instanceId?: string): Promise<Set<string>> {
    const { tasks } = await emulator.admin.state();
    return new Set(tasks.filter((t) => t.status === 1 && (!instanceId || t.instanceId === instanceId)).map((t) => t.taskId));
}

export interface BatchWrite {
    action: string;
    tasks: string[];
}

/** Every start/stop call the emulator answered since its log was last cleared, tasks sorted. */
export async function batchWrites(emulator: RunningEmulator): Promise<BatchWrite[]> {
    return (await emulator.admin.requests())
        .filter((r) => r.operation === "BatchStartOrStopTasks")
        .map((r) => {
            const body = r.body as { action_id: string; list: { task_id: string }[] };
            return { action: body.action_id, tasks: body.list.map((t) => t.task_id).sort() };
        });
}
