// Bounded concurrency for the calls of one operation: enough parallelism to converge many
// tasks quickly, without a burst that trips the gateway's throttling.

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Runs `fn` over `items` with at most `limit` in flight; results in input order, all settled. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<Settled<R>[]> {
    const results = new Array<Settled<R>>(items.length);
    let next = 0;
    async function worker(): Promise<void> {
        while (next < items.length) {
            const i = next++;
            try {
                results[i] = { ok: true, value: await fn(items[i], i) };
            } catch (error) {
                results[i] = { ok: false, error };
            }
        }
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return results;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}
