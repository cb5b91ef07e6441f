// Node's own fake timers (node:test's MockTimers) for code that waits on setTimeout and
// Date.now: time moves only when a test says so, so "it has not happened yet" is asserted at an
// exact instant instead of after a real pause that a slow or a fast machine could blur.
import { mock } from "node:test";

/** Fakes setTimeout and Date for each test of the enclosing describe; `advance` moves time in steps. */
export function useFakeTimers(): { advance(ms: number, stepMs?: number): Promise<void> } {
    beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "Date"] }));
    afterEach(() => mock.timers.reset());
    // Promise chains between timers (a fake's answer, then the next timer set) run between steps.
    const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
    return {
        async advance(ms, stepMs = 1) {
            await settle();
            for (let moved = 0; moved < ms; moved += stepMs) {
                mock.timers.tick(Math.min(stepMs, ms - moved));
                await settle();
            }
        },
    };
}
