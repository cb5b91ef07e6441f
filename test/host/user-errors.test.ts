// How errors read in the real dynamic-provider host's output. The host prints an error of
// check, diff, read or delete to stderr as `${err}: ${err.stack}`, which the CLI shows as it
// is: an error meant for the user must appear there once and without a stack trace, while a
// bug (an error that is not ours to explain) keeps its trace so it can be reported.
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { INSTANCE, ResourceFlow, seedTasks, useStack, type Stack } from "../support/engine";
import { rejection } from "../support/expect";
import { HostCallError } from "../support/host";
import { until } from "../support/until";

const STACK_FRAME = /^\s+at /m;

/** The host's stderr once it holds `text` (the print and the gRPC answer race over two pipes). */
async function stderrWith(stack: Stack, text: string): Promise<string> {
    await until(`the host's stderr to say ${text}`, () => stack.host.stderr.join("").includes(text));
    return stack.host.stderr.join("");
}

const INVALID_INSTANCE = {
    operation: "ListTasks",
    kind: "reply",
    reply: { status: 400, body: { error_code: "FDI.3002", error_msg: "Invalid parameter [instance_id]." } },
} as const;

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

describe("errors in the dynamic-provider host's output", function () {
    this.timeout(180_000);
    const current = useStack({ config: { "roma:maxRetries": "0" } });
    let stack: Stack;
    before(() => (stack = current()));
    const ids = seedTasks(3, "stopped").map((t) => t.taskId);
    beforeEach(async () => {
        stack.host.stderr.length = 0;
        await stack.emulator.admin.clearFaults();
        await stack.emulator.admin.seed({ replace: true, tasks: seedTasks(3, "stopped") });
    });

    async function created(name: string, onDelete = "keep"): Promise<ResourceFlow> {
        const flow = new ResourceFlow(stack, "TaskRunState", name);
        await flow.up({ instanceId: INSTANCE, taskIds: ids, state: "started", onDelete });
        return flow;
    }

    it("refresh: an API error prints once, as `RomaApiError: <message>`, without a trace", async () => {
        const flow = await created("refresh-api-error");
        await stack.emulator.admin.setFaults([INVALID_INSTANCE]);
        const err = await rejection(flow.refresh(), HostCallError);
        assert.match(err.message, /^ListTasks failed .*\(HTTP 400, FDI\.3002/);
        const out = await stderrWith(stack, err.message);
        assert.equal(occurrences(out, err.message), 1, out);
        assert.ok(out.includes(`RomaApiError: ${err.message}`), out);
        assert.doesNotMatch(out, STACK_FRAME);
        assert.ok(!out.includes("errors.js"), out);
    });

    it("destroy: an API error prints once, without a trace", async () => {
        const flow = await created("destroy-api-error", "stop");
        await stack.emulator.admin.setFaults([INVALID_INSTANCE]);
        const err = await rejection(flow.destroy(), HostCallError);
        const out = await stderrWith(stack, err.message);
        assert.equal(occurrences(out, err.message), 1, out);
        assert.doesNotMatch(out, STACK_FRAME);
    });

    it("refresh of state from a newer version: the input error prints once, without a trace", async () => {
        const flow = await created("newer-state");
        flow.state = { ...flow.state, stateVersion: 99 };
        const err = await rejection(flow.refresh(), HostCallError);
        assert.match(err.message, /written by a newer pulumi-roma-tasks/);
        const out = await stderrWith(stack, err.message);
        assert.equal(occurrences(out, err.message), 1, out);
        assert.ok(out.includes(`InputError: ${err.message}`), out);
        assert.doesNotMatch(out, STACK_FRAME);
    });

    it("a bug (an error that is no RomaError) still prints its stack trace", async () => {
        // A provider module built by the installed package's own adapter, whose read fails the
        // way a bug does: the host loads it from `__provider` as it loads the package's shims.
        const dist = path.join(stack.fixtureDir, "node_modules", "pulumi-roma-tasks", "dist");
        const buggy = `
const { dynamicProvider } = require(${JSON.stringify(path.join(dist, "dynamic", "adapter.js"))});
const { taskRunState } = require(${JSON.stringify(path.join(dist, "resources", "task-run-state", "handler.js"))});
const handler = { ...taskRunState.handler, read: async () => { const state = undefined; return state.tasks; } };
const provider = dynamicProvider({ ...taskRunState, handler }, () => ({}));
exports.handler = () => provider;`;
        const flow = await created("bug");
        await stack.emulator.admin.clearRequests();
        const err = await rejection(stack.host.read(flow.id, flow.urn, { ...flow.state, __provider: buggy }), HostCallError);
        assert.match(err.message, /Cannot read properties of undefined/);
        const out = await stderrWith(stack, "TypeError");
        assert.match(out, /TypeError: Cannot read properties of undefined[\s\S]*\n\s+at /);
    });
});
