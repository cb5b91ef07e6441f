// `pulumi import` of a TaskRunState through the plugin: the import ID, and the tasks it names
// read into inputs and state. The one-shot resources cannot be imported.
import { strict as assert } from "node:assert";
import { InputError } from "../../../provider/core/errors";
import { drsJobRetry } from "../../../provider/resources/drs-job-retry/handler";
import { taskProgressReset } from "../../../provider/resources/task-progress-reset/handler";
import { handler } from "../../../provider/resources/task-run-state/handler";
import { parseImportId } from "../../../provider/resources/task-run-state/import";
import { FakeFdi, fakeContext } from "../../support/fakes";

const SCOPE = { projectId: "proj-default", instanceId: "inst-1" };

async function refusal(p: Promise<unknown>): Promise<string> {
    try {
        await p;
    } catch (err) {
        assert.ok(err instanceof InputError, String(err));
        return err.message;
    }
    return assert.fail("expected an InputError");
}

describe("TaskRunState import", () => {
    it("parses both forms of the import ID and refuses others by name", () => {
        assert.deepEqual(parseImportId("inst-1/a,b"), { instanceId: "inst-1", taskIds: ["a", "b"] });
        assert.deepEqual(parseImportId("p1/inst-1/a"), { projectId: "p1", instanceId: "inst-1", taskIds: ["a"] });
        assert.throws(() => parseImportId("inst-1"), /not understood: use <instanceId>\/<taskId>/);
        assert.throws(() => parseImportId("a/b/c/d"), /not understood/);
        assert.throws(() => parseImportId("inst-1/a,,b"), /task 2 must not be empty/);
        assert.throws(() => parseImportId("inst-1/a,a"), /lists task a twice/);
    });

    it("more than 1000 IDs: refused from the ID alone, in words, before any read", async () => {
        const ids = Array.from({ length: 1001 }, (_, i) => `t${i}`).join(",");
        const fdi = new FakeFdi();
        const said = await refusal(handler.adopt?.(fakeContext({ fdi }), `inst-1/${ids}`) ?? Promise.resolve());
        assert.equal(
            said,
            "TaskRunState import ID lists 1001 task IDs; a TaskRunState holds at most 1000: split them over several imports (one resource each)",
        );
        assert.deepEqual(fdi.queries, []);
    });

    it("reads the tasks: state is their common status, first statuses recorded, no write", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [
            { taskId: "a", taskName: "A", status: "started" },
            { taskId: "b", status: "started" },
        ]);
        const ctx = fakeContext({ fdi });
        const adopted = await handler.adopt?.(ctx, "inst-1/b,a");
        assert.deepEqual(adopted?.inputs, { instanceId: "inst-1", taskIds: ["b", "a"], state: "started", onDelete: "keep", settleTimeoutSeconds: 60 });
        assert.deepEqual(
            adopted?.state.tasks.map((t) => `${t.taskId}:${t.status}`),
            ["b:started", "a:started"],
        );
        assert.deepEqual(adopted?.state.initialStatuses, { b: "started", a: "started" });
        assert.equal(fdi.batches.length, 0);
    });

    it("the project in the ID is the one read, and kept as an input", async () => {
        const fdi = new FakeFdi().addTasks({ projectId: "p2", instanceId: "inst-1" }, [{ taskId: "a", status: "stopped" }]);
        const adopted = await handler.adopt?.(fakeContext({ fdi }), "p2/inst-1/a");
        assert.equal(adopted?.inputs.projectId, "p2");
        assert.equal(adopted?.inputs.state, "stopped");
    });

    it("mixed statuses are refused with the split to make; missing tasks by name", async () => {
        const fdi = new FakeFdi().addTasks(SCOPE, [
            { taskId: "a", status: "started" },
            { taskId: "b", status: "stopped" },
        ]);
        const mixed = await refusal(handler.adopt?.(fakeContext({ fdi }), "inst-1/a,b") ?? Promise.resolve());
        assert.match(mixed, /different states \(started: a; stopped: b\); split them into one import per state, e\.g\. inst-1\/a/);
        const missing = await refusal(handler.adopt?.(fakeContext({ fdi }), "inst-1/a,zz") ?? Promise.resolve());
        assert.match(missing, /zz \(not found in this instance\)/);
    });

    it("the one-shot resources have no import, and say why", () => {
        for (const def of [taskProgressReset, drsJobRetry]) {
            assert.ok(!("adopt" in def.handler));
            assert.match(def.importRefusal, /cannot be imported: it records a one-shot action/);
        }
    });
});
