// The one expected-failure helper of the tests: the error a promise rejects with, checked to be
// of the expected class, and a test failure (never a value) when the promise resolves instead.
import { strict as assert } from "node:assert";

/** The error `p` rejects with, which must be an instance of `type`; fails the test when `p` resolves. */
export async function rejection<E extends Error>(p: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
    let rejected: { error: unknown } | undefined;
    try {
        await p;
    } catch (error) {
        rejected = { error };
    }
    if (rejected === undefined) return assert.fail(`expected ${type.name}, but it resolved`);
    assert.ok(rejected.error instanceof type, `expected ${type.name}, got ${String(rejected.error)}`);
    return rejected.error;
}
