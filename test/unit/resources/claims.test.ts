// One owner per task (docs/conflicting-claims.md) at the level of the shared operations: claims
// recorded at Check and Diff without a call, the refusal's line, deletes that leave claimed tasks,
// and Diff on effective values. The real CLI's side is test/e2e/conflicting-claims.test.ts.
import { strict as assert } from "node:assert";
import { ClaimRegistry } from "../../../provider/coordinator";
import { parseClaimedTwice } from "../../../provider/core/claimed-twice";
import { UNKNOWN } from "../../../provider/core/unknown";
import type { DeclareContext } from "../../../provider/resources/common/handler";
import { resourceOperations } from "../../../provider/resources/common/operations";
import { drsJobRetry } from "../../../provider/resources/drs-job-retry/handler";
import { taskProgressReset } from "../../../provider/resources/task-progress-reset/handler";
import { taskRunState } from "../../../provider/resources/task-run-state/handler";
import { fakeContext, FakeFdi } from "../../support/fakes";

const trs = resourceOperations(taskRunState);
const urn = (name: string) => `urn:pulumi:dev::p::roma:fdi:TaskRunState::${name}`;
const SCOPE = { projectId: "proj-default", instanceId: "inst-1" };

function declaring(registry: ClaimRegistry, name: string, logs: string[] = []): DeclareContext {
    return { urn: urn(name), claims: registry, configuredProject: "proj-default", log: (m) => logs.push(m) };
}

const byIds = (taskIds: string[], state: string) => ({ instanceId: "inst-1", taskIds, state });
const refusalOf = (run: () => unknown): string => {
    try {
        run();
    } catch (e) {
        return (e as Error).message;
    }
    return "no refusal";
};

describe("claims at Check and Diff", () => {
    it("a task one resource wants started and another stopped is refused at the second Check, with the CLAIMED_TWICE line first", () => {
        const registry = new ClaimRegistry();
        assert.deepEqual(trs.check(byIds(["t1", "t2"], "started"), undefined, declaring(registry, "on")).failures, []);
        const said = refusalOf(() => trs.check(byIds(["t2", "t3"], "stopped"), undefined, declaring(registry, "off")));
        assert.deepEqual(parseClaimedTwice(said), [
            {
                instanceId: "inst-1",
                taskIds: ["t2"],
                claims: [
                    { resource: "off", state: "stopped" },
                    { resource: "on", state: "started" },
                ],
            },
        ]);
        assert.match(said.split("\n")[1], /^No API call was made and nothing was written: /);
    });

    it("checking a resource again replaces its claim (a replacement is checked twice), and values not known yet claim nothing", () => {
        const registry = new ClaimRegistry();
        trs.check(byIds(["t1"], "started"), undefined, declaring(registry, "a"));
        trs.check(byIds(["t1"], "started"), undefined, declaring(registry, "a"));
        trs.check(byIds(["t2"], "started"), undefined, declaring(registry, "a"));
        assert.deepEqual(trs.check(byIds(["t1"], "stopped"), undefined, declaring(registry, "b")).failures, []);
        assert.deepEqual(trs.check({ instanceId: "inst-1", taskIds: UNKNOWN, state: "stopped" }, undefined, declaring(registry, "c")).failures, []);
        assert.deepEqual(trs.check(byIds([UNKNOWN, "t2"], "started"), undefined, declaring(registry, "d")).failures, []);
    });

    it("a selector's tasks are claimed at Diff as its state last resolved them, only while the selector is unchanged", () => {
        const registry = new ClaimRegistry();
        const selector = { taskTag: "nightly" };
        const state = {
            instanceId: "inst-1",
            selector,
            state: "started",
            onDelete: "keep",
            settleTimeoutSeconds: 60,
            tasks: [{ taskId: "t1", status: "started" }],
            initialStatuses: {},
            stateVersion: 1,
        };
        const news = { instanceId: "inst-1", selector, state: "started", onDelete: "keep", settleTimeoutSeconds: 60 };
        // A refresh's Diff of a resource the program no longer declares (no Check in this command) claims nothing.
        trs.diff(state, news, declaring(registry, "sel"));
        assert.deepEqual(trs.check(byIds(["t1"], "stopped"), undefined, declaring(registry, "ids")).failures, [], "no Check, no claim");
        trs.check({ ...news, selector: { taskTag: "other" } }, undefined, declaring(registry, "sel"));
        trs.diff(state, { ...news, selector: { taskTag: "other" } }, declaring(registry, "sel"));
        assert.deepEqual(trs.check(byIds(["t1"], "stopped"), undefined, declaring(registry, "ids")).failures, [], "a changed selector claims nothing");
        assert.match(
            refusalOf(() => trs.diff(state, news, declaring(registry, "sel"))),
            /CLAIMED_TWICE: "sel" wants started, "ids" wants stopped: tasks t1 of instance inst-1\./,
        );
    });

    it("the same project written out or left to the configuration is one claim; another project is not", () => {
        const registry = new ClaimRegistry();
        trs.check({ ...byIds(["t1"], "started"), projectId: "proj-default" }, undefined, declaring(registry, "a"));
        assert.match(
            refusalOf(() => trs.check(byIds(["t1"], "stopped"), undefined, declaring(registry, "b"))),
            /CLAIMED_TWICE/,
        );
        assert.deepEqual(trs.check({ ...byIds(["t1"], "stopped"), projectId: "proj-other" }, undefined, declaring(registry, "c")).failures, []);
    });

    it("two resources that agree are allowed, with one warning naming both", () => {
        const registry = new ClaimRegistry();
        const logs: string[] = [];
        trs.check(byIds(["t1", "t2"], "started"), undefined, declaring(registry, "a", logs));
        trs.check(byIds(["t2"], "started"), undefined, declaring(registry, "b", logs));
        trs.check(byIds(["t2"], "started"), undefined, declaring(registry, "b", logs));
        assert.deepEqual(logs, [
            'warning: TaskRunState "b": resource "a" of this stack wants t2 started too (instance inst-1); both agree, so this is allowed, but changing the state of one of them alone will be refused: keep each task in one resource',
        ]);
    });
});

describe("Diff on effective values", () => {
    const cases = [
        [
            "TaskRunState",
            resourceOperations(taskRunState),
            { instanceId: "i", taskIds: ["a"], state: "started", onDelete: "keep", settleTimeoutSeconds: 60 },
            { tasks: [{ taskId: "a", status: "started" }], initialStatuses: {} },
        ],
        ["TaskProgressReset", resourceOperations(taskProgressReset), { instanceId: "i", taskId: "m1" }, { message: "ok", resetAt: "2026-01-01T00:00:00.000Z" }],
        ["DrsJobRetry", resourceOperations(drsJobRetry), { jobIds: ["j1"] }, { results: [] }],
    ] as const;
    for (const [kind, ops, raw, outputs] of cases) {
        it(`${kind}: projectId written out as the configured project is no change; another project replaces`, () => {
            const inputs = ops.check({ ...raw }).inputs;
            const state = { ...inputs, ...outputs, stateVersion: 1 };
            const call = declaring(new ClaimRegistry(), "r");
            assert.equal(ops.diff(state, inputs, call).changes, false, "unchanged");
            assert.equal(ops.diff(state, { ...inputs, projectId: "proj-default" }, call).changes, false, "written out");
            assert.equal(ops.diff({ ...state, projectId: "proj-default" }, inputs, call).changes, false, "left to the configuration again");
            assert.deepEqual(ops.diff(state, { ...inputs, projectId: "proj-other" }, call).replaces, ["projectId"]);
        });
    }
});

describe("a delete leaves alone what a declared resource wants", () => {
    const state = (over: Record<string, unknown> = {}) => ({
        instanceId: "inst-1",
        taskIds: ["t1", "t2"],
        state: "started" as const,
        onDelete: "stop" as const,
        settleTimeoutSeconds: 60,
        tasks: [
            { taskId: "t1", status: "started" as const },
            { taskId: "t2", status: "started" as const },
        ],
        initialStatuses: { t1: "stopped" as const, t2: "stopped" as const },
        stateVersion: 1,
        ...over,
    });

    it("a rename without an alias: the old name's delete stops only what the new name does not want, and says which alias to add", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [
            { taskId: "t1", status: "started" },
            { taskId: "t2", status: "started" },
        ]);
        const ctx = { ...fakeContext({ fdi }), urn: urn("nightly") };
        ctx.api().claims.declare(SCOPE, urn("nightly2"), ["t1"], "started");
        await taskRunState.handler.delete(ctx, "old-id", state());
        assert.equal(fdi.calls.batchOperate, 1);
        assert.equal(fdi.task(SCOPE, "t1")?.status, "started");
        assert.equal(fdi.task(SCOPE, "t2")?.status, "stopped");
        assert.deepEqual(ctx.logs, [
            'TaskRunState "nightly" delete (onDelete "stop") on instance inst-1: t2 stopped; t1 left as is: resource "nightly2" of this stack wants started; ' +
                'if "nightly2" is this resource renamed, give it the alias "nightly" (aliases: [{ name: "nightly" }]) so Pulumi moves the state instead of deleting and creating',
        ]);
    });

    it("the old instance of a replacement leaves what the new one wants; a destroy of the instance created restores it", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [
            { taskId: "t1", status: "started" },
            { taskId: "t2", status: "stopped" },
        ]);
        const ctx = { ...fakeContext({ fdi }), urn: urn("r") };
        const { claims } = ctx.api();
        claims.declare(SCOPE, urn("r"), ["t1"], "started");
        claims.created(urn("r"), "new-id");
        await taskRunState.handler.delete(ctx, "old-id", state({ onDelete: "restore" }));
        assert.equal(fdi.task(SCOPE, "t1")?.status, "started");
        assert.match(ctx.logs[0], /t2 already stopped, nothing written; t1 left as is: the replacement of this resource wants started$/);
        await taskRunState.handler.delete(ctx, "new-id", state({ onDelete: "restore" }));
        assert.equal(fdi.task(SCOPE, "t1")?.status, "stopped");
        assert.match(ctx.logs[1], /t1 restored to stopped; t2 already stopped, nothing written$/);
    });
});
