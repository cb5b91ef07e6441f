// The selection coordinator over a fake FDI client: resources with the same selector on one
// instance share one read, different selectors or instances do not, a verification waits for
// a read that began after its write, and a failed read serves nobody later.
import { strict as assert } from "node:assert";
import { SelectionCoordinator } from "../../provider/coordinator/selections";
import type { FdiScope, TaskQuery } from "../../provider/api/types";
import { FakeFdi, type FakeTask } from "../support/fakes";

const A = { projectId: "p1", instanceId: "inst-a" };
const B = { projectId: "p1", instanceId: "inst-b" };

const tagged = (n: number, tag: string, from = 0): FakeTask[] =>
    Array.from({ length: n }, (_, i) => ({
        taskId: `${tag}-${from + i}`,
        taskName: `${tag} ${from + i}`,
        status: "stopped",
        taskType: "timing",
        taskTag: tag,
    }));

describe("selection coordinator", () => {
    it("reads of one selector on one instance asked for together share one read, whatever order the fields were given in", async () => {
        const fdi = new FakeFdi().addTasks(A, [...tagged(5, "nightly"), ...tagged(3, "hourly")]);
        const c = new SelectionCoordinator(fdi, "https://roma.test", { listingMaxAgeMs: 0, gatherMs: 2 });
        const reads = await Promise.all([
            ...Array.from({ length: 10 }, () => c.select(A, { taskTag: "nightly", taskType: "timing" })),
            c.select(A, { taskType: "timing", taskTag: "nightly" }),
        ]);
        assert.equal(fdi.calls.findTasks, 1);
        assert.ok(reads.every((r) => r.tasks.length === 5 && r.seq === reads[0].seq));
        assert.equal(c.calls, 1, "one page read");
        assert.equal(c.pending(), 0);
    });

    it("different selectors, and the same selector on another instance, are separate reads", async () => {
        const fdi = new FakeFdi().addTasks(A, [...tagged(5, "nightly"), ...tagged(3, "hourly")]).addTasks(B, tagged(2, "nightly"));
        const c = new SelectionCoordinator(fdi, "https://roma.test", { listingMaxAgeMs: 0, gatherMs: 2 });
        const [a, hourly, b] = await Promise.all([
            c.select(A, { taskTag: "nightly" }),
            c.select(A, { taskTag: "hourly" }),
            c.select(B, { taskTag: "nightly" }),
        ]);
        assert.deepEqual([a.tasks.length, hourly.tasks.length, b.tasks.length], [5, 3, 2]);
        assert.deepEqual(fdi.queries, [{ taskTag: "nightly" }, { taskTag: "hourly" }, { taskTag: "nightly" }]);
        assert.equal(fdi.calls.listTasks, 0, "never a listing of the whole instance");
    });

    it("an observation reuses a read younger than the age bound; a verification only one that began after its event", async () => {
        let now = 1000;
        const fdi = new FakeFdi().addTasks(A, tagged(3, "nightly"));
        const c = new SelectionCoordinator(fdi, "https://roma.test", { listingMaxAgeMs: 2000, gatherMs: 1, now: () => now });
        const first = await c.select(A, { taskTag: "nightly" });
        now += 500;
        assert.equal((await c.select(A, { taskTag: "nightly" })).seq, first.seq);
        assert.equal(fdi.calls.findTasks, 1);
        const verified = await c.verify(A, { taskTag: "nightly" }, first.seq);
        assert.ok(verified.seq > first.seq);
        assert.equal(fdi.calls.findTasks, 2);
        now += 5000;
        await c.select(A, { taskTag: "nightly" });
        assert.equal(fdi.calls.findTasks, 3, "an old read does not serve an observation");
    });

    it("a task the selection held before and a read lacks is confirmed by its ID with the selector's filters, in its place; one gone stays out", async () => {
        /** A paged read that skipped nightly-2 (a task before it deleted between two pages, the total unchanged by an addition). */
        class SkippingFdi extends FakeFdi {
            override async findTasks(scope: FdiScope, query: TaskQuery) {
                const r = await super.findTasks(scope, query);
                return query.taskId === undefined ? { ...r, tasks: r.tasks.filter((t) => t.taskId !== "nightly-2") } : r;
            }
        }
        const fdi = new SkippingFdi().addTasks(A, tagged(5, "nightly"));
        fdi.removeTask(A, "nightly-4");
        const c = new SelectionCoordinator(fdi, "https://roma.test", { listingMaxAgeMs: 0, gatherMs: 1 });
        const before = tagged(5, "nightly").map((t) => t.taskId);
        const sel = await c.select(A, { taskTag: "nightly" }, before);
        assert.deepEqual(
            sel.tasks.map((t) => t.taskId),
            ["nightly-0", "nightly-1", "nightly-2", "nightly-3"],
        );
        assert.deepEqual(fdi.queries.slice(1), [
            { taskTag: "nightly", taskId: "nightly-2" },
            { taskTag: "nightly", taskId: "nightly-4" },
        ]);
        const verified = await c.verify(A, { taskTag: "nightly" }, sel.seq, before);
        assert.ok(verified.tasks.some((t) => t.taskId === "nightly-2"));
    });

    it("a failed read fails every waiter and serves nobody later", async () => {
        class Failing extends FakeFdi {
            fail = true;
            override async findTasks(...args: Parameters<FakeFdi["findTasks"]>) {
                if (this.fail) throw new Error("ListTasks failed (HTTP 503)");
                return super.findTasks(...args);
            }
        }
        const fdi = new Failing().addTasks(A, tagged(2, "nightly"));
        const c = new SelectionCoordinator(fdi, "https://roma.test", { listingMaxAgeMs: 60_000, gatherMs: 1 });
        const results = await Promise.allSettled([c.select(A, { taskTag: "nightly" }), c.select(A, { taskTag: "nightly" })]);
        assert.deepEqual(
            results.map((r) => r.status),
            ["rejected", "rejected"],
        );
        fdi.fail = false;
        assert.equal((await c.select(A, { taskTag: "nightly" })).tasks.length, 2);
    });
});
