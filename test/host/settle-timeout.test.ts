// `settleTimeoutSeconds`, a TaskRunState input added after 0.1.0: state written by 0.1.0 lacks
// it and reads as the default (60), so a preview of an unchanged 0.1.0 resource plans no change;
// setting it is an in-place update, not a replacement, and makes no write call.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { SeedData } from "../../provider/emulator";
import { ResourceFlow, writeCalls, type Stack, useStack } from "../support/engine";
import { REPO } from "../support/package-fixture";

interface Fixture {
    id: string;
    inputs: Record<string, unknown>;
    state: Record<string, unknown>;
    emulatorSeed: SeedData;
}

const fixture = JSON.parse(readFileSync(path.join(REPO, "test", "fixtures", "state-0.1.0", "task-run-state-started.json"), "utf8")) as Fixture;

describe("TaskRunState settleTimeoutSeconds and state written by 0.1.0", function () {
    this.timeout(120_000);
    const current = useStack();
    let stack: Stack;
    let flow: ResourceFlow;
    beforeEach(async () => {
        stack = current();
        await stack.emulator.admin.seed(fixture.emulatorSeed);
        await stack.emulator.admin.clearRequests();
        flow = new ResourceFlow(stack, "TaskRunState", "settle");
        flow.id = fixture.id;
        flow.state = { ...fixture.state };
    });

    it("0.1.0 state has no settleTimeoutSeconds, and an unchanged program plans no change", async () => {
        assert.ok(!("settleTimeoutSeconds" in fixture.state));
        const r = await flow.preview(fixture.inputs);
        assert.deepEqual(r.failures, []);
        assert.equal(r.diff?.changes, "none");
        assert.equal((await flow.preview({ ...fixture.inputs, settleTimeoutSeconds: 60 })).diff?.changes, "none", "60 is the default");
        assert.deepEqual(await stack.emulator.admin.requests(), []);
    });

    it("refresh reads 0.1.0 state with the default", async () => {
        assert.equal((await flow.refresh()).settleTimeoutSeconds, 60);
    });

    it("setting it is an in-place update that writes nothing", async () => {
        const r = await flow.up({ ...fixture.inputs, settleTimeoutSeconds: 5 });
        assert.equal(r.action, "update");
        assert.deepEqual(r.diff?.replaces, []);
        assert.equal(flow.state.settleTimeoutSeconds, 5);
        assert.deepEqual(await writeCalls(stack), []);
    });

    it("check refuses a value that is not whole seconds from 0 to 3600", async () => {
        for (const [value, reason] of [
            [-1, /must not be negative/],
            [1.5, /must be whole seconds/],
            [7200, /at most 3600/],
            ["60", /must be a number of seconds/],
        ] as const) {
            const r = await flow.preview({ ...fixture.inputs, settleTimeoutSeconds: value });
            assert.match(r.failures.find((f) => f.property === "settleTimeoutSeconds")?.reason ?? "(none)", reason);
        }
    });
});
