// What ends up in state: the serialized provider is small, portable and free of secrets, and
// state written by one host process is refreshed and destroyed by another, started from
// another directory with its own install of the package.
import { strict as assert } from "node:assert";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { INSTANCE, ResourceFlow, seedTasks, useStack, writeCalls } from "../support/engine";
import { ProviderHost } from "../support/host";
import { installInto, packageFixture, REPO } from "../support/package-fixture";
import { tempDir } from "../support/temp";

describe("the serialized provider stored in state", function () {
    this.timeout(180_000);
    const stack = useStack({ config: { "roma:authToken": "tok-SECRET-4c1f9e" } }, { ready: async (s) => s.emulator.close() });

    for (const kind of ["TaskRunState", "TaskProgressReset", "DrsJobRetry"]) {
        it(`${kind}: type token, at most 2 KB, one require of an exported subpath, nothing machine-specific or secret`, () => {
            const p = stack().providers[kind];
            assert.equal(p.type, `pulumi-nodejs:dynamic/roma:${kind}`);
            assert.ok(p.provider.length <= 2048, `${p.provider.length} bytes`);
            assert.equal(p.secret, false);
            const requires = [...p.provider.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
            assert.deepEqual(requires, [`pulumi-roma-tasks/shims/${kind.replace(/[A-Z]/g, (c, i) => (i ? "-" : "") + c.toLowerCase())}`]);
            assert.ok(!p.provider.includes("@pulumi"));
            for (const forbidden of [stack().fixtureDir, REPO, tmpdir(), "tok-SECRET-4c1f9e", "emulator-token", "127.0.0.1"]) {
                assert.ok(!p.provider.includes(forbidden), `must not contain ${forbidden}`);
            }
        });
    }
});

describe("state written by one host process, used by another", function () {
    this.timeout(180_000);
    const stack = useStack();

    it("a host restarted from another working directory and install refreshes and destroys", async () => {
        await stack().emulator.admin.seed({ replace: true, tasks: seedTasks(12, "stopped") });
        const flow = new ResourceFlow(stack(), "TaskRunState", "moved");
        await flow.up({ instanceId: INSTANCE, taskIds: seedTasks(12, "stopped").map((t) => t.taskId), state: "started", onDelete: "stop" });
        await stack().host.stop();

        // Another checkout path: a second project with its own install of the same tarball.
        const fixture = packageFixture();
        const other = path.join(tempDir("roma-other"), "checkout");
        if (fixture.tarball) installInto(other, fixture.tarball);
        const host = await ProviderHost.start({ fixtureDir: fixture.tarball ? other : fixture.dir, env: { ROMA_POLL_INTERVAL_MS: "20" } });
        try {
            await host.configure(stack().config);
            (stack() as { host: ProviderHost }).host = host;
            await stack().emulator.admin.seed({ tasks: [{ ...seedTasks(1, "stopped")[0] }] });
            await flow.refresh();
            assert.equal((flow.state.tasks as { status: string }[])[0].status, "stopped");
            await stack().emulator.admin.clearRequests();
            await flow.destroy();
            assert.equal((await writeCalls(stack())).length, 2, "12 tasks, 11 running: stopped in 2 calls");
            assert.ok((await stack().emulator.admin.state()).tasks.every((t) => t.status === 0));
        } finally {
            await host.stop();
        }
    });
});
