// Pure diffs: decide from old state and new inputs alone (no network), as preview requires.
import { containsUnknown } from "./unknown";

export interface DiffResult {
    changes: boolean;
    replaces: string[];
    deleteBeforeReplace?: boolean;
}

type Props = Record<string, unknown>;

/** Lists of IDs are sets: reordering them changes nothing. */
const SET_KEYS = new Set(["taskIds", "jobIds"]);

function canonical(key: string, v: unknown): string {
    if (SET_KEYS.has(key) && Array.isArray(v)) return JSON.stringify([...v].map(String).sort());
    return JSON.stringify(v ?? null);
}

export function differs(key: string, olds: Props, news: Props): boolean {
    if (containsUnknown(news[key])) return true;
    return canonical(key, olds[key]) !== canonical(key, news[key]);
}

/** TaskRunState: inputs changed, or a task last observed out of its desired state (drift). */
export function diffTaskRunState(olds: Props, news: Props): DiffResult {
    const replaces = ["instanceId", "projectId"].filter((k) => differs(k, olds, news));
    const changed = ["taskIds", "state", "onDelete"].some((k) => differs(k, olds, news));
    const tasks = Array.isArray(olds.tasks) ? (olds.tasks as { taskId?: unknown; status?: unknown }[]) : [];
    const drift = !containsUnknown(news.state) && tasks.some((t) => t.status !== news.state);
    return { changes: replaces.length > 0 || changed || drift, replaces };
}

/** One-shot actions: any input change replaces, which runs the action again. */
export function diffReplaceOnAnyChange(keys: readonly string[], olds: Props, news: Props): DiffResult {
    const replaces = keys.filter((k) => differs(k, olds, news));
    return { changes: replaces.length > 0, replaces };
}

export const RESET_KEYS = ["instanceId", "taskId", "dateFrom", "projectId", "triggers"] as const;
export const DRS_RETRY_KEYS = ["jobIds", "isSyncReEdit", "projectId", "triggers", "waitFor", "timeoutSeconds"] as const;
