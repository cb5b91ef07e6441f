// A stack of many small TaskRunStates through one real host, with the provider's defaults
// (shared listings, coalesced writes, the client-side rate limit), at a size CI can afford:
// the calls stay near the API's minimum, and the gateway's flow control fails nothing.
import { strict as assert } from "node:assert";
import { stackPhases, underFlowControl, type StackScenario } from "../support/stack";

const SMALL: StackScenario = { resources: 24, tasksPerResource: 5, instanceTasks: 1500, parallel: 8, latencyMs: 5, drifted: 12 };

describe("a stack of many resources through one host", function () {
    this.timeout(180_000);

    it("first up, refresh and drift stay within 1.3, 1.5 and 1.5 times the minimum calls, without failures", async () => {
        const [up, refresh, drift] = await stackPhases(SMALL);
        for (const p of [up, refresh, drift]) assert.equal(p.failures, 0, `${p.phase}: ${p.failures} resources failed`);
        assert.ok(up.calls <= 1.3 * up.minimum, `first up: ${up.calls} calls, minimum ${up.minimum}`);
        assert.ok(refresh.calls <= 1.5 * refresh.minimum, `refresh: ${refresh.calls} calls, minimum ${refresh.minimum}`);
        assert.ok(drift.calls <= 1.5 * drift.minimum, `drift: ${drift.calls} calls, minimum ${drift.minimum}`);
        assert.equal(up.writes, Math.ceil((SMALL.resources * SMALL.tasksPerResource) / 10), "writes in full calls of 10");
    });

    it("under the gateway's flow control (10 requests a second) every resource converges and none fails", async () => {
        const fc = await underFlowControl({ ...SMALL, resources: 16 }, 10);
        assert.equal(fc.failures, 0);
        assert.equal(fc.converged, fc.tasks);
    });
});
