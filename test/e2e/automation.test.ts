// End to end with the real Pulumi engine: the root project (examples/) against the emulator,
// through the Automation API and a local file backend. The Pulumi CLI cannot be installed on
// this project's CI machines, so this suite runs only where a `pulumi` binary is on PATH and
// is reported as skipped elsewhere.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { REPO } from "../support/package-fixture";
import { tempDir } from "../support/temp";

const hasPulumi = spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;

describe("end to end with the Pulumi CLI (Automation API)", function () {
    this.timeout(600_000);
    let emulator: RunningEmulator;

    before(async function () {
        if (!hasPulumi) {
            console.log("    (skipped: no `pulumi` binary on PATH; the host-level suites cover the provider without it)");
            this.skip();
        }
        emulator = await startEmulator();
        await emulator.admin.seed(DEMO_SEED);
    });
    after(async () => emulator?.close());

    it("up, a second up with nothing to change, refresh and destroy", async () => {
        const backend = tempDir("roma-e2e-backend");
        const stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "e2e", workDir: REPO },
            {
                envVars: {
                    PULUMI_BACKEND_URL: `file://${backend}`,
                    PULUMI_CONFIG_PASSPHRASE: "e2e",
                    HW_AUTH_TOKEN: "emulator-token",
                    ROMA_POLL_INTERVAL_MS: "50",
                },
            },
        );
        await stack.setAllConfig({
            "roma:endpoint": { value: emulator.url },
            "roma:drsEndpoint": { value: emulator.url },
            "roma:projectId": { value: DEMO_PROJECT_ID },
        });
        const up = await stack.up();
        assert.equal(up.summary.result, "succeeded");
        const running = (await emulator.admin.state()).tasks.filter((t) => t.status === 1).map((t) => t.taskId);
        assert.ok(running.includes("orders-extract"));

        await emulator.admin.clearRequests();
        const again = await stack.up();
        assert.equal(again.summary.result, "succeeded");
        assert.equal((await emulator.admin.requests()).filter((r) => r.operation === "BatchStartOrStopTasks").length, 0);

        const refresh = await stack.refresh();
        assert.equal(refresh.summary.result, "succeeded");
        const destroy = await stack.destroy();
        assert.equal(destroy.summary.result, "succeeded");
        // onDelete "restore": what was stopped before is stopped again.
        const after = (await emulator.admin.state()).tasks;
        assert.equal(after.find((t) => t.taskId === "orders-extract")?.status, 0);
        assert.equal(after.find((t) => t.taskId === "pricing-sync")?.status, 1);
    });
});
