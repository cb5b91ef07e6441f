// Progress of a long wait (tasks settling, DRS jobs transferring) as the engine shows it: one
// status line per resource, replaced by the next, at most every few seconds, and a final line
// that stays, saying what was reached. Handlers describe; the adapters deliver (the engine's
// Log with the resource's URN, as an ephemeral status or a lasting line).
import type { HandlerContext } from "./handler";

/** Status lines closer together than this are dropped: the engine redraws for each one. */
export const PROGRESS_EVERY_MS = 5000;

/** `45s`, `1m20s`, `10m`, `1h5m`: how people read a wait. */
export function formatDuration(ms: number): string {
    const total = Math.max(0, Math.round(ms / 1000));
    const [h, m, s] = [Math.floor(total / 3600), Math.floor((total % 3600) / 60), total % 60];
    if (h > 0) return `${h}h${m > 0 ? `${m}m` : ""}`;
    if (m > 0) return `${m}m${s > 0 ? `${s}s` : ""}`;
    return `${s}s`;
}

/** `2 transferring, 3 FULL_TRANSFER_STARTED`: how many of each, largest group first, ties by name. */
export function countBy(values: readonly string[]): string {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts]
        .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
        .map(([v, n]) => `${n} ${v}`)
        .join(", ");
}

export interface Progress {
    /** A status line for now, unless one went out less than PROGRESS_EVERY_MS ago; `elapsed` is e.g. `1m20s of 10m`. */
    update(describe: (elapsed: string) => string): void;
    /** The line that stays, only when the wait showed any progress (a wait that ended at once says nothing). */
    done(message: string): void;
    /** Time since the wait began, e.g. `1m20s`. */
    elapsed(): string;
}

export function trackProgress(ctx: HandlerContext, limitMs: number): Progress {
    const start = ctx.now();
    let last: number | undefined;
    const elapsed = () => formatDuration(ctx.now() - start);
    return {
        update(describe) {
            const now = ctx.now();
            if (last !== undefined && now - last < PROGRESS_EVERY_MS) return;
            last = now;
            ctx.status?.(describe(`${elapsed()} of ${formatDuration(limitMs)}`), false);
        },
        done(message) {
            if (last !== undefined) ctx.status?.(message, true);
        },
        elapsed,
    };
}
