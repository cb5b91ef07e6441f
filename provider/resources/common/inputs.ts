// What every resource's input schema is made of, and the check step: validate every input,
// name each bad property, normalise what has a canonical form, and let values not known yet
// (preview) pass. Each input carries its diff rule in the schema itself (`replaceOnChange`,
// `unordered`), so a new input is diffed the moment it is declared.
import { z } from "zod";
import { formatPath } from "../../core/errors";
import { idProblem } from "../../core/ids";
import { containsUnknown, isUnknown, UNKNOWN } from "../../core/unknown";
import type { CheckFailure, Props } from "./types";

export type { CheckFailure, Props } from "./types";

/** How a change of one input is planned. Absent: an in-place update. */
export interface DiffRule {
    /** A change replaces the resource. */
    replace?: boolean;
    /** The value is a list whose order means nothing. */
    unordered?: boolean;
}

export const diffRules = z.registry<DiffRule>();

function withRule<S extends z.ZodType>(schema: S, rule: DiffRule): S {
    // A copy carries the rule, so a schema shared by several inputs is never marked for all.
    const copy = schema.clone();
    (copy as z.ZodType).register(diffRules, { ...diffRules.get(schema), ...rule });
    return copy;
}

/** Marks an input whose change replaces the resource. */
export const replaceOnChange = <S extends z.ZodType>(schema: S): S => withRule(schema, { replace: true });

/** Marks a list input whose order means nothing. */
export const unordered = <S extends z.ZodType>(schema: S): S => withRule(schema, { unordered: true });

const stringError = (iss: { input: unknown }) => (iss.input === undefined ? "is required" : `must be a string, got ${typeof iss.input}`);

/** An ID under the core rule; Pulumi's unknown-value sentinel passes (preview), to be checked once known. */
export function resourceId() {
    return z.string({ error: stringError }).superRefine((s, ctx) => {
        if (s === UNKNOWN) return;
        const problem = idProblem(s);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/** The most IDs one resource holds (one listing page of the API, and a plan a reviewer can read). */
export const MAX_IDS = 1000;

/** A non-empty list of distinct IDs. */
export function idList(what: string) {
    return z
        .array(resourceId(), { error: (iss) => (iss.input === undefined ? "is required" : `must be a list of ${what} IDs`) })
        .min(1, `must list at least one ${what}`)
        .max(MAX_IDS, `must list at most ${MAX_IDS} ${what}s; split them over several resources`)
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

/** An enum-like input; every one answers a wrong value with `must be one of "a", "b", got "c"`. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
    return z.enum(values, {
        error: (iss) =>
            iss.input === undefined ? "is required" : `must be one of ${values.map((v) => `"${v}"`).join(", ")}, got ${JSON.stringify(iss.input)}`,
    });
}

/** A whole number of seconds from `min` to `max`, with the messages every such input gives. */
export function seconds(min: number, max: number, fallback: number) {
    const label = max % 3600 === 0 ? `${max / 3600} h` : `${max} s`;
    return z
        .number({ error: "must be a number of seconds" })
        .int("must be whole seconds")
        .min(min, min === 0 ? "must not be negative" : `must be at least ${min}`)
        .max(max, `must be at most ${max} (${label})`)
        .default(fallback);
}

// The fields every resource and the function share, each declared (and described) once here.
// A resource whose field replaces it says so in the field's text, since the rule differs
// between resources and the function.

const REPLACES = "Changing it replaces the resource.";

const INSTANCE_ID_DOC = "ROMA Connect instance ID.";

/** `instanceId`: the ROMA Connect instance of the tasks. */
export const instanceId = () => resourceId().describe(INSTANCE_ID_DOC);

/** `instanceId` of a resource that says a change replaces it (the one-shot resources are replaced by any change anyway). */
export const replacingInstanceId = () => replaceOnChange(resourceId().describe(`${INSTANCE_ID_DOC} ${REPLACES}`));

const PROJECT_ID_DOC = "Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`).";

/** `projectId` of the function: optional, the provider's by default. */
export const projectId = () => resourceId().optional().describe(PROJECT_ID_DOC);

/** A resource's `projectId`: a change replaces the resource (its tasks or jobs are another project's). */
export const replacingProjectId = () => replaceOnChange(resourceId().optional().describe(`${PROJECT_ID_DOC} ${REPLACES}`));

/** Any change to these values runs the one-shot action again (like @pulumi/command's `triggers`). */
export const triggers = () => z.array(z.unknown(), { error: "must be a list" });

/**
 * Keys the Pulumi machinery adds to inputs; never the user's. `__urn` is the resource's own URN,
 * which the classes send so the dynamic provider (whose host passes it no URN) can name the
 * resource in the engine's progress display.
 */
const RESERVED = new Set(["__provider", "__urn"]);

/** The user's own properties: without Pulumi's keys and without absent values. */
export function ownProps(props: Props): Props {
    return Object.fromEntries(Object.entries(props).filter(([k, v]) => !RESERVED.has(k) && v !== undefined && v !== null));
}

/** An object input (not a list) with a value not known yet inside it: its fields cannot be checked apart. */
const holdsUnknown = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v) && containsUnknown(v);

/** Schemas without some of their fields, by schema and the fields left out (joined by commas). */
const omittedSchemas = new WeakMap<z.ZodObject, Map<string, z.ZodObject>>();

/**
 * `schema` without `keys`, made once per set of keys: a preview sends the same inputs unknown for
 * every resource of a kind, and a schema made afresh would be built, and its parser compiled
 * by zod, on every Check.
 */
function without(schema: z.ZodObject, keys: readonly string[]): z.ZodObject {
    const bySchema = omittedSchemas.get(schema) ?? new Map<string, z.ZodObject>();
    omittedSchemas.set(schema, bySchema);
    const id = [...keys].sort().join(",");
    let made = bySchema.get(id);
    if (!made) bySchema.set(id, (made = schema.omit(Object.fromEntries(keys.map((k) => [k, true])) as never)));
    return made;
}

/**
 * Validates and normalises inputs. Properties whose value is unknown (preview) skip
 * validation and stay unknown; the rest are checked, defaulted and normalised. `crossCheck`
 * judges rules between properties (exactly one of two) on the user's own properties, unknown
 * values included.
 */
export function checkInputs(schema: z.ZodObject, news: Props, crossCheck?: (own: Props) => CheckFailure[]): { inputs: Props; failures: CheckFailure[] } {
    const own = ownProps(news);
    const across = crossCheck?.(own) ?? [];
    const unknownKeys = Object.keys(own).filter((k) => isUnknown(own[k]) || holdsUnknown(own[k]));
    const known = Object.fromEntries(Object.entries(own).filter(([k]) => !unknownKeys.includes(k)));
    const omitted = unknownKeys.filter((k) => k in schema.shape);
    const parsed = (omitted.length > 0 ? without(schema, omitted) : schema).safeParse(known);
    if (!parsed.success) {
        const failures = parsed.error.issues.flatMap((i): CheckFailure[] =>
            i.code === "unrecognized_keys"
                ? i.keys.map((k) => ({ property: formatPath([...i.path, k]), reason: "is not an input of this resource" }))
                : [{ property: formatPath(i.path) || "(inputs)", reason: i.message }],
        );
        return { inputs: news, failures: [...across, ...failures] };
    }
    if (across.length > 0) return { inputs: news, failures: across };
    const inputs: Props = { ...(parsed.data as Props) };
    for (const k of unknownKeys) inputs[k] = UNKNOWN;
    return { inputs, failures: [] };
}

/**
 * Check failures as the engine is to print them. The engine writes a failure with a property as
 * `property <p> value <v> has a problem: <reason>`, taking <v> from the top-level input named <p>
 * (`issueCheckFailures` in pulumi/pulumi pkg/resource/deploy/step_generator.go) and printing it
 * in Go's form: a path into a value (`taskIds[1]`) or a missing input comes out as `{<nil>}`, an
 * array or object as `{[...]}`. Such a failure goes without a property, the path leading its
 * reason (`<resource> has a problem: taskIds[1]: …`); a failure of a scalar input keeps it.
 */
export function forEngine(failures: readonly CheckFailure[], inputs: Props): CheckFailure[] {
    const scalar = (p: string) => Object.hasOwn(inputs, p) && ["string", "number", "boolean"].includes(typeof inputs[p]);
    return failures.map((f) => (f.property === "" || scalar(f.property) ? f : { property: "", reason: `${f.property}: ${f.reason}` }));
}

/** Parses inputs that check() already accepted (create/update), without Pulumi's own keys. */
export function parseChecked<S extends z.ZodObject>(schema: S, props: Props): z.infer<S> {
    return schema.parse(ownProps(props));
}
