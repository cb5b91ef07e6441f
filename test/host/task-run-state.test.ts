// TaskRunState through the real dynamic-provider host, as the engine drives preview, up,
// refresh and destroy, with the emulator as the cloud.
import { strict as assert } from "node:assert";
import { INSTANCE, PROJECT, ResourceFlow, seedTasks, writeCalls, type Stack, useStack, ADAPTERS } from "../support/engine";
import { UNKNOWN } from "../support/host";

for (const adapter of ADAPTERS)
    describe(`TaskRunState through the provider host (${adapter})`, function () {
        this.timeout(120_000);
        const current = useStack({ adapter });
        let stack: Stack;
        before(() => (stack = current()));
        beforeEach(async () => {
            await stack.emulator.admin.clearFaults();
            await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(23, "stopped") });
            await stack.emulator.admin.clearRequests();
        });

        const ids = seedTasks(23, "stopped").map((t) => t.taskId);
        const inputs = (over: Record<string, unknown> = {}) => ({ instanceId: INSTANCE, taskIds: ids, state: "started", ...over });

        it("preview makes no API call, also with values not known yet", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "pv");
            assert.deepEqual((await flow.preview(inputs())).failures, []);
            assert.deepEqual((await flow.preview(inputs({ taskIds: [UNKNOWN, ids[1]], instanceId: UNKNOWN }))).failures, []);
            assert.deepEqual(await stack.emulator.admin.requests(), []);
        });

        it("first up of 23 stopped tasks makes 3 write calls; a second up makes none", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "up");
            assert.equal((await flow.up(inputs())).action, "create");
            const writes = await writeCalls(stack);
            assert.deepEqual(
                writes.map((w) => (w.body as { list: unknown[] }).list.length).sort((a, b) => b - a),
                [10, 10, 3],
            );
            const tasks = flow.state.tasks as { status: string }[];
            assert.equal(tasks.length, 23);
            assert.ok(tasks.every((t) => t.status === "started"));
            if (adapter === "dynamic") assert.equal(typeof flow.state.__provider, "string");
            assert.equal(flow.state.stateVersion, 1);

            await stack.emulator.admin.clearRequests();
            const again = await flow.up(inputs());
            assert.equal(again.action, "same");
            assert.equal(again.diff?.changes, "none");
            assert.deepEqual(await writeCalls(stack), []);
        });

        it("a task stopped out of band shows after refresh, the next preview plans an update, and one call fixes it", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "drift");
            await flow.up(inputs());
            await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: ids[7], status: "stopped" }] });
            await flow.refresh();
            const seen = (flow.state.tasks as { taskId: string; status: string }[]).find((t) => t.taskId === ids[7]);
            assert.equal(seen?.status, "stopped");
            await stack.emulator.admin.clearRequests();
            const pv = await flow.preview(inputs());
            assert.equal(pv.diff?.changes, "some");
            assert.deepEqual(pv.diff?.replaces, []);
            assert.deepEqual(await stack.emulator.admin.requests(), [], "preview stays offline");
            assert.equal((await flow.up(inputs())).action, "update");
            const writes = await writeCalls(stack);
            assert.equal(writes.length, 1);
            assert.deepEqual((writes[0].body as { list: unknown[] }).list, [{ task_id: ids[7] }]);
        });

        it("a task deleted out of band shows as missing after refresh", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "gone");
            await flow.up(inputs({ taskIds: ids.slice(0, 5) }));
            await stack.emulator.admin.removeTasks([{ projectId: PROJECT, instanceId: INSTANCE, taskId: ids[2] }]);
            await flow.refresh();
            assert.equal((flow.state.tasks as { status: string }[])[2].status, "missing");
        });

        it("partial failure returns truthful state with __provider, and the next up retries only the failures", async () => {
            await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: ids[4], scheduled: false, taskType: "TIMING" }] });
            const flow = new ResourceFlow(stack, "TaskRunState", "partial");
            const { partial } = await flow.upAllowingPartialFailure(inputs());
            assert.ok(partial, "ErrorResourceInitFailed expected");
            assert.match(partial.message, new RegExp(`task ${ids[4]}: FDI\\.3083 One or more scheduled tasks are not configured with scheduled plans`));
            // The engine prints the reasons, not the message: the summary comes first.
            assert.deepEqual(
                partial.reasons.map((r) => r.split(":")[0]),
                ["TaskRunState start on instance " + INSTANCE, `task ${ids[4]}`],
            );
            assert.match(partial.reasons[0], /: 1 of \d+ tasks are not started$/);
            if (adapter === "dynamic") assert.equal(typeof partial.properties.__provider, "string", "__provider kept so refresh/destroy work");
            const tasks = partial.properties.tasks as { taskId: string; status: string }[];
            assert.equal(tasks.filter((t) => t.status === "started").length, 22);
            assert.equal(tasks.find((t) => t.taskId === ids[4])?.status, "stopped");

            // The fault clears (the plan gets a schedule); the engine runs Update because of the init error.
            await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: ids[4], scheduled: true }] });
            await stack.emulator.admin.clearRequests();
            assert.equal((await flow.up(inputs())).action, "update");
            const writes = await writeCalls(stack);
            assert.equal(writes.length, 1);
            assert.deepEqual((writes[0].body as { list: unknown[] }).list, [{ task_id: ids[4] }]);
            assert.ok((flow.state.tasks as { status: string }[]).every((t) => t.status === "started"));
        });

        it("an unknown task fails the up and is reported missing", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "unknown");
            const { partial } = await flow.upAllowingPartialFailure(inputs({ taskIds: [ids[0], "no-such-task-0001", ids[1], ids[2], ids[3]] }));
            assert.ok(partial);
            assert.match(partial.message, /no-such-task-0001: NOT_FOUND/);
            assert.equal((partial.properties.tasks as { status: string }[])[1].status, "missing");
        });

        for (const [onDelete, expectWrites, expectStarted] of [
            ["keep", 0, 5],
            ["stop", 1, 0],
            ["restore", 1, 2],
        ] as const) {
            it(`destroy with onDelete "${onDelete}"`, async () => {
                // Two of the five tasks were already running before this resource touched them.
                await stack.emulator.admin.seed({ tasks: seedTasks(2, "started") });
                const five = ids.slice(0, 5);
                const flow = new ResourceFlow(stack, "TaskRunState", `del-${onDelete}`);
                await flow.up(inputs({ taskIds: five, onDelete }));
                await stack.emulator.admin.clearRequests();
                await flow.destroy();
                assert.equal((await writeCalls(stack)).length, expectWrites);
                const state = await stack.emulator.admin.state();
                const started = state.tasks.filter((t) => five.includes(t.taskId) && t.status === 1).map((t) => t.taskId);
                assert.equal(started.length, expectStarted);
                if (onDelete === "restore") assert.deepEqual(started.sort(), five.slice(0, 2));
            });
        }

        it("changing instanceId or projectId plans a replacement; changing onDelete does not write", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "repl");
            await flow.up(inputs({ taskIds: ids.slice(0, 3) }));
            await stack.emulator.admin.clearRequests();
            assert.deepEqual((await flow.preview(inputs({ taskIds: ids.slice(0, 3), instanceId: "inst-other" }))).diff?.replaces, ["instanceId"]);
            assert.deepEqual((await flow.preview(inputs({ taskIds: ids.slice(0, 3), projectId: "p-other" }))).diff?.replaces, ["projectId"]);
            assert.equal((await flow.up(inputs({ taskIds: ids.slice(0, 3), onDelete: "stop" }))).action, "update");
            assert.deepEqual(await writeCalls(stack), []);
        });

        it("check rejects bad input, naming the property, without any call", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "bad");
            const r = await flow.preview({ instanceId: "a/b", taskIds: ["t1", "t1", ""], state: "running" });
            // The engine prints a failure's value from the top-level input its property names: a path leads the reason instead.
            const byProp = Object.fromEntries(
                r.failures.map((f) => (f.property === "" ? (f.reason.split(/: (.*)/s) as [string, string]) : [f.property, f.reason])),
            );
            assert.match(byProp.instanceId, /'\/'/);
            assert.match(byProp["taskIds[1]"], /duplicate of \[0\]/);
            assert.match(byProp["taskIds[2]"], /must not be empty/);
            assert.match(byProp.state, /"started", "stopped"/);
            assert.deepEqual(await stack.emulator.admin.requests(), []);
        });
    });
