import type { TaskStatusWire } from "./schemas";
import type { ObservedStatus } from "./types";

/**
 * ListTasks sends 0/1; the ShowTask model declares "stop"/"running"; the Go SDK also reads
 * "0"/"1". Any other value (or none) is `unknown`, with the wire value kept for the user.
 */
export function normalizeTaskStatus(wire: TaskStatusWire): { status: ObservedStatus; rawStatus?: string } {
    const v = typeof wire === "string" ? wire.trim().toLowerCase() : wire;
    if (v === 1 || v === "1" || v === "running") return { status: "started" };
    if (v === 0 || v === "0" || v === "stop") return { status: "stopped" };
    return { status: "unknown", rawStatus: wire === undefined || wire === null ? undefined : String(wire) };
}
