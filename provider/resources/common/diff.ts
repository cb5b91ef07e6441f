// Pure diffs: decide from old state and new inputs alone (no network), as preview requires.
// Which inputs replace and which lists are sets comes from the input schema (see inputs.ts).
import type { z } from "zod";
import { containsUnknown } from "../../core/unknown";
import { diffRules, type DiffRule, type Props } from "./inputs";

export interface DiffResult {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace?: boolean;
}

/** A changed property: a top-level input, or a path into observed outputs (`tasks[3].status`). */
export interface ChangedPath {
    path: string;
    replace: boolean;
    /** The change is of an input (as opposed to drift seen in outputs). */
    input: boolean;
    /** An entry that only one side has (absent: judged by the top-level input's presence, else an update). */
    kind?: "add" | "delete";
}

/** A path into the outputs where what was observed is not what the inputs plan (see ResourceHandler `drift`). */
export interface DriftPath {
    path: string;
    kind?: "add" | "delete";
}

export interface DetailedDiff extends DiffResult {
    paths: ChangedPath[];
}

/**
 * The one diff: the changed paths (inputs by their schema's diff rules, then the drift the
 * handler found in the outputs), from which `changes` and `replaces` follow, so the summary the
 * dynamic host gets and the detailed diff the plugin shows cannot disagree. A one-shot action
 * (every input marked to replace) thus replaces on any change, and only then.
 */
export function detailedDiff(schema: z.ZodObject, olds: Props, news: Props, drift: readonly DriftPath[] = []): DetailedDiff {
    const { updates, replaces } = diffInputs(schema, olds, news);
    return fromPaths([
        ...replaces.map((path) => ({ path, replace: true, input: true })),
        ...updates.map((path) => ({ path, replace: false, input: true })),
        ...drift.map((d) => ({ ...d, replace: false, input: false })),
    ]);
}

/** `changes` and `replaces` as the paths say. */
export function fromPaths(paths: ChangedPath[]): DetailedDiff {
    return { changes: paths.length > 0, replaces: paths.filter((p) => p.replace).map((p) => p.path), paths };
}

/** Each input of a schema with its diff rule, looked up once per schema rather than on every Diff. */
const rulesBySchema = new WeakMap<z.ZodObject, readonly (readonly [string, DiffRule])[]>();

function rulesOf(schema: z.ZodObject): readonly (readonly [string, DiffRule])[] {
    let rules = rulesBySchema.get(schema);
    if (!rules)
        rulesBySchema.set(schema, (rules = Object.entries(schema.shape).map(([key, field]) => [key, diffRules.get(field as z.ZodType) ?? {}] as const)));
    return rules;
}

const canonical = (rule: DiffRule, v: unknown): unknown => (rule.unordered && Array.isArray(v) ? (v as unknown[]).map(String).sort() : v);

/** A replacer for JSON.stringify that writes every object's keys in sorted order. */
const sortedKeys = (_key: string, v: unknown): unknown =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v;

/**
 * Whether two values are the same data, whatever order their objects' keys come in: stored state
 * is parsed back in its schema's order, while the engine sends an object input's fields in no
 * fixed order (a Struct's fields are a map, and Go's protobuf marshals maps in iteration order
 * unless asked to be deterministic: google.golang.org/protobuf `proto.MarshalOptions`), and
 * Pulumi's Node.js SDK hands them over sorted. The usual case, the same text, costs one stringify.
 */
export function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a ?? null) === JSON.stringify(b ?? null) || JSON.stringify(a ?? null, sortedKeys) === JSON.stringify(b ?? null, sortedKeys);
}

/** Every input of `schema` whose new value differs from the old one, split by its diff rule. */
export function diffInputs(schema: z.ZodObject, olds: Props, news: Props): { updates: string[]; replaces: string[] } {
    const updates: string[] = [];
    const replaces: string[] = [];
    for (const [key, rule] of rulesOf(schema)) {
        if (!containsUnknown(news[key]) && sameValue(canonical(rule, olds[key]), canonical(rule, news[key]))) continue;
        (rule.replace ? replaces : updates).push(key);
    }
    return { updates, replaces };
}
