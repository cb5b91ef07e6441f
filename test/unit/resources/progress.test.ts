// Progress of DrsJobRetry's wait on a fake clock: status lines at most every few seconds with
// each job's standing and the time waited of the limit, and a final line that says what was
// reached, for a wait that ends in transfer and one that times out.
import { strict as assert } from "node:assert";
import { handler as drs } from "../../../provider/resources/drs-job-retry/handler";
import { DrsJobRetryInputs } from "../../../provider/resources/drs-job-retry/schema";
import { PROGRESS_EVERY_MS } from "../../../provider/resources/common/progress";
import { FakeDrs, fakeContext } from "../../support/fakes";

interface Line {
    at: number;
    message: string;
    final: boolean;
}

function recording(drsFake: FakeDrs) {
    const base = fakeContext({ drs: drsFake, pollIntervalMs: 2000 });
    const lines: Line[] = [];
    return { ctx: { ...base, status: (message: string, final: boolean) => lines.push({ at: base.elapsed(), message, final }) }, lines };
}

describe("DrsJobRetry: progress while waiting", () => {
    it("waiting for 5 jobs: a status line at most every 5 s with each job's standing, then the line that stays", async () => {
        const fake = new FakeDrs({
            j1: { status: "PAUSING" },
            j2: { status: "PAUSING" },
            j3: { status: "PAUSING", settleAfterPolls: 30 },
            j4: { status: "PAUSING", settleAfterPolls: 30 },
            j5: { status: "PAUSING", settleAfterPolls: 40, statusAfterRetry: "FULL_TRANSFER_STARTED" },
        });
        const { ctx, lines } = recording(fake);
        await drs.create(ctx, "id", DrsJobRetryInputs.parse({ jobIds: ["j1", "j2", "j3", "j4", "j5"], waitFor: "transferring" }));
        const status = lines.filter((l) => !l.final);
        assert.equal(status[0].message, "waiting for 5 DRS jobs: 3 STARTJOBING, 2 transferring (0s of 10m)");
        assert.ok(
            status.some((l) => l.message === "waiting for 5 DRS jobs: 4 transferring, 1 STARTJOBING (1m6s of 10m)"),
            JSON.stringify(status),
        );
        for (let i = 1; i < status.length; i++) assert.ok(status[i].at - status[i - 1].at >= PROGRESS_EVERY_MS, "at most every 5 s");
        assert.deepEqual(
            lines.filter((l) => l.final).map((l) => l.message),
            ["5 DRS jobs transferring after 1m20s"],
        );
        assert.equal(lines.at(-1)?.final, true);
    });

    it("a wait that times out says where each job stands", async () => {
        const fake = new FakeDrs({ j1: { status: "PAUSING" }, j2: { status: "PAUSING", settleAfterPolls: Infinity } });
        const { ctx, lines } = recording(fake);
        await assert.rejects(drs.create(ctx, "id", DrsJobRetryInputs.parse({ jobIds: ["j1", "j2"], waitFor: "transferring", timeoutSeconds: 30 })));
        assert.deepEqual(
            lines.filter((l) => l.final).map((l) => l.message),
            ["waited for 2 DRS jobs: 1 STARTJOBING, 1 transferring after 30s"],
        );
    });

    it("no line when nothing is waited for", async () => {
        const { ctx, lines } = recording(new FakeDrs({ j1: { status: "PAUSING" } }));
        await drs.create(ctx, "id", DrsJobRetryInputs.parse({ jobIds: ["j1"], waitFor: "transferring" }));
        await drs.create(ctx, "id", DrsJobRetryInputs.parse({ jobIds: ["j1"] }));
        assert.deepEqual(lines, []);
    });
});
