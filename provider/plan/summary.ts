// `roma-plan`: what `pulumi preview --json` plans for this package's resources, as Markdown for a
// pull-request comment. It reads only the preview's steps (pulumi/pulumi
// `pkg/backend/display/json.go`, `PreviewDigest`): per task, the status last observed (the old
// state's `taskStatus`, or `tasks` in state from before it existed) and the one planned (the new
// inputs' `taskStatus`, docs/previews.md).
import { parseUrn } from "../core/urn";
import { RESOURCE_TOKENS, RESOURCE_TYPES } from "../resources/common/resource-types";

type Bag = Record<string, unknown>;

interface StepState {
    type?: string;
    inputs?: Bag;
    outputs?: Bag;
}

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
    op: string;
    urn: string;
    oldState?: StepState;
    newState?: StepState;
}

export interface PreviewJson {
    steps?: PreviewStep[];
}

const isBag = (v: unknown): v is Bag => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** `TaskRunState` of `roma:fdi:TaskRunState` or `pulumi-nodejs:dynamic/roma:TaskRunState`. */
function kindOf(step: PreviewStep): string {
    const type = step.newState?.type ?? step.oldState?.type ?? parseUrn(step.urn).type;
    return type.split(":").pop() ?? "";
}

const nameOf = (urn: string): string => parseUrn(urn).name;

/** This package's resources, under both adapters' names (`DrsJobRetry` is the plugin's `JobRetry`). */
const KINDS = new Set(RESOURCE_TYPES.flatMap((type) => [type, RESOURCE_TOKENS[type].split(":").pop() ?? type]));

interface TaskLine {
    taskId: string;
    name?: string;
    from?: string;
    to: string;
    /** Another resource listed the same task first. */
    sharedWith?: string;
}

/** Each task's last observed status and name: `taskStatus`, else `tasks` (state from before it existed). */
function observed(outputs: Bag | undefined): Map<string, { status?: string; name?: string; selection?: string }> {
    const out = new Map<string, { status?: string; name?: string; selection?: string }>();
    if (!outputs) return out;
    if (isBag(outputs.taskStatus)) {
        for (const [id, e] of Object.entries(outputs.taskStatus))
            if (isBag(e)) out.set(id, { status: str(e.status), name: str(e.name), selection: str(e.selection) });
        return out;
    }
    if (Array.isArray(outputs.tasks))
        for (const t of outputs.tasks) if (isBag(t) && typeof t.taskId === "string") out.set(t.taskId, { status: str(t.status), name: str(t.taskName) });
    return out;
}

interface Section {
    title: string;
    lines: string[];
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cell = (s: string | undefined) => (s ?? "").replace(/\|/g, "\\|");

/** The Markdown for a preview's steps; empty when none of this package's resources changes. */
export function planSummary(preview: PreviewJson): string {
    const steps = (preview.steps ?? []).filter((s) => s.op !== "same" && s.op !== "refresh" && s.op !== "read");
    const sections: Section[] = [];
    const seen = new Map<string, string>();
    let start = 0;
    let stop = 0;
    let resets = 0;
    let jobs = 0;
    const replaced: string[] = [];
    const deleted: string[] = [];

    for (const step of steps) {
        const kind = kindOf(step);
        if (!KINDS.has(kind)) continue;
        const name = nameOf(step.urn);
        if (step.op === "replace") replaced.push(`${code(name)} (${kind})`);
        if (step.op === "delete") deleted.push(`${code(name)} (${kind})`);
        if (step.op !== "create" && step.op !== "update" && step.op !== "replace") continue;
        const inputs = step.newState?.inputs ?? {};
        if (kind === "TaskRunState") {
            const instance = str(inputs.instanceId) ?? "";
            const was = observed(step.oldState?.outputs);
            const planned = isBag(inputs.taskStatus) ? inputs.taskStatus : undefined;
            const lines: TaskLine[] = [];
            const leaving: string[] = [];
            if (planned) {
                for (const [taskId, e] of Object.entries(planned)) {
                    if (!isBag(e)) continue;
                    const to = str(e.status) ?? "";
                    const before = was.get(taskId);
                    if (before?.status === to) continue;
                    const key = `${instance}/${taskId}`;
                    const sharedWith = seen.get(key);
                    if (sharedWith === undefined) {
                        seen.set(key, name);
                        if (to === "started") start++;
                        if (to === "stopped") stop++;
                    }
                    lines.push({ taskId, name: str(e.name) ?? before?.name, from: before?.status, to, ...(sharedWith !== undefined && { sharedWith }) });
                }
                for (const [taskId, e] of was)
                    if (!(taskId in planned) && e.selection === "leaves") leaving.push(`${code(taskId)}${e.name ? ` (${e.name})` : ""}`);
            }
            const out: string[] = [];
            if (lines.length > 0) {
                out.push("| task | name | now | after |", "|---|---|---|---|");
                for (const l of lines)
                    out.push(
                        `| ${code(l.taskId)} | ${cell(l.name)} | ${l.from ?? "not read yet"} | **${l.to}**${l.sharedWith !== undefined ? ` (also in ${code(l.sharedWith)})` : ""} |`,
                    );
            } else if (!planned) out.push("The tasks are read at the `up` (a new or changed selector): which are written is not known yet.");
            if (leaving.length > 0) out.push("", `Leaving the selection, left as they are: ${leaving.join(", ")}.`);
            if (out.length > 0) sections.push({ title: `${code(name)} (TaskRunState, ${step.op})`, lines: out });
        } else if (kind === "TaskProgressReset") {
            resets++;
            const from = typeof inputs.dateFrom === "string" || typeof inputs.dateFrom === "number" ? String(inputs.dateFrom) : "its start";
            sections.push({
                title: `${code(name)} (TaskProgressReset, ${step.op})`,
                lines: [`Resets the progress of ${code(str(inputs.taskId) ?? "?")} from ${from}.`],
            });
        } else if (kind === "JobRetry" || kind === "DrsJobRetry") {
            const ids = Array.isArray(inputs.jobIds) ? inputs.jobIds.map(String) : [];
            jobs += ids.length;
            sections.push({ title: `${code(name)} (${kind}, ${step.op})`, lines: [`Retries DRS jobs ${ids.map(code).join(", ")}.`] });
        }
    }
    if (sections.length === 0 && replaced.length === 0 && deleted.length === 0) return "";
    const total = [
        `${start} task(s) to start`,
        `${stop} to stop`,
        `${resets} reset(s)`,
        `${jobs} DRS job(s) to retry`,
        `${replaced.length} replacement(s)`,
        `${deleted.length} deletion(s)`,
    ].join(", ");
    const md = ["### Plan for ROMA Connect", ""];
    for (const s of sections) md.push(`**${s.title}**`, "", ...s.lines, "");
    if (replaced.length > 0) md.push(`Replaced: ${replaced.join(", ")}.`, "");
    if (deleted.length > 0) md.push(`Deleted: ${deleted.join(", ")}.`, "");
    md.push(`**Total:** ${total}.`);
    return `${md.join("\n")}\n`;
}
