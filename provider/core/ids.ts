// The one rule for IDs (project, instance, task, job). IDs go into URL paths, so anything that
// could change the path (`/`, `..`, a whole `.`, `?`, `#`, `%`) or the request (whitespace, control
// characters) is refused before any call, with a reason that names the offending character.
// Config, resource inputs, the API client and the emulator all use this rule.
import { InputError } from "./errors";

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

export const MAX_ID_LENGTH = 64;

/** Why `s` is not a valid ID, or undefined when it is. */
export function idProblem(s: string): string | undefined {
    if (s.length === 0) return "must not be empty";
    if (s.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters (got ${s.length})`;
    // URL normalisation removes a path segment of "." (`/instances/./tasks` becomes
    // `/instances/tasks`), so the call would reach another route; ".." is refused below.
    if (s === ".") return `is ".", which would change the URL path and is not allowed as an ID`;
    for (const [re, why] of FORBIDDEN) if (re.test(s)) return `${why}, which is not allowed in an ID`;
    if (!/^[A-Za-z0-9_.-]+$/.test(s)) return "may contain only letters, digits, '-', '_' and '.'";
    return undefined;
}

/** Returns `value` when it is a valid ID; otherwise throws an InputError naming `name`. */
export function checkId(name: string, value: string): string {
    const problem = idProblem(value);
    if (problem) throw new InputError(`${name} ${problem}: ${JSON.stringify(value.slice(0, 80))}`);
    return value;
}
