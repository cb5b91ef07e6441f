// The policy pack's rules as pure functions of a resource's inputs, the policy's config and the
// time: no API call, no @pulumi/policy (policies.ts wires them to it), so each is tested on both
// type tokens with a fixed clock. Windows are in UTC, which has no daylight-saving shifts.
import { parseUrn } from "../core/urn";
import { dynamicType } from "../resources/common/module";
import { RESOURCE_TOKENS, RESOURCE_TYPES, type ResourceType } from "../resources/common/resource-types";
import { normalizeDateFrom } from "../resources/task-progress-reset/date-from";

/** What a policy reads of a resource: what @pulumi/policy's `ResourceValidationArgs` gives. */
export interface PolicyResource {
    type: string;
    name: string;
    urn: string;
    props: Record<string, unknown>;
}

/**
 * Both tokens of each resource, native (`roma:fdi:TaskRunState`) and dynamic
 * (`pulumi-nodejs:dynamic/roma:TaskRunState`), from the generated list: the declarations would
 * load every handler and zod into the pack.
 */
export const TOKENS = Object.fromEntries(
    RESOURCE_TYPES.map((type) => [type, new Set([RESOURCE_TOKENS[type], dynamicType(type)]) as ReadonlySet<string>]),
) as Record<ResourceType, ReadonlySet<string>>;

export const POLICY_NAMES = {
    protectedInstances: "roma-protected-instances",
    resetRange: "roma-reset-range",
    drsWait: "roma-drs-wait",
} as const;
type PolicyName = (typeof POLICY_NAMES)[keyof typeof POLICY_NAMES];

/** A setting of the policy config (the `--policy-pack-config` file) that cannot be used; the message names the field. */
export class PolicyConfigError extends Error {
    constructor(policy: PolicyName, field: string, reason: string) {
        super(`policy config "${policy}": ${field} ${reason}`);
        this.name = "PolicyConfigError";
        // @pulumi/policy shows a thrown error's stack; a mistake in the user's config file needs no trace of ours.
        this.stack = `${this.name}: ${this.message}`;
    }
}

// ---- config ------------------------------------------------------------------------------------

type Raw = Record<string, unknown>;

function onlyFields(policy: PolicyName, raw: Raw, known: readonly string[]): void {
    for (const key of Object.keys(raw))
        if (!known.includes(key))
            throw new PolicyConfigError(policy, key, `is not a setting of this policy (its settings: ${known.join(", ")}, enforcementLevel)`);
}

function stringList(policy: PolicyName, raw: Raw, field: string, fallback: string[]): string[] {
    const v = raw[field];
    if (v === undefined) return fallback;
    if (!Array.isArray(v)) throw new PolicyConfigError(policy, field, `must be a list of strings, got ${JSON.stringify(v)}`);
    return v.map((item: unknown, i) => {
        if (typeof item !== "string" || item.trim() === "")
            throw new PolicyConfigError(policy, `${field}[${i}]`, `must be a non-empty string, got ${JSON.stringify(item)}`);
        return item.trim();
    });
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MS_PER_MINUTE = 60_000;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
const MS_PER_WEEK = MINUTES_PER_WEEK * MS_PER_MINUTE;
const WINDOW_FORMAT = `"<Day> HH:MM-<Day> HH:MM" in UTC, Day one of ${DAYS.join(", ")} (e.g. "Sat 22:00-Sun 06:00")`;
const WINDOW = /^([A-Za-z]{3}) (\d{1,2}):(\d{2})\s*-\s*([A-Za-z]{3}) (\d{1,2}):(\d{2})$/;

/** A weekly change window: from `start` minutes after Sunday 00:00 UTC, for `length` minutes (it may run past Saturday night). */
export interface ChangeWindow {
    text: string;
    start: number;
    length: number;
}

/** A window as written in the config, or why it cannot be read. */
export function parseWindow(text: string): ChangeWindow | { error: string } {
    const m = WINDOW.exec(text.trim());
    if (!m) return { error: `must be written ${WINDOW_FORMAT}, got "${text}"` };
    const at = (day: string, hh: string, mm: string): number | string => {
        const d = DAYS.findIndex((name) => name.toLowerCase() === day.toLowerCase());
        if (d < 0) return `has no day "${day}" (days: ${DAYS.join(", ")})`;
        if (Number(hh) > 23) return `has hour ${hh}, not 00-23`;
        if (Number(mm) > 59) return `has minute ${mm}, not 00-59`;
        return d * MINUTES_PER_DAY + Number(hh) * 60 + Number(mm);
    };
    const start = at(m[1], m[2], m[3]);
    const end = at(m[4], m[5], m[6]);
    if (typeof start === "string") return { error: `"${text}" ${start}` };
    if (typeof end === "string") return { error: `"${text}" ${end}` };
    const length = (end - start + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
    if (length === 0) return { error: `"${text}" starts and ends at the same time: write a window of less than a week` };
    return { text: text.trim(), start, length };
}

/** Milliseconds since the last Sunday 00:00 UTC. */
const msOfWeek = (now: Date): number => (now.getTime() - Date.UTC(1970, 0, 4)) % MS_PER_WEEK; // 1970-01-04 was a Sunday

export function inWindow(w: ChangeWindow, now: Date): boolean {
    return (msOfWeek(now) - w.start * MS_PER_MINUTE + MS_PER_WEEK) % MS_PER_WEEK < w.length * MS_PER_MINUTE;
}

/** The window that opens first after `now`, with its times. */
export function nextWindow(windows: readonly ChangeWindow[], now: Date): { window: ChangeWindow; opens: Date; closes: Date } | undefined {
    let best: { window: ChangeWindow; opens: Date; closes: Date } | undefined;
    for (const window of windows) {
        const opens = new Date(now.getTime() + ((window.start * MS_PER_MINUTE - msOfWeek(now) + MS_PER_WEEK) % MS_PER_WEEK));
        if (!best || opens < best.opens) best = { window, opens, closes: new Date(opens.getTime() + window.length * MS_PER_MINUTE) };
    }
    return best;
}

/** `Sat 2026-12-12 22:00`, in UTC. */
const when = (d: Date): string => `${DAYS[d.getUTCDay()]} ${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)}`;

// ---- roma-protected-instances ------------------------------------------------------------------

export interface ProtectedInstancesConfig {
    instanceIds: string[];
    changeWindowsUtc: ChangeWindow[];
}

export function protectedInstancesConfig(raw: Raw): ProtectedInstancesConfig {
    const policy = POLICY_NAMES.protectedInstances;
    onlyFields(policy, raw, ["instanceIds", "changeWindowsUtc"]);
    const instanceIds = stringList(policy, raw, "instanceIds", []);
    const changeWindowsUtc = stringList(policy, raw, "changeWindowsUtc", []).map((text, i) => {
        const w = parseWindow(text);
        if ("error" in w) throw new PolicyConfigError(policy, `changeWindowsUtc[${i}]`, w.error);
        return w;
    });
    return { instanceIds, changeWindowsUtc };
}

const MAX_LISTED = 10;

function whichTasks(props: Raw): string {
    const ids = props.taskIds;
    if (Array.isArray(ids)) {
        const shown = ids.slice(0, MAX_LISTED).map(String).join(", ");
        return ids.length > MAX_LISTED ? `tasks ${shown} and ${ids.length - MAX_LISTED} more (${ids.length} tasks)` : `tasks ${shown}`;
    }
    const selector = props.selector;
    if (selector && typeof selector === "object") {
        const fields = Object.entries(selector as Raw)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
        return `the tasks of selector { ${fields.join(", ")} }`;
    }
    return "its tasks";
}

/**
 * A TaskRunState that would stop tasks (`state: stopped`) of a protected instance outside every
 * change window: why, with the next window; undefined when allowed.
 */
export function checkProtectedInstances(r: PolicyResource, config: ProtectedInstancesConfig, now: Date): string | undefined {
    // Nothing protected: nothing to read (an input not known at preview would be reported as unjudgeable).
    if (!TOKENS.TaskRunState.has(r.type) || config.instanceIds.length === 0) return undefined;
    if (r.props.state !== "stopped") return undefined;
    const instanceId = r.props.instanceId;
    if (typeof instanceId !== "string" || !config.instanceIds.includes(instanceId)) return undefined;
    if (config.changeWindowsUtc.some((w) => inWindow(w, now))) return undefined;
    const next = nextWindow(config.changeWindowsUtc, now);
    const windowText = next
        ? `The next change window opens ${when(next.opens)} UTC and closes ${when(next.closes)} UTC ("${next.window.text}"); run the change then.`
        : "No change window is configured (changeWindowsUtc), so its tasks may not be stopped at any time.";
    return `TaskRunState "${r.name}" would stop ${whichTasks(r.props)} on protected instance ${instanceId} outside its change windows (now ${when(now)} UTC). ${windowText}`;
}

// ---- roma-reset-range --------------------------------------------------------------------------

export interface ResetRangeConfig {
    maxDaysBack: number;
}

export const DEFAULT_MAX_DAYS_BACK = 31;
const MS_PER_DAY = MINUTES_PER_DAY * MS_PER_MINUTE;

export function resetRangeConfig(raw: Raw): ResetRangeConfig {
    const policy = POLICY_NAMES.resetRange;
    onlyFields(policy, raw, ["maxDaysBack"]);
    const v = raw.maxDaysBack;
    if (v === undefined) return { maxDaysBack: DEFAULT_MAX_DAYS_BACK };
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0)
        throw new PolicyConfigError(policy, "maxDaysBack", `must be a whole number of days, 0 or more, got ${JSON.stringify(v)}`);
    return { maxDaysBack: v };
}

/** A TaskProgressReset whose `dateFrom` is in the future or further back than `maxDaysBack` days. */
export function checkResetRange(r: PolicyResource, config: ResetRangeConfig, now: Date): string | undefined {
    if (!TOKENS.TaskProgressReset.has(r.type)) return undefined;
    // Omitted: the API's own default. Not a date: the provider's check refuses it already.
    if (r.props.dateFrom === undefined) return undefined;
    const from = normalizeDateFrom(r.props.dateFrom);
    if (!from.ok) return undefined;
    const what = `TaskProgressReset "${r.name}" resets task ${String(r.props.taskId)} of instance ${String(r.props.instanceId)} from ${new Date(from.ms).toISOString()}`;
    if (from.ms > now.getTime()) return `${what}, which is in the future (now ${now.toISOString()}): a reset starts from a past time.`;
    const earliest = now.getTime() - config.maxDaysBack * MS_PER_DAY;
    if (from.ms < earliest) {
        const days = Math.floor((now.getTime() - from.ms) / MS_PER_DAY);
        return `${what}, ${days} days back, more than maxDaysBack (${config.maxDaysBack}): the earliest allowed is ${new Date(earliest).toISOString()}; a reset that far back reprocesses that much data.`;
    }
    return undefined;
}

// ---- roma-drs-wait -----------------------------------------------------------------------------

export interface DrsWaitConfig {
    stacks: string[];
}

export function drsWaitConfig(raw: Raw): DrsWaitConfig {
    const policy = POLICY_NAMES.drsWait;
    onlyFields(policy, raw, ["stacks"]);
    return { stacks: stringList(policy, raw, "stacks", ["*"]) };
}

/** The stack's name in a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export const stackOf = (urn: string): string => parseUrn(urn).stack;

const escapeRegExp = (text: string): string => text.replace(/[.+?^$|()[\]{}\\]/g, "\\$&");

/** A stack name pattern: `*` matches any run of characters, everything else itself. */
const matches = (pattern: string, stack: string): boolean => new RegExp(`^${pattern.split("*").map(escapeRegExp).join(".*")}$`).test(stack);

/** A DrsJobRetry that does not wait for its jobs to transfer again (`waitFor` absent or `none`), in a stack `stacks` names. */
export function checkDrsWait(r: PolicyResource, config: DrsWaitConfig): string | undefined {
    if (!TOKENS.DrsJobRetry.has(r.type)) return undefined;
    const stack = stackOf(r.urn);
    const pattern = config.stacks.find((p) => matches(p, stack));
    if (pattern === undefined) return undefined;
    // The provider's check fills in the default `none`, so absent and `none` are the same plan.
    if (r.props.waitFor === "transferring") return undefined;
    const jobs = Array.isArray(r.props.jobIds) ? ` jobs ${r.props.jobIds.map(String).join(", ")}` : "";
    return `DrsJobRetry "${r.name}" retries${jobs} without waitFor: transferring in stack "${stack}" (matches "${pattern}"): the up succeeds as soon as DRS accepts the retry, even if a job never transfers again. Set waitFor: transferring (and timeoutSeconds) so the up fails when a job does not resume.`;
}
