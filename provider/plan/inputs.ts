// Input schemas of the three resources and the check step: validate every input, name each bad
// property, normalise what has a canonical form, and let values not known yet (preview) pass.
import { z } from "zod";
import { formatPath } from "../api/errors";
import { normalizeDateFrom } from "./date-from";
import { idList, ResourceId } from "./ids";
import { isUnknown, UNKNOWN } from "./unknown";

const enumError = (values: readonly string[]) => (iss: { input: unknown }) =>
    iss.input === undefined ? "is required" : `must be one of ${values.map((v) => `"${v}"`).join(", ")}, got ${JSON.stringify(iss.input)}`;

const RUN_STATES = ["started", "stopped"] as const;
const ON_DELETE = ["keep", "stop", "restore"] as const;
const WAIT_FOR = ["none", "transferring"] as const;

const DateFrom = z.union([z.number(), z.string()], { error: "must be a number (UTC milliseconds) or an ISO-8601 string" }).transform((v, ctx) => {
    if (v === UNKNOWN) return v;
    const r = normalizeDateFrom(v);
    if (!r.ok) {
        ctx.addIssue({ code: "custom", message: r.reason });
        return z.NEVER;
    }
    return r.ms;
});

const Triggers = z.array(z.unknown(), { error: "must be a list" });

export const TaskRunStateInputs = z.strictObject({
    instanceId: ResourceId,
    taskIds: idList("task"),
    state: z.enum(RUN_STATES, { error: enumError(RUN_STATES) }),
    projectId: ResourceId.optional(),
    onDelete: z.enum(ON_DELETE, { error: enumError(ON_DELETE) }).default("keep"),
});
export type TaskRunStateInputs = z.infer<typeof TaskRunStateInputs>;

export const TaskProgressResetInputs = z.strictObject({
    instanceId: ResourceId,
    taskId: ResourceId,
    dateFrom: DateFrom.optional(),
    projectId: ResourceId.optional(),
    triggers: Triggers.optional(),
});
export type TaskProgressResetInputs = z.infer<typeof TaskProgressResetInputs>;

export const DrsJobRetryInputs = z.strictObject({
    jobIds: idList("job"),
    isSyncReEdit: z.boolean({ error: "must be a boolean" }).optional(),
    projectId: ResourceId.optional(),
    triggers: Triggers.optional(),
    waitFor: z.enum(WAIT_FOR, { error: enumError(WAIT_FOR) }).default("none"),
    timeoutSeconds: z
        .number({ error: "must be a number of seconds" })
        .int("must be whole seconds")
        .min(1, "must be at least 1")
        .max(86400, "must be at most 86400 (24 h)")
        .default(600),
});
export type DrsJobRetryInputs = z.infer<typeof DrsJobRetryInputs>;

export interface CheckFailure {
    property: string;
    reason: string;
}

/** Keys the Pulumi machinery adds to inputs; never the user's. */
const RESERVED = new Set(["__provider"]);

/**
 * Validates and normalises inputs. Properties whose value is unknown (preview) skip
 * validation and stay unknown; the rest are checked, defaulted and normalised.
 */
export function checkInputs<S extends z.ZodObject>(schema: S, news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: CheckFailure[] } {
    const unknownKeys: Record<string, true> = {};
    const known: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(news)) {
        if (RESERVED.has(k) || v === undefined || v === null) continue;
        if (isUnknown(v)) unknownKeys[k] = true;
        else known[k] = v;
    }
    const shapeKeys = Object.keys(schema.shape).filter((k) => unknownKeys[k]);
    const partial = shapeKeys.length > 0 ? schema.omit(Object.fromEntries(shapeKeys.map((k) => [k, true])) as never) : schema;
    const parsed = partial.safeParse(known);
    if (!parsed.success) {
        const failures = parsed.error.issues.flatMap((i): CheckFailure[] =>
            i.code === "unrecognized_keys"
                ? i.keys.map((k) => ({ property: formatPath([...i.path, k]), reason: "is not an input of this resource" }))
                : [{ property: formatPath(i.path) || "(inputs)", reason: i.message }],
        );
        return { inputs: news, failures };
    }
    const inputs: Record<string, unknown> = { ...(parsed.data as Record<string, unknown>) };
    for (const k of Object.keys(unknownKeys)) inputs[k] = UNKNOWN;
    return { inputs, failures: [] };
}

/** Parses inputs that check() already accepted (create/update), without Pulumi's own keys. */
export function parseChecked<S extends z.ZodObject>(schema: S, props: Record<string, unknown>): z.infer<S> {
    const own = Object.fromEntries(Object.entries(props).filter(([k, v]) => !RESERVED.has(k) && v !== undefined && v !== null));
    return schema.parse(own);
}
