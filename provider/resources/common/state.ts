// Stored state across versions: every output carries `stateVersion`, and read, update and
// delete first lift state written by any earlier version to the current shape.
import type { z } from "zod";
import { formatPath, InputError } from "../../core/errors";
import type { Props } from "./inputs";

/** Version of the state this code writes. 0.1.0 wrote 1. */
export const STATE_VERSION = 1;

/**
 * Lifts stored state to STATE_VERSION through each step in turn, then parses it. State
 * without a version predates nothing we shipped (0.1.0 already wrote 1), so it counts as 1.
 * State from a newer version is refused: its meaning may have changed in ways this code
 * cannot know, and guessing could start or stop the wrong tasks.
 */
export function migrateState<S>(type: string, schema: z.ZodType<S>, migrations: Readonly<Record<number, (state: Props) => Props>>, stored: Props): S {
    const raw = stored.stateVersion;
    let version = typeof raw === "number" && Number.isInteger(raw) ? raw : 1;
    if (version > STATE_VERSION) {
        throw new InputError(
            `${type}: the stored state was written by a newer pulumi-roma-tasks (state version ${version}, this one reads up to ${STATE_VERSION}); upgrade the package in this project`,
        );
    }
    let state: Props = { ...stored };
    for (; version < STATE_VERSION; version++) {
        const step = migrations[version];
        if (!step) throw new Error(`${type}: no migration from state version ${version}`);
        state = step(state);
    }
    const parsed = schema.safeParse({ ...state, stateVersion: STATE_VERSION });
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(
            `${type}: the stored state cannot be read: \`${formatPath(issue.path) || "(state)"}\` ${issue.message}; run \`pulumi refresh\` or recreate the resource`,
        );
    }
    return parsed.data;
}

/**
 * Outputs as the host can encode them: protobuf Structs reject `undefined` ("Unexpected struct
 * type", which on the partial-failure path even leaves the call unanswered), so drop it at any
 * depth, and stamp the state version.
 */
export function toOutputs(props: object): Props {
    return { ...(dropUndefined(props) as Props), stateVersion: STATE_VERSION };
}

function dropUndefined(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(dropUndefined);
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(
            Object.entries(v)
                .filter(([, x]) => x !== undefined)
                .map(([k, x]) => [k, dropUndefined(x)]),
        );
    }
    return v;
}
