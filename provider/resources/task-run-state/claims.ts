// Two resources of one stack that want one task in opposite states (docs/conflicting-claims.md).
import type { FdiScope, TaskRunStatus } from "../../api/types";
import type { ClaimConflict } from "../../coordinator";
import { formatClaimedTwice } from "../../core/claimed-twice";
import { InputError, type ItemFailure } from "../../core/errors";
import { isUnknown } from "../../core/unknown";
import type { DeclareContext, HandlerContext, Props } from "../common/handler";
import { sameValue } from "../common/diff";
import { present } from "./reading";
import type { TaskRunStateState } from "./schema";
import { parseUrn } from "../../core/urn";

/** The name a URN gives a resource: `urn:pulumi:stack::project::type::name` → `name`. */
export const nameOf = (urn: string) => parseUrn(urn).name;

export const CLAIMED_TWICE_FIX =
    "two resources that want one task in opposite states undo each other on every update: keep each task in one resource (drop it from taskIds, or change the tag or the selector so only one resource matches it)";

/**
 * One refusal line per other resource (core/claimed-twice.ts, which roma-plan reads back from
 * `pulumi preview --json`), then what to do. `written`: what this operation did before it saw the
 * conflict.
 */
export function refusal(urn: string, instanceId: string, state: TaskRunStatus, conflicts: readonly ClaimConflict[], written: string): string {
    const lines = conflicts.map((c) =>
        formatClaimedTwice({
            instanceId,
            taskIds: c.taskIds,
            claims: [
                { resource: nameOf(urn), state },
                { resource: nameOf(c.resource), state: c.state },
            ],
        }),
    );
    return `${lines.join("\n")}\n${written}: ${CLAIMED_TWICE_FIX}`;
}

/**
 * What a TaskRunState wants, known without a call: its `taskIds`; for a selector, at Diff, the
 * tasks its state last resolved, while the selector (and the instance and project) are those of
 * the state. Values not known yet (preview) claim nothing.
 */
function wanted(
    news: Props,
    state: TaskRunStateState | undefined,
): { projectId?: string; instanceId: string; taskIds: string[]; state: TaskRunStatus } | undefined {
    const { instanceId, projectId, taskIds, selector } = news;
    const target = news.state;
    if (typeof instanceId !== "string" || isUnknown(instanceId) || (target !== "started" && target !== "stopped")) return undefined;
    if (projectId !== undefined && (typeof projectId !== "string" || isUnknown(projectId))) return undefined;
    let ids: string[] = [];
    if (Array.isArray(taskIds)) ids = taskIds.filter((t): t is string => typeof t === "string" && !isUnknown(t));
    else if (
        selector !== undefined &&
        state?.selector !== undefined &&
        sameValue(state.selector, selector) &&
        state.instanceId === instanceId &&
        state.projectId === projectId
    )
        ids = present(state.tasks);
    return { ...(projectId !== undefined && { projectId }), instanceId, taskIds: ids, state: target };
}

/** Two resources that want one task in the same state: allowed, said once per pair. */
const overlapWarning = (urn: string, instanceId: string, o: ClaimConflict) =>
    `warning: TaskRunState "${nameOf(urn)}": resource "${nameOf(o.resource)}" of this stack wants ${o.taskIds.join(", ")} ${o.state} too (instance ${instanceId}); ` +
    "both agree, so this is allowed, but changing the state of one of them alone will be refused: keep each task in one resource";

/**
 * Check and Diff: records what the resource wants (replacing what it declared before), refuses it
 * when another resource of this command wants one of its tasks in the other state, and says once
 * where two want one task in the same state.
 */
export function declareClaims(call: DeclareContext, news: Props, state: TaskRunStateState | undefined): void {
    // A refresh's Diff (the read state against the stored inputs) is no claim: the program may no longer declare the resource.
    if (state === undefined) call.claims.checked(call.urn);
    else if (!call.claims.isChecked(call.urn)) return;
    const w = wanted(news, state);
    if (!w) return;
    const scope = { projectId: w.projectId ?? call.configuredProject ?? "", instanceId: w.instanceId };
    const { conflicts, overlaps } = call.claims.declare(scope, call.urn, w.taskIds, w.state);
    for (const o of overlaps) call.log(overlapWarning(call.urn, w.instanceId, o));
    if (conflicts.length > 0) throw new InputError(refusal(call.urn, w.instanceId, w.state, conflicts, "No API call was made and nothing was written"));
}

/**
 * Claims of a create or update: while it runs, its tasks are recorded as wanted in its state as
 * soon as they are known (before any read), so that of two resources that want a task in
 * opposite states and whose writes run side by side (a new selector's tasks are known only then),
 * neither writes it; one whose claim came while the other was writing fails once it is over, its
 * state recorded. Claims declared at Check and Diff count too.
 */
export function claimsOf(ctx: HandlerContext, scope: FdiScope, state: TaskRunStatus) {
    const urn = ctx.urn;
    const registry = urn === undefined ? undefined : ctx.api().claims;
    const conflicts = (taskIds: readonly string[]) => (urn === undefined || !registry ? [] : registry.conflicts(scope, urn, taskIds, state));
    const releases: (() => void)[] = [];
    return {
        claim: (taskIds: readonly string[]) => {
            if (urn !== undefined && registry) releases.push(registry.claim(scope, urn, taskIds, state));
        },
        /** Records a selector's tasks, resolved now, as this resource's for the rest of the command (a delete leaves them alone). */
        declare: (taskIds: readonly string[]) => {
            if (urn === undefined || !registry) return;
            for (const o of registry.declare(scope, urn, taskIds, state).overlaps) ctx.log(overlapWarning(urn, scope.instanceId, o));
        },
        /** Ends this operation's claims. */
        release: () => releases.splice(0).forEach((r) => r()),
        conflicts,
        /** Throws the refusal when another resource wants any of `taskIds` in the other state. */
        refuse: (taskIds: readonly string[]) => {
            const found = conflicts(taskIds);
            if (found.length > 0 && urn !== undefined) throw new InputError(refusal(urn, scope.instanceId, state, found, "Nothing was written"));
        },
        /** The refusal lines for the conflicts of `taskIds` found now, with what this operation did. */
        refusal: (taskIds: readonly string[], written: string) =>
            urn === undefined ? undefined : refusal(urn, scope.instanceId, state, conflicts(taskIds), written),
        /** One failure per task another resource wants in the other state. */
        failures: (taskIds: readonly string[]): ItemFailure[] =>
            conflicts(taskIds).flatMap((c) =>
                c.taskIds.map((taskId) => ({
                    id: taskId,
                    errorCode: "CLAIMED_TWICE",
                    errorMessage: `resource "${nameOf(c.resource)}" of this stack wants it ${c.state}; ${CLAIMED_TWICE_FIX}`,
                })),
            ),
    };
}
