// Which resource of the stack wants which task in which state (docs/conflicting-claims.md): two
// that want one task in opposite states would start and stop it on every `up`, each exiting 0.
//
// Two kinds of claim. A resource *declares* what it wants at Check and Diff, before any write and
// without a call: in one command the engine checks every resource the program declares, in one
// provider process per provider (the dynamic host serves every dynamic resource of the stack; the
// plugin, those of one provider), so by the time anything is written the claims of every resource
// whose tasks are known without a read are here. A declaration lasts as long as the process, which
// serves one command (the engine starts its provider processes anew for each), and a later Check
// of the same resource replaces it. A create or update also *claims* the tasks it resolves (a new
// selector's), for as long as it runs, so two writes under way side by side see each other too; a
// conflict found then is kept, so the resource that finishes last fails as well.
import type { FdiScope, TaskRunStatus } from "../api/types";

export interface ClaimConflict {
    /** The other resource's URN. */
    resource: string;
    state: TaskRunStatus;
    taskIds: string[];
}

type ByResource = Map<string, TaskRunStatus>;

export class ClaimRegistry {
    /** project/instance/task → resource URN → the state its write under way wants. */
    private readonly claims = new Map<string, ByResource>();
    /** Claims found in conflict, kept after their operations end: the same shape as `claims`. */
    private readonly disputed = new Map<string, ByResource>();
    /** project/instance/task → resource URN → the state it declared at Check or Diff in this process. */
    private readonly declared = new Map<string, ByResource>();
    /** Each resource's declared task keys, so its next declaration replaces them. */
    private readonly declaredKeys = new Map<string, string[]>();
    /** Each resource's last declaration, whole. */
    private readonly signatures = new Map<string, string>();
    /** Same-state overlaps already said, so a warning is given once per pair of resources. */
    private readonly warned = new Set<string>();
    /** Resources the program declares in this command: those checked in this process. */
    private readonly checkedResources = new Set<string>();

    /**
     * Records that the program declares `resource` (its Check ran). A refresh calls Diff, but not
     * Check, for every resource in the state, those the program no longer declares too: only a
     * checked resource's Diff claims.
     */
    checked(resource: string): void {
        this.checkedResources.add(resource);
    }

    isChecked(resource: string): boolean {
        return this.checkedResources.has(resource);
    }

    /** The ID each resource was created with in this process: the new instance of a replacement. */
    private readonly createdIds = new Map<string, string>();

    /** Records a create, so the delete of the same resource's old instance (a replacement) is told from its destroy. */
    created(resource: string, id: string): void {
        this.createdIds.set(resource, id);
    }

    /** Whether deleting `resource`'s instance `id` is the old half of a replacement made in this process. */
    replaced(resource: string, id: string): boolean {
        const made = this.createdIds.get(resource);
        return made !== undefined && made !== id;
    }

    /** Drops what `resource` declared: it was deleted, and no new instance replaces it. */
    forget(resource: string): void {
        for (const key of this.declaredKeys.get(resource) ?? []) {
            const byResource = this.declared.get(key);
            byResource?.delete(resource);
            if (byResource?.size === 0) this.declared.delete(key);
        }
        this.declaredKeys.delete(resource);
        this.signatures.delete(resource);
    }

    /**
     * Records that `resource` wants `taskIds` in `state` (replacing what it declared before), and
     * returns the other declared resources that want any of them in another state (`conflicts`)
     * or in the same one (`overlaps`, each pair once per process).
     */
    declare(
        scope: FdiScope,
        resource: string,
        taskIds: readonly string[],
        state: TaskRunStatus,
    ): { conflicts: readonly ClaimConflict[]; overlaps: readonly ClaimConflict[] } {
        // Check and Diff of an unchanged resource declare the same again: nothing to record or to find anew.
        const signature = `${state}\u0000${scope.projectId}\u0000${scope.instanceId}\u0000${taskIds.join("\u0000")}`;
        if (this.signatures.get(resource) === signature) return NOTHING;
        this.forget(resource);
        this.signatures.set(resource, signature);
        const keys = taskIds.map((id) => taskKey(scope, id));
        this.declaredKeys.set(resource, keys);
        let conflicts: Map<string, ClaimConflict> | undefined;
        let overlaps: Map<string, ClaimConflict> | undefined;
        keys.forEach((key, i) => {
            let byResource = this.declared.get(key);
            if (!byResource) this.declared.set(key, (byResource = new Map<string, TaskRunStatus>()));
            for (const [other, wanted] of byResource) {
                if (other === resource) continue;
                const into = wanted === state ? (overlaps ??= new Map<string, ClaimConflict>()) : (conflicts ??= new Map<string, ClaimConflict>());
                const c = into.get(other) ?? { resource: other, state: wanted, taskIds: [] };
                c.taskIds.push(taskIds[i]);
                into.set(other, c);
            }
            byResource.set(resource, state);
        });
        if (!conflicts && !overlaps) return NOTHING;
        const fresh = [...(overlaps?.values() ?? [])].filter((o) => {
            const pair = JSON.stringify([resource, o.resource].sort());
            if (this.warned.has(pair)) return false;
            this.warned.add(pair);
            return true;
        });
        return { conflicts: [...(conflicts?.values() ?? [])], overlaps: fresh };
    }

    /** The resources declared in this process that want `taskId`, and the state each wants. */
    wanting(scope: FdiScope, taskId: string): ReadonlyMap<string, TaskRunStatus> {
        return this.declared.get(taskKey(scope, taskId)) ?? EMPTY;
    }

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

    /** The other resources, declared or writing, that want any of `taskIds` in another state than `state`. */
    conflicts(scope: FdiScope, resource: string, taskIds: readonly string[], state: TaskRunStatus): ClaimConflict[] {
        const found = new Map<string, ClaimConflict>();
        for (const id of taskIds) {
            const key = taskKey(scope, id);
            const claims = [...(this.claims.get(key) ?? []), ...(this.disputed.get(key) ?? []), ...(this.declared.get(key) ?? [])];
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

const EMPTY: ReadonlyMap<string, TaskRunStatus> = new Map();

const NOTHING: { conflicts: readonly ClaimConflict[]; overlaps: readonly ClaimConflict[] } = Object.freeze({ conflicts: [], overlaps: [] });

/** IDs hold no control character (core/ids.ts), so joining with NUL is unambiguous. */
const taskKey = (scope: FdiScope, taskId: string) => `${scope.projectId}\u0000${scope.instanceId}\u0000${taskId}`;
