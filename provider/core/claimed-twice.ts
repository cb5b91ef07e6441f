// The one line that refuses two resources wanting one task in opposite states
// (docs/conflicting-claims.md). The provider writes it (Check or Diff fail with it, so it reaches
// `pulumi preview --json`'s diagnostics as the engine prints it) and roma-plan reads it back from
// there: both sides use this module, so the form is stated once. The engine prefixes and wraps a
// provider's message its own way, so the parser looks for the line anywhere in a diagnostic.

export interface ClaimedTwice {
    instanceId: string;
    /** The tasks both resources want, in the order the refusing resource lists them. */
    taskIds: string[];
    /** The two resources (their names, as the URN ends) and the state each wants. */
    claims: [ResourceClaim, ResourceClaim];
}

export interface ResourceClaim {
    resource: string;
    state: "started" | "stopped";
}

export const CLAIMED_TWICE = "CLAIMED_TWICE";

/**
 * `CLAIMED_TWICE: "a" wants started, "b" wants stopped: tasks t1, t2 of instance i.` Names are JSON
 * strings (a resource name may hold any character); task and instance IDs are API IDs, which hold
 * no space or comma. What to do follows the final `.`, in prose that may change.
 */
export function formatClaimedTwice(c: ClaimedTwice): string {
    const [a, b] = c.claims;
    return (
        `${CLAIMED_TWICE}: ${JSON.stringify(a.resource)} wants ${a.state}, ${JSON.stringify(b.resource)} wants ${b.state}: ` +
        `tasks ${c.taskIds.join(", ")} of instance ${c.instanceId}.`
    );
}

const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const LINE = new RegExp(
    String.raw`${CLAIMED_TWICE}: (${JSON_STRING}) wants (started|stopped), (${JSON_STRING}) wants (started|stopped): ` +
        String.raw`tasks ([^\s,]+(?:, [^\s,]+)*) of instance ([^\s,]+?)\.(?:\s|$)`,
    "g",
);

/** Every refusal line in `text` (a diagnostic's message, as the engine printed it). */
export function parseClaimedTwice(text: string): ClaimedTwice[] {
    const found: ClaimedTwice[] = [];
    for (const m of text.matchAll(LINE)) {
        const [, a, sa, b, sb, tasks, instanceId] = m;
        found.push({
            instanceId,
            taskIds: tasks.split(", "),
            claims: [
                { resource: JSON.parse(a) as string, state: sa as ResourceClaim["state"] },
                { resource: JSON.parse(b) as string, state: sb as ResourceClaim["state"] },
            ],
        });
    }
    return found;
}
