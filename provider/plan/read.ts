// What `pulumi preview --json` plans for this package's resources, as data: read from the
// preview's steps and diagnostics (pulumi/pulumi `pkg/backend/display/json.go`, `PreviewDigest`:
// `steps[]` with `op`, `urn`, `oldState`, `newState`; `diagnostics[]` with `urn`, `message`,
// `severity`). Per task, the status last observed (the old state's `taskStatus`, or `tasks` in
// state from before it existed) and the one planned (the new inputs' `taskStatus`,
// docs/previews.md). Every string is redacted here, before anything renders it.
import { parseClaimedTwice, type ClaimedTwice } from "../core/claimed-twice";
import { Redactor } from "../core/redact";
import { parseUrn } from "../core/urn";
import { CONFIG_SOURCES, objectField, SECRET_FIELDS } from "../config/sources";
import { RESOURCE_TOKENS, RESOURCE_TYPES } from "../resources/common/resource-types";
import { planDelete } from "../resources/task-run-state/plan";
import type { TaskView } from "../resources/task-run-state/schema";

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

export interface PreviewDiagnostic {
    urn?: string;
    message?: string;
    severity?: string;
}

export interface PreviewJson {
    config?: Bag;
    steps?: PreviewStep[];
    diagnostics?: PreviewDiagnostic[];
}

/** One task the `up` writes: its last observed status (`from`) and the one it leaves it in (`to`). */
export interface TaskChange {
    resource: string;
    instanceId: string;
    taskId: string;
    name?: string;
    /** Absent: not read yet (a new resource before its first refresh or `up`). */
    from?: string;
    to: string;
    /** Another resource listed the same task first: the `up` writes it once, counted there. */
    alsoIn?: string;
}

/** A task that a deletion (or the old instance of a replacement) of a TaskRunState would write through `onDelete`. */
export interface DeleteWrite {
    taskId: string;
    name?: string;
    from?: string;
    to: "started" | "stopped";
    /** Declared resources of this preview that want the task: the delete leaves it alone. */
    keptBy?: string[];
}

export type Section =
    | {
          kind: "TaskRunState";
          resource: string;
          op: string;
          instanceId: string;
          tasks: TaskChange[];
          selectorUnknown: boolean;
          leaving: { taskId: string; name?: string }[];
      }
    | { kind: "TaskRunState delete"; resource: string; op: string; instanceId: string; onDelete: string; taskCount: number; writes: DeleteWrite[] }
    | { kind: "TaskProgressReset"; resource: string; op: string; taskId: string; from?: string }
    | { kind: "JobRetry"; resource: string; op: string; jobIds: string[] };

export interface Counts {
    start: number;
    stop: number;
    resets: number;
    jobs: number;
    replacements: number;
    deletions: number;
}

export interface Plan {
    /** The preview reported errors: what follows is not the whole plan. */
    failed: boolean;
    /** The preview read the tasks (`--refresh`, or `refresh: always`): the "now" statuses are live. */
    refreshed: boolean;
    errors: { resource?: string; message: string }[];
    conflicts: ClaimedTwice[];
    counts: Counts;
    sections: Section[];
    replaced: { resource: string; kind: string }[];
    deleted: { resource: string; kind: string }[];
}

const isBag = (v: unknown): v is Bag => v !== null && typeof v === "object" && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** `TaskRunState` of `roma:fdi:TaskRunState` or `pulumi-nodejs:dynamic/roma:TaskRunState`. */
function kindOf(step: PreviewStep): string {
    const type = step.newState?.type ?? step.oldState?.type ?? parseUrn(step.urn).type;
    return (type.split("$").pop() ?? "").split(":").pop() ?? "";
}

const nameOf = (urn: string): string => parseUrn(urn).name;

/** This package's resources, under both adapters' names (`DrsJobRetry` is the plugin's `JobRetry`). */
const KINDS = new Set(RESOURCE_TYPES.flatMap((type) => [type, RESOURCE_TOKENS[type].split(":").pop() ?? type]));
/** Steps that write nothing, and steps of an old instance on its way out. */
const NOT_DECLARED = new Set(["refresh", "read", "delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

const SECRET_SETTINGS = Object.values(CONFIG_SOURCES).filter((s) => s.secret);
/** The environment variables of the provider's secret settings and secret fields (an OIDC ID token), which roma-plan redacts when set. */
export const SECRET_ENV = [...SECRET_SETTINGS.flatMap((s) => s.env), ...SECRET_FIELDS.flatMap((f) => f.env)];

/**
 * What roma-plan can redact. The CLI already prints every value the program or the provider marks
 * secret as `[secret]` (pulumi/pulumi `pkg/backend/display/json.go`, unless `--show-secrets`);
 * beyond that, the configured credentials it can see: the provider's secret settings in this
 * process's environment, and in the preview's `config` when it shows them.
 */
export function redactorFor(preview: PreviewJson, env: NodeJS.ProcessEnv): Redactor {
    const r = new Redactor();
    for (const s of SECRET_SETTINGS) {
        r.add(...s.env.map((e) => env[e]));
        const shown = preview.config?.[s.key];
        if (typeof shown === "string" && shown !== "[secret]") r.add(shown);
    }
    for (const f of SECRET_FIELDS) {
        const shown = objectField(preview.config?.[CONFIG_SOURCES[f.setting].key], f.field);
        r.add(...f.env.map((e) => env[e]), shown === "[secret]" ? undefined : shown);
    }
    return r;
}

interface Observed {
    status?: string;
    name?: string;
    selection?: string;
}

/** Each task's last observed status and name: `taskStatus`, else `tasks` (state from before it existed). */
function observed(outputs: Bag | undefined): Map<string, Observed> {
    const out = new Map<string, Observed>();
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

/** The tasks a declared TaskRunState wants: its planned `taskStatus`, its `taskIds`, else (a selector) the tasks its state last resolved. */
function wanted(step: PreviewStep): string[] {
    const inputs = step.newState?.inputs ?? {};
    if (isBag(inputs.taskStatus)) return Object.keys(inputs.taskStatus);
    if (Array.isArray(inputs.taskIds)) return inputs.taskIds.filter((t): t is string => typeof t === "string");
    return [...observed(step.oldState?.outputs).entries()].filter(([, o]) => o.selection !== "leaves").map(([id]) => id);
}

/** The tasks a TaskRunState's `onDelete` would write, from its old state (as the provider's delete plans them). */
function deleteWrites(old: Bag, keepers: Map<string, string[]>): { onDelete: string; taskCount: number; writes: DeleteWrite[] } {
    const onDelete = str(old.onDelete) ?? "keep";
    const seen = observed(old);
    // As the provider's delete: the IDs given, or the tasks a selector last resolved (not those leaving it).
    const ids = Array.isArray(old.taskIds)
        ? old.taskIds.filter((t): t is string => typeof t === "string")
        : [...seen.entries()].filter(([, o]) => o.selection !== "leaves").map(([id]) => id);
    const initial = isBag(old.initialStatuses) ? old.initialStatuses : {};
    if (onDelete !== "stop" && onDelete !== "restore") return { onDelete, taskCount: ids.length, writes: [] };
    const views = ids.map((taskId): TaskView => {
        const status = seen.get(taskId)?.status;
        return { taskId, status: status === "started" || status === "stopped" || status === "missing" ? status : "unknown" };
    });
    const initialStatuses = Object.fromEntries(
        Object.entries(initial).flatMap(([id, s]) => (s === "started" || s === "stopped" || s === "unknown" ? [[id, s] as const] : [])),
    );
    const plan = planDelete(onDelete, views, initialStatuses);
    const writes: DeleteWrite[] = [];
    for (const [to, list] of [
        ["started", plan.start],
        ["stopped", plan.stop],
    ] as const)
        for (const taskId of list) {
            const keptBy = keepers.get(`${str(old.instanceId) ?? ""}/${taskId}`) ?? [];
            writes.push({ taskId, name: seen.get(taskId)?.name, from: seen.get(taskId)?.status, to, ...(keptBy.length > 0 && { keptBy }) });
        }
    writes.sort((a, b) => ids.indexOf(a.taskId) - ids.indexOf(b.taskId));
    return { onDelete, taskCount: ids.length, writes };
}

/** The plan a preview's JSON holds, redacted with `redactor`. */
export function readPlan(preview: PreviewJson, redactor: Redactor): Plan {
    const steps = redactor.value(preview.steps ?? []).filter((s) => isBag(s) && typeof s.op === "string" && typeof s.urn === "string");
    const diagnostics = redactor.value(preview.diagnostics ?? []).filter(isBag);

    const errors = diagnostics.flatMap((d) =>
        d.severity === "error" && typeof d.message === "string"
            ? [{ ...(typeof d.urn === "string" && { resource: nameOf(d.urn) }), message: d.message.replace(/^error: /, "").trimEnd() }]
            : [],
    );
    // The engine's closing "preview failed" says nothing the others do not.
    const said = errors.length > 1 ? errors.filter((e) => e.resource !== undefined || e.message !== "preview failed") : errors;
    const conflicts = new Map<string, ClaimedTwice>();
    for (const d of diagnostics) for (const c of parseClaimedTwice(typeof d.message === "string" ? d.message : "")) conflicts.set(JSON.stringify(c), c);

    // Which declared TaskRunState wants which task: a delete leaves those alone.
    const keepers = new Map<string, string[]>();
    for (const step of steps) {
        if (NOT_DECLARED.has(step.op) || kindOf(step) !== "TaskRunState") continue;
        const instance = str(step.newState?.inputs?.instanceId) ?? "";
        for (const id of wanted(step)) {
            const key = `${instance}/${id}`;
            const list = keepers.get(key) ?? [];
            if (!list.includes(nameOf(step.urn))) list.push(nameOf(step.urn));
            keepers.set(key, list);
        }
    }

    const plan: Plan = {
        failed: errors.length > 0,
        refreshed: steps.some((s) => s.op === "refresh"),
        errors: said,
        conflicts: [...conflicts.values()],
        counts: { start: 0, stop: 0, resets: 0, jobs: 0, replacements: 0, deletions: 0 },
        sections: [],
        replaced: [],
        deleted: [],
    };
    // What any resource's state last recorded of a task: a new resource (a rename, a second owner)
    // has none of its own, and "not read yet" would count a task already in its state as a write.
    const recorded = new Map<string, Observed>();
    for (const step of steps) {
        const old = step.oldState?.outputs;
        if (kindOf(step) !== "TaskRunState" || !isBag(old)) continue;
        for (const [id, o] of observed(old)) if (o.status !== undefined && o.selection !== "leaves") recorded.set(`${str(old.instanceId) ?? ""}/${id}`, o);
    }
    const counted = new Map<string, string>();
    const count = (instance: string, taskId: string, to: string, resource: string): string | undefined => {
        const key = `${instance}/${taskId}`;
        const first = counted.get(key);
        if (first !== undefined) return first;
        counted.set(key, resource);
        if (to === "started") plan.counts.start++;
        if (to === "stopped") plan.counts.stop++;
        return undefined;
    };
    const oldInstances = new Set<string>();

    for (const step of steps) {
        const kind = kindOf(step);
        if (!KINDS.has(kind) || step.op === "same" || step.op === "refresh" || step.op === "read") continue;
        const resource = nameOf(step.urn);
        if (step.op === "replace") plan.replaced.push({ resource, kind });
        if (step.op === "delete") plan.deleted.push({ resource, kind });

        // A deletion, or the old instance of a replacement: what onDelete writes (once per URN).
        if (
            kind === "TaskRunState" &&
            (step.op === "delete" || step.op === "delete-replaced" || step.op === "replace") &&
            isBag(step.oldState?.outputs) &&
            !oldInstances.has(step.urn)
        ) {
            oldInstances.add(step.urn);
            const old = step.oldState.outputs;
            const d = deleteWrites(old, keepers);
            const instanceId = str(old.instanceId) ?? "";
            for (const w of d.writes) if (w.keptBy === undefined) count(instanceId, w.taskId, w.to, resource);
            plan.sections.push({ kind: "TaskRunState delete", resource, op: step.op === "delete" ? "delete" : "replace", instanceId, ...d });
        }
        if (step.op !== "create" && step.op !== "update" && step.op !== "replace") continue;
        const inputs = step.newState?.inputs ?? {};
        if (kind === "TaskRunState") {
            const instanceId = str(inputs.instanceId) ?? "";
            const was = observed(step.oldState?.outputs);
            const planned = isBag(inputs.taskStatus) ? inputs.taskStatus : undefined;
            const tasks: TaskChange[] = [];
            const leaving: { taskId: string; name?: string }[] = [];
            if (planned) {
                for (const [taskId, e] of Object.entries(planned)) {
                    if (!isBag(e)) continue;
                    const to = str(e.status) ?? "";
                    const before = was.get(taskId) ?? recorded.get(`${instanceId}/${taskId}`);
                    if (before?.status === to) continue;
                    const alsoIn = count(instanceId, taskId, to, resource);
                    tasks.push({
                        resource,
                        instanceId,
                        taskId,
                        name: str(e.name) ?? before?.name,
                        from: before?.status,
                        to,
                        ...(alsoIn !== undefined && { alsoIn }),
                    });
                }
                for (const [taskId, e] of was) if (!(taskId in planned) && e.selection === "leaves") leaving.push({ taskId, name: e.name });
            }
            if (tasks.length > 0 || leaving.length > 0 || !planned)
                plan.sections.push({ kind, resource, op: step.op, instanceId, tasks, selectorUnknown: !planned, leaving });
        } else if (kind === "TaskProgressReset") {
            plan.counts.resets++;
            const from = typeof inputs.dateFrom === "string" || typeof inputs.dateFrom === "number" ? String(inputs.dateFrom) : undefined;
            plan.sections.push({ kind, resource, op: step.op, taskId: str(inputs.taskId) ?? "?", ...(from !== undefined && { from }) });
        } else {
            const jobIds = Array.isArray(inputs.jobIds) ? inputs.jobIds.map(String) : [];
            plan.counts.jobs += jobIds.length;
            plan.sections.push({ kind: "JobRetry", resource, op: step.op, jobIds });
        }
    }
    plan.counts.replacements = plan.replaced.length;
    plan.counts.deletions = plan.deleted.length;
    return plan;
}

/** Nothing for a reviewer: no change, no error, no conflict. */
export const isEmpty = (plan: Plan): boolean =>
    !plan.failed && plan.conflicts.length === 0 && plan.sections.length === 0 && plan.replaced.length === 0 && plan.deleted.length === 0;
