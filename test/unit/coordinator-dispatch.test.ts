// A read begins when its first request is dispatched (its rate-limiter slot granted), not when
// a coordinator plans it: a verification that arrives while the read still waits for its slot
// joins it, one that arrives after the request left does not. The fake clients below hold each
// read's requests as a rate limiter would and call the dispatch hook when the test says so.
import { strict as assert } from "node:assert";
import type { FdiScope, ListTasksFilter, ObservedTask, ReadHooks, TaskQuery, TaskRecord } from "../../provider/api/types";
import { tick } from "../../provider/coordinator/clock";
import { SelectionCoordinator } from "../../provider/coordinator/selections";
import { TaskCoordinator } from "../../provider/coordinator/tasks";
import { FakeFdi, type FakeTask } from "../support/fakes";

const A: FdiScope = { projectId: "p1", instanceId: "inst-a" };
const nightly = { taskTag: "nightly" };
const tasks: FakeTask[] = [1, 2, 3].map((i) => ({ taskId: `t${i}`, taskName: `nightly ${i}`, status: "stopped", taskType: "timing", taskTag: "nightly" }));

/** Requests wait for their slot until `dispatch()` (or for ever, while `holding`); then the hook is called and the fake answers. */
class SlottedFdi extends FakeFdi {
    readonly reportsDispatch: boolean = true;
    holding = true;
    private slots: (() => void)[] = [];
    /** Requests dispatched so far. */
    sent = 0;

    /** Requests waiting for their slot. */
    waiting(): number {
        return this.slots.length;
    }

    /** Grants every waiting request its slot. */
    dispatch(): void {
        this.slots.splice(0).forEach((go) => go());
    }

    private watchers: { cond: () => boolean; resolve: () => void }[] = [];

    /** Resolves once `cond` holds, looked at whenever a request starts waiting for its slot or is sent. */
    until(cond: () => boolean): Promise<void> {
        return cond() ? Promise.resolve() : new Promise((resolve) => this.watchers.push({ cond, resolve }));
    }

    private changed(): void {
        this.watchers = this.watchers.filter((w) => !(w.cond() && (w.resolve(), true)));
    }

    private async slot(hooks: ReadHooks | undefined): Promise<void> {
        if (this.holding) {
            const granted = new Promise<void>((resolve) => this.slots.push(resolve));
            this.changed();
            await granted;
        }
        hooks?.onDispatch?.();
        this.sent++;
        this.changed();
    }

    override async findTasks(scope: FdiScope, query: TaskQuery, hooks?: ReadHooks): Promise<{ tasks: TaskRecord[]; calls: number }> {
        await this.slot(hooks);
        return super.findTasks(scope, query);
    }

    override async listTasks(scope: FdiScope, filter?: ListTasksFilter, hooks?: ReadHooks): Promise<ObservedTask[]> {
        await this.slot(hooks);
        return super.listTasks(scope, filter);
    }
}

/** A fake that never reports dispatch: its reads begin when the coordinator plans them, as before. */
class SilentSlottedFdi extends SlottedFdi {
    override readonly reportsDispatch = false;
}

describe("a read begins when its request is dispatched", () => {
    describe("selections", () => {
        const coordinator = (fdi: FakeFdi) => new SelectionCoordinator(fdi, "https://roma.test", { listingMaxAgeMs: 0, gatherMs: 1 });

        it("a verification arriving while the read waits for its slot joins it: one call, begun after the verification's event", async () => {
            const fdi = new SlottedFdi().addTasks(A, tasks);
            const c = coordinator(fdi);
            const first = c.verify(A, nightly, tick());
            await fdi.until(() => fdi.waiting() === 1);
            const after = tick(); // e.g. a write answered while the read waited
            const second = c.verify(A, nightly, after);
            fdi.dispatch();
            const [a, b] = await Promise.all([first, second]);
            assert.equal(fdi.calls.findTasks, 1);
            assert.equal(a.seq, b.seq);
            assert.ok(b.seq > after, "the read's order is its dispatch, after the event");
            assert.equal(b.tasks.length, 3);
            assert.equal(c.pending(), 0);
        });

        it("a verification arriving after the request was dispatched does not join it: a second call", async () => {
            const fdi = new SlottedFdi().addTasks(A, tasks);
            const c = coordinator(fdi);
            const first = c.verify(A, nightly, tick());
            await fdi.until(() => fdi.waiting() === 1);
            fdi.dispatch();
            await fdi.until(() => fdi.sent === 1);
            const after = tick();
            fdi.holding = false;
            const second = c.verify(A, nightly, after);
            const [a, b] = await Promise.all([first, second]);
            assert.equal(fdi.calls.findTasks, 2);
            assert.ok(a.seq < after && b.seq > after);
        });

        it("a waiting read of one selection serves no verification of another", async () => {
            const fdi = new SlottedFdi().addTasks(A, tasks);
            const c = coordinator(fdi);
            const first = c.verify(A, nightly, tick());
            await fdi.until(() => fdi.waiting() === 1);
            const other = c.verify(A, { taskTag: "hourly" }, tick());
            await fdi.until(() => fdi.waiting() === 2);
            fdi.dispatch();
            await Promise.all([first, other]);
            assert.deepEqual(fdi.queries, [nightly, { taskTag: "hourly" }]);
        });

        it("with a client that does not report dispatch, a read begins when it is planned, as before", async () => {
            const fdi = new SilentSlottedFdi().addTasks(A, tasks);
            const c = coordinator(fdi);
            const first = c.verify(A, nightly, tick());
            await fdi.until(() => fdi.waiting() === 1);
            const after = tick();
            fdi.holding = false;
            const second = c.verify(A, nightly, after);
            fdi.dispatch();
            const [a, b] = await Promise.all([first, second]);
            assert.equal(fdi.calls.findTasks, 2);
            assert.ok(a.seq < after && b.seq > after);
        });
    });

    describe("task reads", () => {
        const coordinator = (fdi: FakeFdi) =>
            new TaskCoordinator(fdi, "https://roma.test", { listingMaxAgeMs: 0, gatherMs: 1, fillMs: 0, maxVerifyHoldMs: 20 });

        it("a verification arriving while the read waits for its slot joins it if the read covers its tasks", async () => {
            const fdi = new SlottedFdi().addTasks(A, tasks);
            const c = coordinator(fdi);
            const first = c.verify(A, ["t1"], c.mark());
            await fdi.until(() => fdi.waiting() === 1);
            const after = c.mark();
            const second = c.verify(A, ["t1"], after);
            // Not covered by the read waiting: read on its own.
            const third = c.verify(A, ["t2"], after);
            await fdi.until(() => fdi.waiting() === 2);
            fdi.dispatch();
            const [a, b, d] = await Promise.all([first, second, third]);
            assert.deepEqual(fdi.listFilters, ["t1", "t2"]);
            assert.equal(a.seq, b.seq);
            assert.ok(b.seq > after && d.seq > after);
            assert.equal(b.tasks.get("t1")?.status, "stopped");
            assert.equal(c.pending(), 0);
        });

        it("a verification arriving after the request was dispatched does not join it: a second call", async () => {
            const fdi = new SlottedFdi().addTasks(A, tasks);
            const c = coordinator(fdi);
            const first = c.verify(A, ["t1"], c.mark());
            await fdi.until(() => fdi.waiting() === 1);
            fdi.dispatch();
            await fdi.until(() => fdi.sent === 1);
            const after = c.mark();
            fdi.holding = false;
            const second = c.verify(A, ["t1"], after);
            const [a, b] = await Promise.all([first, second]);
            assert.deepEqual(fdi.listFilters, ["t1", "t1"]);
            assert.ok(a.seq < after && b.seq > after);
        });
    });
});
