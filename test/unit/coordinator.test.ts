// The coordinator on in-memory fakes: what is shared, what never is, and that nothing is left
// waiting. Timing is real but tiny (a gather window of a few ms); nothing asserts durations, and
// what must not have happened yet is asserted at an exact instant of a fake clock (fake-timers.ts).
import { strict as assert } from "node:assert";
import { RateLimiter } from "../../provider/api/rate-limiter";
import type { FdiScope, ListTasksFilter, ObservedTask } from "../../provider/api/types";
import { JobCoordinator } from "../../provider/coordinator/jobs";
import { TaskCoordinator } from "../../provider/coordinator/tasks";
import { useFakeTimers } from "../support/fake-timers";
import { FakeDrs, FakeFdi } from "../support/fakes";

const A: FdiScope = { projectId: "proj-a", instanceId: "inst-1" };
const A2: FdiScope = { projectId: "proj-a", instanceId: "inst-2" };
const B: FdiScope = { projectId: "proj-b", instanceId: "inst-1" };
const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `t${String(from + i).padStart(4, "0")}`);
const stopped = (list: string[]) => list.map((taskId) => ({ taskId, status: "stopped" as const }));
const status = (l: { tasks: ReadonlyMap<string, ObservedTask> }, id: string) => l.tasks.get(id)?.status;

/** A fake whose listings see the tasks at once but answer only when released: a read in flight while something else happens. */
class GatedFdi extends FakeFdi {
    private gates: (() => void)[] = [];
    private onHold: (() => void)[] = [];
    gated = false;
    override async listTasks(scope: FdiScope, filter?: ListTasksFilter): Promise<ObservedTask[]> {
        const seen = await super.listTasks(scope, filter);
        if (this.gated) {
            const gate = new Promise<void>((resolve) => this.gates.push(resolve));
            this.onHold.splice(0).forEach((h) => h());
            await gate;
        }
        return seen;
    }
    /** Resolves once a listing has been made and is held at the gate. */
    held(): Promise<void> {
        return this.gates.length > 0 ? Promise.resolve() : new Promise((resolve) => this.onHold.push(resolve));
    }
    release(): void {
        this.gated = false;
        this.gates.splice(0).forEach((g) => g());
    }
}

// Calls are not held to be filled here (fillMs 0): that has tests of its own below.
const coordinator = (fdi: FakeFdi, listingMaxAgeMs = 2000) => new TaskCoordinator(fdi, "https://roma.test", { listingMaxAgeMs, gatherMs: 2, fillMs: 0 });

describe("task coordinator", () => {
    it("concurrent reads of one instance share one listing; repeated observations within the age bound reuse it", async () => {
        const fdi = new FakeFdi().addTasks(A, stopped(ids(40)));
        const c = coordinator(fdi);
        const reads = await Promise.all(Array.from({ length: 8 }, (_, r) => c.observe(A, ids(5, r * 5))));
        assert.equal(fdi.calls.listTasks, 1);
        assert.ok(reads.every((l, r) => l.tasks.size === 5 && l.tasks.has(ids(1, r * 5)[0])));
        await c.observe(A, ids(3, 30));
        assert.equal(fdi.calls.listTasks, 1, "a listing younger than the bound serves a later observation");
        assert.equal(c.pending(), 0);
    });

    it("a verification never uses a listing that began before its write was answered", async () => {
        const fdi = new GatedFdi().addTasks(A, stopped(ids(6)));
        const c = coordinator(fdi);
        fdi.gated = true;
        const early = c.observe(A, ids(6)); // in flight while the write happens
        await fdi.held();
        const write = await c.operate(A, "start", ["t0000"]);
        const verify = c.verify(A, ["t0000"], write.answered);
        fdi.release();
        assert.equal(status(await early, "t0000"), "stopped");
        const v = await verify;
        assert.equal(status(v, "t0000"), "started");
        assert.ok(v.seq > write.answered);
        assert.equal(fdi.calls.listTasks, 2);
    });

    it("a verification waits for the instance's other writes, so one listing verifies them all", async () => {
        const fdi = new FakeFdi().addTasks(A, stopped(ids(20)));
        const c = coordinator(fdi);
        const first = await c.operate(A, "start", ids(5));
        const second = c.operate(A, "start", ids(5, 5)); // queued, not yet answered
        const verifyFirst = c.verify(A, ids(5), first.answered);
        const answered = await second;
        const verifySecond = await c.verify(A, ids(5, 5), answered.answered);
        assert.equal((await verifyFirst).seq, verifySecond.seq, "one listing for both");
        assert.equal(fdi.calls.listTasks, 1);
    });

    it("writes asked for together go out together, in calls of at most 10, and each outcome goes to its asker", async () => {
        const fdi = new FakeFdi().addTasks(A, stopped(ids(25)));
        fdi.failTask("t0003", { errorCode: "FDI.3083", errorMessage: "no plan" });
        const c = coordinator(fdi);
        const results = await Promise.all([c.operate(A, "start", ids(10)), c.operate(A, "start", ids(10, 10)), c.operate(A, "start", ids(5, 20))]);
        assert.equal(fdi.calls.batchOperate, 1);
        assert.deepEqual(
            fdi.batches.map((b) => b.ids.length),
            [10, 10, 5],
        );
        assert.deepEqual(
            results[0].failed.map((f) => `${f.taskId} ${f.errorCode}`),
            ["t0003 FDI.3083"],
        );
        assert.equal(results[0].succeeded.length, 9);
        assert.deepEqual(
            results.slice(1).map((r) => [r.succeeded.length, r.failed.length]),
            [
                [10, 0],
                [5, 0],
            ],
            "one resource's failed task fails no other resource",
        );
    });

    it("never mixes instances, projects or actions", async () => {
        const fdi = new FakeFdi()
            .addTasks(A, stopped(["x", "y"]))
            .addTasks(A2, [{ taskId: "x", status: "started" }])
            .addTasks(B, [{ taskId: "x", status: "started" }]);
        const c = coordinator(fdi);
        const [a, a2, b] = await Promise.all([c.observe(A, ["x", "y"]), c.observe(A2, ["x"]), c.observe(B, ["x"])]);
        assert.deepEqual([status(a, "x"), status(a2, "x"), status(b, "x")], ["stopped", "started", "started"]);
        await Promise.all([c.operate(A, "start", ["x"]), c.operate(A2, "stop", ["x"]), c.operate(B, "stop", ["x"]), c.operate(A, "stop", ["y"])]);
        assert.deepEqual(fdi.batches.map((b) => `${b.scope.projectId}/${b.scope.instanceId} ${b.action} ${b.ids.join(",")}`).sort(), [
            "proj-a/inst-1 start x",
            "proj-a/inst-1 stop y",
            "proj-a/inst-2 stop x",
            "proj-b/inst-1 stop x",
        ]);
    });

    it("reads only the pages that hold the wanted tasks once the instance has been listed, and falls back when a task moved", async () => {
        const all = ids(2500);
        const fdi = new FakeFdi().addTasks(A, stopped(all));
        const c = coordinator(fdi, 0);
        // Tasks on every page: listing the whole costs no more than reading the lacking by ID.
        await c.observe(A, [...all.slice(0, 8), "t1500", "t2400"]);
        assert.deepEqual(fdi.pageOffsets, [0, 999, 1998], "first read of an instance of unknown size: one listing of the whole");
        const fullPages = fdi.pageOffsets.length;
        await c.observe(A, ["t2100", "t2101", "t2102", "t2103"]);
        assert.deepEqual(fdi.pageOffsets.slice(fullPages), [1998], "only the third page");
        fdi.removeTask(A, "t0000"); // every later task moves up by one
        const moved = await c.observe(A, ["t0999"]); // was first on page 2, now last on page 1
        assert.equal(status(moved, "t0999"), "stopped");
    });

    it("300 tasks none of which the (existing) instance lists: one listing says so, not a read by ID each", async () => {
        const fdi = new FakeFdi().addTasks(A, stopped(["someone-elses"]));
        const c = coordinator(fdi, 0);
        const l = await c.verify(A, ids(300), c.mark());
        assert.equal(l.tasks.size, 0);
        assert.equal(fdi.calls.listTasks, 1);
        // Some found: the others are still read by ID (a paged listing may have skipped them).
        const big = new FakeFdi().addTasks(A, stopped(ids(1500)));
        const c2 = coordinator(big, 0);
        const some = await c2.verify(A, [...ids(3), "t1400", "gone"], c2.mark());
        assert.equal(some.tasks.size, 4);
        assert.deepEqual(big.listFilters, [undefined, undefined, "gone"]);
    });

    it("an instance of 21,000 tasks, 4 at its end: after the first page gives the total, the 4 are read by ID", async () => {
        const all = ids(21_000);
        const fdi = new FakeFdi().addTasks(A, stopped(all));
        const c = coordinator(fdi, 0);
        const wanted = all.slice(-4);
        const seen = await c.observe(A, wanted);
        assert.deepEqual([...seen.tasks.keys()], wanted);
        assert.deepEqual(fdi.listFilters, [undefined, ...wanted], "one page, then one filtered read per task");
        await c.operate(A, "start", wanted);
        const verified = await c.verify(A, wanted, c.mark());
        assert.deepEqual(
            [...verified.tasks.values()].map((t) => t.status),
            ["started", "started", "started", "started"],
        );
        assert.equal(fdi.calls.listTasks + fdi.calls.batchOperate, 10, "5 reads, 1 write, 4 verifying reads");
    });

    it("a failed read or write answers everyone who waited, and leaves nobody waiting", async () => {
        class Down extends FakeFdi {
            down = true;
            override async listTasks(scope: FdiScope, filter?: ListTasksFilter) {
                if (this.down) throw new Error("ListTasks failed (HTTP 503)");
                return super.listTasks(scope, filter);
            }
        }
        const fdi = new Down().addTasks(A, stopped(ids(5)));
        const c = coordinator(fdi);
        const results = await Promise.allSettled([c.observe(A, ids(5)), c.observe(A, ids(2))]);
        assert.deepEqual(
            results.map((r) => r.status),
            ["rejected", "rejected"],
        );
        assert.equal(c.pending(), 0);
        fdi.down = false;
        assert.equal((await c.observe(A, ids(2))).tasks.size, 2, "a failed listing serves nobody later");
    });

    it("a task absent from a listing made for someone else is read again by its ID, and found", async () => {
        const fdi = new FakeFdi().addTasks(A, stopped(ids(10)));
        const c = coordinator(fdi, 60_000);
        await c.observe(A, ids(10));
        fdi.addTasks(A, stopped(["late"]));
        const l = await c.observe(A, ["t0000", "late"]);
        assert.equal(status(l, "late"), "stopped");
        assert.deepEqual(fdi.listFilters.slice(-1), ["late"], "only the absent task was read again, by its ID");
        const gone = await c.observe(A, ["nowhere"]);
        assert.equal(gone.tasks.size, 0, "absent after its own filtered read: missing");
    });
});

describe("DRS poll sharing", () => {
    it("waiters side by side share polls; each gets a poll that began after the one it saw", async () => {
        const drs = new FakeDrs({ j1: { status: "STARTJOBING" }, j2: { status: "STARTJOBING" }, j3: {} });
        const jobs = new JobCoordinator(drs, "https://drs.test", 2);
        const mark = jobs.mark();
        const [p1, p2] = await Promise.all([jobs.statuses("p", ["j1"], mark), jobs.statuses("p", ["j2", "j3"], mark)]);
        assert.equal(drs.calls.batchStatus, 1);
        assert.deepEqual(drs.statusQueries, [["j1", "j2", "j3"]]);
        assert.equal(p1.seq, p2.seq);
        await jobs.statuses("p", ["j1"], 0);
        assert.equal(drs.calls.batchStatus, 1, "a poll after the mark serves a waiter that saw nothing newer");
        await jobs.statuses("p", ["j1"], p1.seq);
        assert.equal(drs.calls.batchStatus, 2, "a waiter that saw that poll gets a newer one");
        await jobs.statuses("other", ["j1"], 0);
        assert.deepEqual(drs.projects.slice(-1), ["other"], "projects never share a poll");
        assert.equal(jobs.pending(), 0);
    });
});

describe("rate limiter", () => {
    function clock() {
        let t = 0;
        const sleeps: number[] = [];
        return {
            now: () => t,
            sleep: (ms: number) => {
                sleeps.push(ms);
                t += ms;
                return Promise.resolve();
            },
            sleeps,
        };
    }

    it("spaces requests at the rate, in call order", async () => {
        const c = clock();
        const l = new RateLimiter({ maxPerSecond: 4, now: c.now, sleep: c.sleep });
        for (let i = 0; i < 5; i++) await l.acquire();
        assert.equal(c.now(), 1000, "5 slots at 4 a second: the fifth at 1 s");
    });

    it("a 429 pauses every request for its Retry-After and halves the rate; successes climb back", async () => {
        const c = clock();
        const l = new RateLimiter({ maxPerSecond: 8, now: c.now, sleep: c.sleep });
        await l.acquire();
        l.throttle(3000);
        assert.equal(l.stats().rate, 4);
        await l.acquire();
        assert.ok(c.now() >= 3000, "the next request, whoever makes it, waits out the pause");
        for (let i = 0; i < 40; i++) l.succeed();
        assert.equal(l.stats().rate, 8, "back to the maximum, never above");
        for (let i = 0; i < 20; i++) l.throttle(0);
        assert.equal(l.stats().rate, 0.5, "never below the floor");
    });

    it("a 429 after answers lowers the rate to just under what the gateway admitted in that second, and it stays there", async () => {
        const c = clock();
        const l = new RateLimiter({ maxPerSecond: 9, now: c.now, sleep: c.sleep });
        for (let i = 0; i < 8; i++) {
            await l.acquire();
            l.succeed();
        }
        l.throttle(1000);
        assert.equal(l.stats().rate, 7.5, "8 admitted in the last second: 7.5 a second, not 4.5");
        for (let i = 0; i < 20; i++) l.succeed();
        assert.ok(l.stats().rate < 8, "successes do not climb back into the refusal");
    });
});

describe("task coordinator on a fake clock", () => {
    const clock = useFakeTimers();

    it("while a verification waits for other writes, an observation is served at once, and the verification waits until the write is answered", async () => {
        class SlowWrites extends FakeFdi {
            release?: () => void;
            override async batchOperate(...args: Parameters<FakeFdi["batchOperate"]>) {
                if (this.calls.batchOperate === 1) await new Promise<void>((resolve) => (this.release = resolve));
                return super.batchOperate(...args);
            }
        }
        const fdi = new SlowWrites().addTasks(A, stopped(ids(10)));
        const c = new TaskCoordinator(fdi, "https://roma.test", { listingMaxAgeMs: 0, gatherMs: 2, maxVerifyHoldMs: 60_000, fillMs: 0 });
        const firstWrite = c.operate(A, "start", ids(2));
        await clock.advance(2);
        const first = await firstWrite;
        const pendingWrite = c.operate(A, "start", ids(2, 2)); // held by the fake until released
        const verify = c.verify(A, ids(2), first.answered);
        let verified = false;
        void verify.then(() => (verified = true));
        const observation = c.observe(A, ids(2, 5)); // must not wait for the write or the verification
        await clock.advance(2);
        assert.equal((await observation).tasks.size, 2);
        await clock.advance(59_990, 10); // just short of maxVerifyHoldMs
        assert.equal(verified, false, "the verification still waits for the write in flight");
        fdi.release?.();
        await clock.advance(4);
        await pendingWrite;
        assert.equal(status(await verify, "t0000"), "started");
        assert.equal(c.pending(), 0);
    });

    it("a write of fewer than 10 tasks waits to be filled by another resource's, and never holds reads back meanwhile", async () => {
        const fdi = new FakeFdi().addTasks(A, stopped(ids(20)));
        const c = new TaskCoordinator(fdi, "https://roma.test", { listingMaxAgeMs: 0, gatherMs: 2, fillMs: 10_000 });
        const first = c.operate(A, "start", ids(5));
        await clock.advance(9_990, 10);
        assert.equal(fdi.calls.batchOperate, 0, "five tasks wait for five more");
        // The resource that fills the call reads first: that read must not wait for the write being filled.
        const reading = c.verify(A, ids(5, 5), c.mark());
        await clock.advance(2);
        assert.equal((await reading).tasks.size, 5);
        const second = c.operate(A, "start", ids(5, 5));
        await clock.advance(2);
        await Promise.all([first, second]);
        assert.equal(fdi.calls.batchOperate, 1, "one call of 10");
        assert.equal(c.pending(), 0);
    });
});
