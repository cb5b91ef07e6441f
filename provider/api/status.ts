import type { TaskStatusWire } from "./schemas";
import type { TaskRunStatus } from "./types";

/** ListTasks sends 0/1; the ShowTask model declares "stop"/"running" (see schemas.ts). */
export function normalizeTaskStatus(wire: TaskStatusWire): TaskRunStatus {
    return wire === 1 || wire === "1" || wire === "running" ? "started" : "stopped";
}
