// What the admin API and the CLI say about a bad seed file, fault rule or state file: one line
// per problem that names the field, instead of zod's raw issue array.
import type { z } from "zod";
import { formatPath } from "../core/errors";

export interface Problem {
    /** Where in the body, e.g. `rules[0].operation`; `(body)` for the whole of it. */
    field: string;
    problem: string;
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const quote = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 80);

/** One issue as a sentence about its field, quoting the value given when there was one. */
function sentence(issue: z.core.$ZodIssue): string {
    const got = issue.input === undefined ? "" : `, got ${quote(issue.input)}`;
    switch (issue.code) {
        case "invalid_type":
            return issue.input === undefined ? "is required" : `must be ${article(issue.expected)}${got}`;
        case "invalid_value":
            return `must be one of ${issue.values.map(quote).join(", ")}${got}`;
        case "too_small": {
            const n = Number(issue.minimum);
            if (issue.origin === "array") return `must have at least ${n} item(s)`;
            if (issue.origin === "string") return `must not be empty`;
            return `must be ${issue.inclusive === false ? "greater than" : "at least"} ${n}${got}`;
        }
        case "too_big":
            return `must be ${issue.inclusive === false ? "less than" : "at most"} ${Number(issue.maximum)}${got}`;
        default:
            return issue.message;
    }
}

/** Each issue as a field and a sentence; unknown fields are named one by one. */
export function describeIssues(error: z.ZodError): Problem[] {
    return error.issues.flatMap((issue): Problem[] => {
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((k) => ({ field: formatPath([...issue.path, k]) || "(body)", problem: "is not a known field" }));
        }
        return [{ field: formatPath(issue.path) || "(body)", problem: sentence(issue) }];
    });
}

export function formatProblems(problems: readonly Problem[]): string {
    return problems.map((p) => `${p.field}: ${p.problem}`).join("; ");
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; problems: Problem[] };

/** Parses `value`, keeping each offending input so a problem can quote it (emulator data holds no secret). */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): Parsed<T> {
    const r = schema.safeParse(value, { reportInput: true });
    return r.success ? { ok: true, data: r.data } : { ok: false, problems: describeIssues(r.error) };
}
