// `roma-plan`: what `pulumi preview --json` plans for this package's resources (./read.ts), as
// Markdown for a pull-request comment or a drift issue: the totals first, then what failed and
// any conflict, then one section per resource, within a size budget (GitHub refuses a comment
// over 65,536 characters; pulumi/actions cuts its own at 64,000). Every name and ID from the API
// or the program is shown inert (./markdown.ts), after redaction (./read.ts).
import { formatClaimedTwice, type ClaimedTwice } from "../core/claimed-twice";
import { fenced, inert, shorten, word } from "./markdown";
import { isEmpty, readPlan, redactorFor, type DeleteWrite, type Plan, type PreviewJson, type Section, type TaskChange } from "./read";

export type { PreviewJson, PreviewStep } from "./read";

/** The default budget: under GitHub's 65,536 and pulumi/actions' 64,000, with room for a bot's own lines around it. */
export const DEFAULT_MAX_CHARS = 60_000;
/** Below this, the totals, conflicts and the left-out line might not fit. */
export const MIN_MAX_CHARS = 2_000;
/** A table longer than this is folded in `<details>`. */
const FOLD_ROWS = 10;
/** An error message is cut after this many characters (the CLI's own output has it whole). */
const MAX_ERROR = 4_000;
/** A conflict names at most this many tasks in the comment (`--json` has them all). */
const MAX_CONFLICT_TASKS = 20;
/** At most this many conflicts are spelt out (`--json` has them all). */
const MAX_CONFLICTS = 10;
/** Room kept for the left-out line. */
const LEFT_OUT_RESERVE = 400;

export interface SummaryOptions {
    maxChars?: number;
    /** Where credentials are looked up for redaction: the provider's environment variables. */
    env?: NodeJS.ProcessEnv;
}

const total = (p: Plan): string =>
    [
        `${p.counts.start} task(s) to start`,
        `${p.counts.stop} to stop`,
        `${p.counts.resets} reset(s)`,
        `${p.counts.jobs} DRS job(s) to retry`,
        `${p.counts.replacements} replacement(s)`,
        `${p.counts.deletions} deletion(s)`,
    ].join(", ");

const FRESHNESS =
    "_This preview did not read the tasks: each “now” is the status recorded at the last `pulumi refresh` or `up`. " +
    "`pulumi preview --refresh` shows live statuses._";

function conflictLine(c: ClaimedTwice): string {
    const [a, b] = c.claims;
    const ids = c.taskIds.slice(0, MAX_CONFLICT_TASKS).map((t) => inert(t));
    const more = c.taskIds.length > MAX_CONFLICT_TASKS ? ` and ${c.taskIds.length - MAX_CONFLICT_TASKS} more` : "";
    return (
        `**Conflict:** ${inert(a.resource)} wants ${word(a.state)} and ${inert(b.resource)} wants ${word(b.state)}: ` +
        `${c.taskIds.length} task(s) ${ids.join(", ")}${more} of instance ${inert(c.instanceId)}. ` +
        "The `up` refuses to write them until one resource lets go (docs/conflicting-claims.md)."
    );
}

/** A section: its heading and lines before the table, the table's rows, and lines after it. */
interface Block {
    head: string[];
    header?: string[];
    rows: string[];
    tail: string[];
    /** A resource's section (counted as a resource when left out), or an error. */
    what: "resource" | "error" | "other";
}

const TABLE = ["| task | name | now | after |", "|---|---|---|---|"];
const status = (s: string | undefined, fallback: string) => (s === undefined ? fallback : word(s, "cell"));

function changeRow(t: TaskChange): string {
    const also = t.alsoIn !== undefined ? ` (also in ${inert(t.alsoIn, "cell")})` : "";
    return `| ${inert(t.taskId, "cell")} | ${inert(t.name ?? "", "cell")} | ${status(t.from, "not read yet")} | **${word(t.to, "cell")}**${also} |`;
}

function deleteRow(w: DeleteWrite): string {
    const after = w.keptBy === undefined ? `**${word(w.to, "cell")}**` : `left as it is: ${w.keptBy.map((k) => inert(k, "cell")).join(", ")} keeps it`;
    return `| ${inert(w.taskId, "cell")} | ${inert(w.name ?? "", "cell")} | ${status(w.from, "not read yet")} | ${after} |`;
}

function blockOf(s: Section): Block {
    const title = (what: string) => `**${inert(s.resource)} (${what})**`;
    switch (s.kind) {
        case "TaskRunState": {
            const tail: string[] = [];
            if (s.selectorUnknown) tail.push("The tasks are read at the `up` (a new or changed selector): which are written is not known yet.");
            if (s.leaving.length > 0)
                tail.push(
                    `Leaving the selection, left as they are: ${s.leaving.map((l) => `${inert(l.taskId)}${l.name ? ` (${inert(l.name)})` : ""}`).join(", ")}.`,
                );
            return { head: [title(`TaskRunState, ${s.op}`)], header: TABLE, rows: s.tasks.map(changeRow), tail, what: "resource" };
        }
        case "TaskRunState delete": {
            const head = [title(`TaskRunState, ${s.op === "delete" ? "deleted" : "old instance replaced"}; onDelete: ${word(s.onDelete)}`)];
            if (s.onDelete !== "stop" && s.onDelete !== "restore")
                return { head, rows: [], tail: [`Its ${s.taskCount} task(s) are left as they are.`], what: "resource" };
            if (s.writes.length === 0)
                return { head, rows: [], tail: [`None of its ${s.taskCount} task(s) is written: each is already as onDelete leaves it.`], what: "resource" };
            const kept = s.writes.filter((w) => w.keptBy !== undefined).length;
            const tail = kept > 0 ? [`${kept} task(s) another resource of this program keeps are left alone by the delete.`] : [];
            return { head, header: ["| task | name | now | after the delete |", "|---|---|---|---|"], rows: s.writes.map(deleteRow), tail, what: "resource" };
        }
        case "TaskProgressReset":
            return {
                head: [title(`TaskProgressReset, ${s.op}`)],
                rows: [],
                tail: [`Resets the progress of ${inert(s.taskId)} from ${s.from === undefined ? "its start" : inert(s.from)}.`],
                what: "resource",
            };
        case "JobRetry":
            return { head: [title(`JobRetry, ${s.op}`)], rows: [], tail: [`Retries DRS jobs ${s.jobIds.map((j) => inert(j)).join(", ")}.`], what: "resource" };
    }
}

/** The lines of a block showing its first `shown` rows (folded when the table is long), and its tail unless cut. */
function linesOf(b: Block, shown: number, tail = true): string[] {
    const out = [...b.head, ""];
    if (b.header !== undefined && b.rows.length > 0) {
        const table = [...b.header, ...b.rows.slice(0, shown)];
        if (b.rows.length > FOLD_ROWS) out.push(`<details><summary>${b.rows.length} task(s)</summary>`, "", ...table, "", "</details>", "");
        else out.push(...table, "");
    }
    if (tail) out.push(...b.tail.flatMap((l) => [l, ""]));
    return out;
}

const size = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);

/** The Markdown of a plan, within `maxChars` characters. */
export function renderPlan(plan: Plan, maxChars = DEFAULT_MAX_CHARS): string {
    const failedEmpty = plan.failed && plan.sections.length === 0;
    const md = [plan.failed ? "### Plan for ROMA Connect: the preview failed" : "### Plan for ROMA Connect", ""];
    if (!failedEmpty) md.push(`**Total${plan.failed ? " (of what the preview reached)" : ""}:** ${total(plan)}.`, "");
    if (!plan.refreshed && !failedEmpty) md.push(FRESHNESS, "");
    for (const c of plan.conflicts.slice(0, MAX_CONFLICTS)) md.push(conflictLine(c), "");
    if (plan.conflicts.length > MAX_CONFLICTS) md.push(`And ${plan.conflicts.length - MAX_CONFLICTS} more conflict(s): \`roma-plan --json\` lists them.`, "");
    if (plan.failed)
        md.push("**The preview failed**, so this is not the whole plan, and `pulumi up` would fail the same way. Its errors, secrets redacted:", "");
    if (!plan.failed && plan.sections.length === 0 && plan.replaced.length === 0 && plan.deleted.length === 0)
        md.push("No change planned for this package's resources.", "");

    const blocks: Block[] = [
        ...plan.errors.map((e): Block => ({
            head: [e.resource !== undefined ? `**${inert(e.resource)}**` : "**The CLI**"],
            rows: [],
            tail: [fenced(shorten(e.message, MAX_ERROR))],
            what: "error",
        })),
        ...plan.sections.map(blockOf),
    ];
    const list = (what: string, rs: { resource: string; kind: string }[]) =>
        rs.length > 0 &&
        blocks.push({ head: [`${what}: ${rs.map((r) => `${inert(r.resource)} (${r.kind})`).join(", ")}.`], rows: [], tail: [], what: "other" });
    list("Replaced", plan.replaced);
    list("Deleted", plan.deleted);

    const budget = maxChars - LEFT_OUT_RESERVE;
    let used = size(md);
    const left = { rows: 0, resources: 0, errors: 0, other: 0 };
    let full = false;
    for (const b of blocks) {
        if (!full) {
            const whole = linesOf(b, b.rows.length);
            if (used + size(whole) <= budget) {
                md.push(...whole);
                used += size(whole);
                continue;
            }
            full = true;
            // As many rows as fit; at least one, or the section is left out.
            let shown = 0;
            for (let next = used + size(linesOf(b, 0, false)); shown < b.rows.length; shown++) {
                next += b.rows[shown].length + 1;
                if (next > budget) break;
            }
            if (shown > 0) {
                md.push(...linesOf(b, shown, false));
                left.rows += b.rows.length - shown;
                left.resources++;
                if (b.tail.length > 0) left.other++;
                continue;
            }
        }
        left.rows += b.rows.length;
        if (b.what === "resource") left.resources++;
        else if (b.what === "error") left.errors++;
        else left.other++;
    }
    if (full) {
        const parts = [
            ...(left.rows > 0 ? [`${left.rows} task row(s)`] : []),
            ...(left.resources > 0 ? [`${left.resources} resource section(s) (in whole or part)`] : []),
            ...(left.errors > 0 ? [`${left.errors} error(s)`] : []),
            ...(left.other > 0 ? [`${left.other} other note(s) (lists of leaving tasks, replaced or deleted resources)`] : []),
        ];
        md.push(`**Left out** to keep this under ${maxChars} characters: ${parts.join(", ")}. \`roma-plan --json\` lists every task.`, "");
    }
    while (md[md.length - 1] === "") md.pop();
    return `${md.join("\n")}\n`;
}

/** Every task and count for bots and artifacts (`--json`): redacted, not escaped. */
export function planJson(plan: Plan): string {
    const tasks = plan.sections.flatMap((s) => (s.kind === "TaskRunState" ? s.tasks : []));
    return `${JSON.stringify({ ...plan, conflicts: plan.conflicts.map((c) => ({ ...c, line: formatClaimedTwice(c) })), tasks }, null, 2)}\n`;
}

/**
 * The comment for a plan: empty when the preview read the tasks, did not fail and none of this
 * package's resources changes (so a workflow posts nothing).
 */
export const commentOf = (plan: Plan, maxChars = DEFAULT_MAX_CHARS): string => (isEmpty(plan) && plan.refreshed ? "" : renderPlan(plan, maxChars));

/** The comment for a preview's JSON (`commentOf`), redacting the credentials `opts.env` holds. */
export const planSummary = (preview: PreviewJson, opts: SummaryOptions = {}): string =>
    commentOf(readPlan(preview, redactorFor(preview, opts.env ?? {})), opts.maxChars);
