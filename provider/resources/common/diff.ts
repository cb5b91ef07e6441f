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

/** A one-shot action: every input replaces (the schema marks them), which runs the action again. */
export function diffOneShot(schema: z.ZodObject, olds: Props, news: Props): DiffResult {
    const { replaces } = diffInputs(schema, olds, news);
    return { changes: replaces.length > 0, replaces };
}

/** Each input of a schema with its diff rule, looked up once per schema rather than on every Diff. */
const rulesBySchema = new WeakMap<z.ZodObject, readonly (readonly [string, DiffRule])[]>();

function rulesOf(schema: z.ZodObject): readonly (readonly [string, DiffRule])[] {
    let rules = rulesBySchema.get(schema);
    if (!rules)
        rulesBySchema.set(schema, (rules = Object.entries(schema.shape).map(([key, field]) => [key, diffRules.get(field as z.ZodType) ?? {}] as const)));
    return rules;
}

const canonical = (rule: DiffRule, v: unknown) => JSON.stringify(rule.unordered && Array.isArray(v) ? (v as unknown[]).map(String).sort() : (v ?? null));

/** Every input of `schema` whose new value differs from the old one, split by its diff rule. */
export function diffInputs(schema: z.ZodObject, olds: Props, news: Props): { updates: string[]; replaces: string[] } {
    const updates: string[] = [];
    const replaces: string[] = [];
    for (const [key, rule] of rulesOf(schema)) {
        if (!containsUnknown(news[key]) && canonical(rule, olds[key]) === canonical(rule, news[key])) continue;
        (rule.replace ? replaces : updates).push(key);
    }
    return { updates, replaces };
}
