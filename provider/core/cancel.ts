// The engine's Cancel (Ctrl-C, a cancelled update) reaches every wait through one AbortSignal
// per provider configuration: polls, retry backoffs and the rate limiter's slots all sleep here,
// so none outlives a Cancel by more than a tick.
import { CancelledError } from "./errors";

/** Resolves after `ms`, or rejects with a CancelledError as soon as `signal` aborts. */
export function sleepUnlessCancelled(ms: number, signal: AbortSignal | undefined, what = "a wait was"): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CancelledError(what));
    return new Promise<void>((resolve, reject) => {
        const onAbort = () => {
            clearTimeout(timer);
            reject(new CancelledError(what));
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}
