// The refusal line is written by the provider and read back by roma-plan from what the engine
// printed: the round trip must survive odd resource names and the engine's prefixes.
import { strict as assert } from "node:assert";
import { formatClaimedTwice, parseClaimedTwice, type ClaimedTwice } from "../../provider/core/claimed-twice";

const refusal: ClaimedTwice = {
    instanceId: "roma-nightly-inst",
    taskIds: ["orders-extract", "orders-clean"],
    claims: [
        { resource: 'keep "running", now', state: "started" },
        { resource: "keep-stopped", state: "stopped" },
    ],
};

describe("the CLAIMED_TWICE line", () => {
    it("reads back what it wrote, inside the engine's prefix and with advice after it", () => {
        const printed = `roma:fdi:TaskRunState resource 'keep-stopped': property taskIds value {[...]} has a problem: ${formatClaimedTwice(refusal)} Keep each task in one resource.`;
        assert.deepEqual(parseClaimedTwice(printed), [refusal]);
    });

    it("finds one refusal per line and nothing in other text", () => {
        const two = `${formatClaimedTwice(refusal)}\n${formatClaimedTwice({ ...refusal, taskIds: ["t9"] })}`;
        assert.deepEqual(
            parseClaimedTwice(two).map((c) => c.taskIds),
            [["orders-extract", "orders-clean"], ["t9"]],
        );
        assert.deepEqual(parseClaimedTwice("error: CLAIMED_TWICE for task t1"), []);
    });
});
