// Two resources of one stack that want one task in opposite states (docs/conflicting-claims.md).
import type { FdiScope, TaskRunStatus } from "../../api/types";
import type { ItemFailure } from "../../core/errors";
import { parseUrn } from "../../core/urn";
import type { HandlerContext } from "../common/handler";

/** The name a URN gives a resource: `urn:pulumi:stack::project::type::name` → `name`. */
export const nameOf = (urn: string) => parseUrn(urn).name;

/**
 * Claims: while this operation runs, its tasks are recorded as wanted in its state as soon as
 * they are known (before any read), so that of two resources of one stack that want a task in
 * opposite states (a selector matching a task another resource names, say), neither writes it:
 * the engine runs their updates in parallel and each reads before it writes, so each is refused
 * before its first write, naming the other. One whose claim came while the other was writing
 * fails once it is over, its state recorded. See docs/conflicting-claims.md.
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
        /** Ends this operation's claims. */
        release: () => releases.splice(0).forEach((r) => r()),
        conflicts,
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

export const CLAIMED_TWICE_FIX =
    "two resources that want one task in opposite states undo each other on every update: keep each task in one resource (drop it from taskIds, or change the tag or the selector so only one resource matches it)";
