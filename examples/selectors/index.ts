// Keep every FDI task tagged `nightly` running, whichever tasks carry the tag today: a task
// tagged in the console is found by the next refresh (Pulumi.yaml sets `refresh: always`) and
// started by that `up`; an untagged one is left as it is and named in the log. The tasks' last
// runs and schedules are exported as data with getTasks.
// IDs come from stack config (`example:*`); the defaults match the emulator's demo data
// (`roma-emulator --demo`).
import * as pulumi from "@pulumi/pulumi";
import { getTasksOutput, OnDelete, RunState, TaskRunState } from "pulumi-roma-tasks";

const config = new pulumi.Config("example");
const instanceId = config.get("instanceId") ?? "roma-nightly-inst";
const selector = { taskTag: config.get("tag") ?? "nightly" };

const nightly = new TaskRunState("nightly", { instanceId, selector, state: RunState.Started, onDelete: OnDelete.Restore });

// Read whenever the program runs. Its one input taken from the resource's output makes it wait
// for the resource (a first `up` then shows the tasks started), and a preview of a stack not yet
// created makes no call for it (the output is not known yet).
const runs = getTasksOutput({ instanceId, selector, withLastRun: nightly.stateVersion.apply(() => true) });

export const nightlyTasks = nightly.tasks;
export const lastRuns = runs.tasks.apply((tasks) => Object.fromEntries(tasks.map((t) => [t.taskId, t.lastExecuteTime ?? "never"])));
export const schedules = runs.tasks.apply((tasks) => Object.fromEntries(tasks.map((t) => [t.taskId, t.cron ?? t.period ?? "none"])));
