// Which resource of the stack wants which task in which state, while its create or update runs:
// two resources that want one task in opposite states (a selector that matches a task another
// resource names) would start and stop it on every update, each `up` exiting 0. The engine runs
// the steps of resources that do not depend on each other in parallel, within one provider
// process (the dynamic host serves every dynamic resource of the stack; the plugin, those of one
// provider), so it sees both claims while both are under way. A claim lasts as long as its
// operation: a process outlives one command in tests and in an automation program, and a claim
// kept longer would pit a resource against one of an earlier run. A conflict once found is
// kept, though, so the resource that finishes last fails too, however quickly the first was refused.
import type { FdiScope, TaskRunStatus } from "../api/types";

export interface ClaimConflict {
    /** The other resource's URN. */
    resource: string;
    state: TaskRunStatus;
    taskIds: string[];
}

export class ClaimRegistry {
    /** project/instance/task → resource URN → the state it wants. */
    private readonly claims = new Map<string, Map<string, TaskRunStatus>>();
    /** Claims found in conflict, kept after their operations end: the same shape as `claims`. */
    private readonly disputed = new Map<string, Map<string, TaskRunStatus>>();

    /** Records that `resource` wants `taskIds` in `state`, until the function returned is called (when its operation ends). */
    claim(scope: FdiScope, resource: string, taskIds: readonly string[], state: TaskRunStatus): () => void {
        const keys = taskIds.map((id) => taskKey(scope, id));
        for (const key of keys) {
            let byResource = this.claims.get(key);
            if (!byResource) this.claims.set(key, (byResource = new Map<string, TaskRunStatus>()));
            byResource.set(resource, state);
        }
        return () => {
            for (const key of keys) {
                const byResource = this.claims.get(key);
                byResource?.delete(resource);
                if (byResource?.size === 0) this.claims.delete(key);
            }
        };
    }

    /** The other resources that want any of `taskIds` in another state than `state`. */
    conflicts(scope: FdiScope, resource: string, taskIds: readonly string[], state: TaskRunStatus): ClaimConflict[] {
        const found = new Map<string, ClaimConflict>();
        for (const id of taskIds) {
            const key = taskKey(scope, id);
            const claims = [...(this.claims.get(key) ?? []), ...(this.disputed.get(key) ?? [])];
            for (const [other, wanted] of claims) {
                if (other === resource || wanted === state) continue;
                const c = found.get(other) ?? { resource: other, state: wanted, taskIds: [] };
                if (c.taskIds.includes(id)) continue;
                c.taskIds.push(id);
                found.set(other, c);
                let kept = this.disputed.get(key);
                if (!kept) this.disputed.set(key, (kept = new Map<string, TaskRunStatus>()));
                kept.set(other, wanted).set(resource, state);
            }
        }
        return [...found.values()];
    }
}

const taskKey = (scope: FdiScope, taskId: string) => JSON.stringify([scope.projectId, scope.instanceId, taskId]);
