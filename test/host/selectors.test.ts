// TaskRunState with a selector, through the dynamic-provider host and through the plugin, as the
// engine drives preview, up, refresh and destroy: reads only through ListTasks' filters, a task
// tagged later found by refresh and written alone by the next up, a task untagged named once and
// left as it is, a selection that matches nothing failing the up with no write, and destroy on
// the tasks last resolved. The plugin also serves getTasks through Invoke.
import { strict as assert } from "node:assert";
import { parseClaimedTwice } from "../../provider/core/claimed-twice";
import { ADAPTERS, INSTANCE, PROJECT, ResourceFlow, writeCalls, type Stack, useStack } from "../support/engine";
import { rejection } from "../support/expect";
import { HostCallError, UNKNOWN } from "../support/host";
import { until } from "../support/until";

const tagged = (i: number) => i % 3 === 0;
/** 30 tasks; every third tagged `nightly` (10), two of those already started. */
const SEED = Array.from({ length: 30 }, (_, i) => ({
    projectId: PROJECT,
    instanceId: INSTANCE,
    taskId: `task-${String(i).padStart(3, "0")}`,
    taskName: `orders ${i}`,
    taskType: "TIMING" as const,
    status: i === 0 || i === 3 ? ("started" as const) : ("stopped" as const),
    taskTag: tagged(i) ? "nightly" : "",
    ...(i === 0 && { lastExecuteTime: Date.UTC(2026, 10, 30, 1, 0), cron: "0 0 1 * * ?", period: "DAY" as const }),
}));
const NIGHTLY = SEED.filter((_, i) => tagged(i)).map((t) => t.taskId);

type Task = { taskId: string; status: string };
const ids = (state: Record<string, unknown>) => (state.tasks as Task[]).map((t) => t.taskId);

for (const adapter of ADAPTERS)
    describe(`TaskRunState selector through the provider host (${adapter})`, function () {
        this.timeout(120_000);
        const current = useStack({ adapter });
        let stack: Stack;
        before(() => (stack = current()));
        beforeEach(async () => {
            await stack.emulator.admin.clearFaults();
            await stack.emulator.admin.seed({ replace: true, tasks: SEED });
            await stack.emulator.admin.clearRequests();
        });

        const inputs = (over: Record<string, unknown> = {}) => ({ instanceId: INSTANCE, selector: { taskTag: "nightly" }, state: "started", ...over });
        const output = () => [...stack.host.stdout, ...stack.host.stderr].join("");

        it("check refuses both taskIds and selector, and neither, naming both; preview makes no API call", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "pv");
            const both = await flow.preview(inputs({ taskIds: ["task-000"] }));
            // A rule between two inputs names no property (the engine prints no value then).
            assert.deepEqual(
                both.failures.map((f) => f.property),
                [""],
            );
            assert.match(both.failures[0].reason, /taskIds .* selector/);
            const neither = await flow.preview({ instanceId: INSTANCE, state: "started" });
            assert.match(neither.failures[0].reason, /set exactly one of taskIds .* or selector/);
            const pv = await flow.preview(inputs({ selector: { taskTag: UNKNOWN } }));
            assert.deepEqual(pv.failures, []);
            if (adapter === "plugin") assert.equal(pv.planned?.tasks, UNKNOWN);
            assert.deepEqual(await stack.emulator.admin.requests(), []);
        });

        it("up reads only through the selector's filters, writes only the matched tasks out of state, and lists them in tasks", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "up");
            assert.equal((await flow.up(inputs())).action, "create");
            assert.deepEqual(ids(flow.state), NIGHTLY);
            assert.ok((flow.state.tasks as Task[]).every((t) => t.status === "started"));
            assert.equal(flow.state.taskIds, undefined);
            const writes = await writeCalls(stack);
            assert.deepEqual(
                writes.map((w) => (w.body as { list: { task_id: string }[] }).list.map((t) => t.task_id)),
                [NIGHTLY.filter((id) => id !== "task-000" && id !== "task-003")],
            );
            const reads = (await stack.emulator.admin.requests()).filter((r) => r.operation === "ListTasks");
            assert.ok(reads.length > 0 && reads.every((r) => r.query.task_tag === "nightly"), "a selector never lists the whole instance");
            const state = await stack.emulator.admin.state();
            assert.ok(
                state.tasks.filter((t) => t.taskTag !== "nightly").every((t) => t.status === 0),
                "untagged tasks untouched",
            );
        });

        it("a task tagged later is found by refresh and planned as an update; the next up writes only it; an untagged one is named once and left", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "joiner");
            await flow.up(inputs());
            await stack.emulator.admin.seed({
                tasks: [
                    { projectId: PROJECT, instanceId: INSTANCE, taskId: "task-001", taskTag: "nightly" },
                    { projectId: PROJECT, instanceId: INSTANCE, taskId: "task-006", taskTag: "" },
                ],
            });
            await flow.refresh();
            assert.ok(ids(flow.state).includes("task-001") && !ids(flow.state).includes("task-006"));
            await stack.emulator.admin.clearRequests();
            const pv = await flow.preview(inputs());
            assert.equal(pv.diff?.changes, "some");
            // The joiner planned with its target, the leaver dropped, both marked for the reviewer.
            const planned = pv.checked?.taskStatus as Record<string, { status: string; selection?: string }>;
            assert.deepEqual(planned["task-001"], { name: "orders 1", status: "started", selection: "joins" });
            assert.equal(planned["task-006"], undefined);
            assert.deepEqual((flow.inputs.taskStatus as Record<string, unknown>)["task-006"], { name: "orders 6", status: "started", selection: "leaves" });
            if (adapter === "plugin")
                assert.deepEqual(pv.diff?.detailedDiff, {
                    'taskStatus["task-001"]': { kind: "update", inputDiff: false },
                    'taskStatus["task-006"]': { kind: "delete", inputDiff: false },
                });
            assert.deepEqual(await stack.emulator.admin.requests(), [], "preview stays offline");
            assert.equal((await flow.up(inputs())).action, "update");
            assert.deepEqual(
                (await writeCalls(stack)).map((w) => (w.body as { list: { task_id: string }[] }).list.map((t) => t.task_id)),
                [["task-001"]],
            );
            const untagged = (await stack.emulator.admin.state()).tasks.find((t) => t.taskId === "task-006");
            assert.equal(untagged?.status, 1, "the task that left stays as it is");
            await flow.refresh();
            assert.equal((await flow.up(inputs())).action, "same");
            // The plugin's lines go to the engine's log, here (no engine) to stderr; the host's to stdout.
            await until("the line naming the task that left", () => output().includes("task-006 (orders 6), last seen started"));
            assert.equal(output().split("no longer match the selector").length - 1, 1, output());
            assert.match(output(), /task-006 \(orders 6\), last seen started/);
        });

        it("a selection that matches nothing fails the up naming the selector and the instance, and writes nothing", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "typo");
            await assert.rejects(
                flow.up(inputs({ selector: { taskTag: "nighlty" } })),
                new RegExp(`TaskRunState start on instance ${INSTANCE}: the selector \\{ taskTag: "nighlty" \\} matches no task, so nothing was written`),
            );
            assert.deepEqual(await writeCalls(stack), []);
        });

        it("destroy with onDelete restore acts on the tasks last resolved, also one untagged since; a task tagged since is not touched", async () => {
            const flow = new ResourceFlow(stack, "TaskRunState", "gone");
            await flow.up(inputs({ onDelete: "restore" }));
            await stack.emulator.admin.seed({
                tasks: [
                    { projectId: PROJECT, instanceId: INSTANCE, taskId: "task-009", taskTag: "" },
                    { projectId: PROJECT, instanceId: INSTANCE, taskId: "task-002", taskTag: "nightly", status: "started" },
                ],
            });
            await flow.destroy();
            const byId = new Map((await stack.emulator.admin.state()).tasks.map((t) => [t.taskId, t.status]));
            assert.equal(byId.get("task-009"), 0, "restored to stopped though untagged since");
            assert.equal(byId.get("task-000"), 1, "started before: restored to started");
            assert.equal(byId.get("task-002"), 1, "tagged after the last resolution: left alone");
            assert.ok(NIGHTLY.filter((id) => id !== "task-000" && id !== "task-003").every((id) => byId.get(id) === 0));
        });

        it("a task deleted from page 1 while page 2 is read drops no other task: create, refresh, update and destroy keep every task still tagged", async () => {
            // 1,491 tasks tagged bulk: two pages of 999. Page 2's request deletes s0013 (on page 1) before it is
            // served, so s0999 moves onto page 1, which was read already: a paged read that trusts its pages skips it.
            const bulk = Array.from({ length: 1491 }, (_, i) => ({
                projectId: PROJECT,
                instanceId: INSTANCE,
                taskId: `s${String(i).padStart(4, "0")}`,
                taskTag: "bulk",
                status: "stopped" as const,
            }));
            /** Sets the fault, and returns the task it makes a trusting read skip: the first of page 2 before the deletion. */
            const deleteOnPage2 = async (taskId: string) => {
                await stack.emulator.admin.setFaults([{ operation: "ListTasks", kind: "removeTasks", ids: [taskId], skip: 1, times: 1 }]);
                return (await stack.emulator.admin.state()).tasks[999].taskId;
            };
            await stack.emulator.admin.seed({ replace: true, tasks: bulk });
            const bulkInputs = { instanceId: INSTANCE, selector: { taskTag: "bulk" }, state: "stopped", onDelete: "stop" };
            const flow = new ResourceFlow(stack, "TaskRunState", "bulk");
            let skipped = await deleteOnPage2("s0013");
            await flow.up(bulkInputs);
            assert.ok(ids(flow.state).includes(skipped), `create: ${skipped}`);
            assert.equal(ids(flow.state).length, 1490);

            skipped = await deleteOnPage2("s0014");
            await flow.refresh();
            assert.ok(ids(flow.state).includes(skipped), `refresh: ${skipped}`);
            assert.equal(ids(flow.state).length, 1489);
            assert.doesNotMatch(output(), new RegExp(`${skipped}\\b`), "a task still tagged is not said to have left");

            skipped = await deleteOnPage2("s0015");
            assert.equal((await flow.up({ ...bulkInputs, settleTimeoutSeconds: 30 })).action, "update");
            assert.ok(ids(flow.state).includes(skipped), `update: ${skipped}`);
            assert.equal(ids(flow.state).length, 1488);

            // Destroy stops what was started meanwhile, the task on the page boundary too.
            const boundary = (await stack.emulator.admin.state()).tasks[999].taskId;
            await stack.emulator.admin.seed({ tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: boundary, status: "started" }] });
            skipped = await deleteOnPage2("s0016");
            assert.equal(skipped, boundary);
            await flow.destroy();
            const status = new Map((await stack.emulator.admin.state()).tasks.map((t) => [t.taskId, t.status]));
            assert.equal(status.get(boundary), 0, `destroy stopped ${boundary}`);
        });

        it("two resources that want one task in opposite states (a selector and taskIds), updated together, both fail naming each other, and nothing is written", async () => {
            const on = new ResourceFlow(stack, "TaskRunState", "on");
            const off = new ResourceFlow(stack, "TaskRunState", "off");
            await on.up(inputs());
            await off.up({ instanceId: INSTANCE, taskIds: ["task-001"], state: "stopped" });
            await stack.emulator.admin.clearRequests();
            // off now names three tasks the selector of on matches, as the engine runs two independent updates: in parallel.
            const failed = async (p: Promise<unknown>) => (await rejection(p, HostCallError)).message;
            const said = await Promise.all([
                failed(on.up(inputs({ settleTimeoutSeconds: 30 }))),
                failed(off.up({ instanceId: INSTANCE, taskIds: ["task-000", "task-003", "task-006"], state: "stopped" })),
            ]);
            // Whichever is checked second is refused at Check or Diff; the other, at its first write: each names the other.
            const expected = { instanceId: INSTANCE, taskIds: ["task-000", "task-003", "task-006"] };
            const [onRefusal, offRefusal] = said.map((text) => parseClaimedTwice(text));
            assert.deepEqual(
                onRefusal,
                [
                    {
                        ...expected,
                        claims: [
                            { resource: "on", state: "started" },
                            { resource: "off", state: "stopped" },
                        ],
                    },
                ],
                said[0],
            );
            assert.deepEqual(
                offRefusal,
                [
                    {
                        ...expected,
                        claims: [
                            { resource: "off", state: "stopped" },
                            { resource: "on", state: "started" },
                        ],
                    },
                ],
                said[1],
            );
            assert.deepEqual(await writeCalls(stack), [], "no start and no stop");
        });

        if (adapter === "plugin")
            it("Invoke roma:fdi:getTasks: tasks as data by selector with last runs, by ID in order, and failures naming bad arguments", async () => {
                const bySelector = await stack.host.invoke("roma:fdi:getTasks", { instanceId: INSTANCE, selector: { taskTag: "nightly" }, withLastRun: true });
                assert.deepEqual(bySelector.failures, []);
                const tasks = (bySelector.result?.tasks ?? []) as Record<string, unknown>[];
                assert.deepEqual(
                    tasks.map((t) => t.taskId),
                    NIGHTLY,
                );
                assert.deepEqual(tasks[0], {
                    taskId: "task-000",
                    taskName: "orders 0",
                    taskType: "timing",
                    taskTag: "nightly",
                    status: "started",
                    executeStatus: "WAITING",
                    lastExecuteTime: "2026-11-30T01:00:00.000Z",
                    cron: "0 0 1 * * ?",
                    period: "DAY",
                });
                const byId = await stack.host.invoke("roma:fdi:getTasks", { instanceId: INSTANCE, taskIds: ["task-004", "task-001"] });
                assert.deepEqual(
                    ((byId.result?.tasks ?? []) as Record<string, unknown>[]).map((t) => `${String(t.taskId)}:${String(t.taskTag)}`),
                    ["task-004:", "task-001:"],
                );
                const bad = await stack.host.invoke("roma:fdi:getTasks", { instanceId: INSTANCE, taskIds: ["task-001"], selector: { taskTag: "x" } });
                assert.deepEqual(
                    bad.failures.map((f) => f.property),
                    ["selector"],
                );
                assert.equal(bad.result, undefined);
                await assert.rejects(
                    stack.host.invoke("roma:fdi:getThings", { instanceId: INSTANCE }),
                    /unknown function roma:fdi:getThings; known: roma:fdi:getTasks/,
                );
                assert.deepEqual(await writeCalls(stack), []);
            });
    });
