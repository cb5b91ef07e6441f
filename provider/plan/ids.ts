// What a resource ID may look like. IDs go into URL paths, so anything that could change the
// path (`/`, `..`, `?`, `#`, `%`) or the request (whitespace, control characters) is refused
// before any call, with a reason that names the offending character.
import { z } from "zod";
import { UNKNOWN } from "./unknown";

const FORBIDDEN: [RegExp, string][] = [
    [/\//, "contains '/'"],
    [/\.\./, "contains '..'"],
    [/\?/, "contains '?'"],
    [/#/, "contains '#'"],
    [/%/, "contains '%'"],
    [/\s/, "contains whitespace"],
    // eslint-disable-next-line no-control-regex
    [/[\u0000-\u001f\u007f]/, "contains a control character"],
];

/** Why `s` is not a valid ID, or undefined when it is. */
export function idProblem(s: string): string | undefined {
    if (s.length === 0) return "must not be empty";
    if (s.length > 64) return `must be at most 64 characters (got ${s.length})`;
    for (const [re, why] of FORBIDDEN) if (re.test(s)) return `${why}, which is not allowed in an ID`;
    if (!/^[A-Za-z0-9_.-]+$/.test(s)) return "may contain only letters, digits, '-', '_' and '.'";
    return undefined;
}

const stringError = (iss: { input: unknown }) => (iss.input === undefined ? "is required" : `must be a string, got ${typeof iss.input}`);

/** An ID; Pulumi's unknown-value sentinel passes (preview), to be checked once known. */
export const ResourceId = z.string({ error: stringError }).superRefine((s, ctx) => {
    if (s === UNKNOWN) return;
    const problem = idProblem(s);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** A non-empty list of distinct IDs. */
export function idList(what: string) {
    return z
        .array(ResourceId, { error: (iss) => (iss.input === undefined ? "is required" : `must be a list of ${what} IDs`) })
        .min(1, `must list at least one ${what}`)
        .max(1000, `must list at most 1000 ${what}s; split them over several resources`)
        .superRefine((ids, ctx) => {
            const first = new Map<string, number>();
            ids.forEach((id, i) => {
                if (id === UNKNOWN) return;
                const seen = first.get(id);
                if (seen === undefined) first.set(id, i);
                else ctx.addIssue({ code: "custom", path: [i], message: `duplicate of [${seen}] ("${id}")` });
            });
        });
}
