// The coalescer on its own: askers of one key within the gather window share one call and
// each gets only its own IDs' outcome; a call too small waits to be filled and goes once full.
import { strict as assert } from "node:assert";
import { mock } from "node:test";
import { useFakeTimers } from "../support/fake-timers";
import { Coalescer } from "../../provider/coordinator/coalesce";

/** A coalescer whose calls answer each ID with itself, recording what each call asked for. */
function echo(opts: { fill?: { limit: number; fillMs: number }; fail?: boolean } = {}) {
    const calls: string[][] = [];
    const c = new Coalescer<string[]>({
        gatherMs: 2,
        ...(opts.fill && { fill: { ...opts.fill, now: Date.now } }),
        send: async (ids) => {
            calls.push(ids);
            if (opts.fail) throw new Error("HTTP 503");
            const answered = new Set(ids);
            return (mine) => mine.filter((id) => answered.has(id));
        },
    });
    return { c, calls };
}

describe("coalescer", () => {
    it("askers within the gather window share one call for the union of their IDs, each answered with its own", async () => {
        const { c, calls } = echo();
        const [a, b] = await Promise.all([c.ask(["x", "y"]), c.ask(["y", "z"])]);
        assert.deepEqual(calls, [["x", "y", "z"]]);
        assert.deepEqual(
            [a, b],
            [
                ["x", "y"],
                ["y", "z"],
            ],
        );
        assert.equal(c.pending(), 0);
    });

    it("a failed call fails every asker in it and leaves nobody waiting", async () => {
        const { c } = echo({ fail: true });
        const results = await Promise.allSettled([c.ask(["x"]), c.ask(["y"])]);
        assert.deepEqual(
            results.map((r) => r.status),
            ["rejected", "rejected"],
        );
        assert.equal(c.pending(), 0);
    });

    describe("on a fake clock", () => {
        // The coalescer's setTimeout and Date.now move only when told (mock.timers.tick).
        useFakeTimers();

        it("a call under the limit waits to be filled, counted as pending but not out, and goes once full", async () => {
            const { c, calls } = echo({ fill: { limit: 4, fillMs: 10_000 } });
            const first = c.ask(["a", "b"]);
            mock.timers.tick(9_999);
            assert.deepEqual([calls.length, c.pending(), c.out()], [0, 1, 0]);
            const second = c.ask(["c", "d"]);
            mock.timers.tick(2); // the gather window of the ask that filled it
            await Promise.all([first, second]);
            assert.deepEqual(calls, [["a", "b", "c", "d"]]);
        });

        it("a call nobody fills goes when fillMs has passed since it began to wait", async () => {
            const { c, calls } = echo({ fill: { limit: 4, fillMs: 10_000 } });
            const first = c.ask(["a", "b"]);
            mock.timers.tick(2); // gathered: from now on it waits to be filled
            mock.timers.tick(9_999);
            assert.deepEqual(calls, []);
            mock.timers.tick(1);
            assert.deepEqual(await first, ["a", "b"]);
            assert.deepEqual(calls, [["a", "b"]]);
        });
    });
});
