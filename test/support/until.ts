// Waiting for something another process does (a request in the emulator's log, a line on a
// pipe): the test goes on when it has happened, never after a guessed pause.
import { strict as assert } from "node:assert";

/** Resolves once `ok` holds, checking every 25 ms; fails naming `what` if it never does (after a generous 30 s). */
export async function until(what: string, ok: () => boolean | Promise<boolean>): Promise<void> {
    for (let i = 0; i < 1200; i++) {
        if (await ok()) return;
        await new Promise((r) => setTimeout(r, 25));
    }
    assert.fail(`timed out waiting for ${what}`);
}
