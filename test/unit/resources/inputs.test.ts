import { strict as assert } from "node:assert";
import { UNKNOWN } from "../../../provider/core/unknown";
import { checkInputs, forEngine } from "../../../provider/resources/common/inputs";
import { DrsJobRetryInputs } from "../../../provider/resources/drs-job-retry/schema";
import { futureDateFromProblem, normalizeDateFrom } from "../../../provider/resources/task-progress-reset/date-from";
import { checkDateFromPast, TaskProgressResetInputs } from "../../../provider/resources/task-progress-reset/schema";
import { checkTaskChoice, TaskRunStateInputs } from "../../../provider/resources/task-run-state/schema";

const ok = { instanceId: "inst-1", taskIds: ["t1", "t2"], state: "started" };

describe("check: TaskRunState inputs", () => {
    it("accepts valid inputs and applies defaults", () => {
        const r = checkInputs(TaskRunStateInputs, { ...ok, __provider: "code" });
        assert.deepEqual(r.failures, []);
        assert.deepEqual(r.inputs, { ...ok, onDelete: "keep", settleTimeoutSeconds: 60 });
    });

    it("lets unknown values through, at the top level and inside lists", () => {
        const r = checkInputs(TaskRunStateInputs, { instanceId: UNKNOWN, taskIds: [UNKNOWN, "t2", UNKNOWN], state: UNKNOWN });
        assert.deepEqual(r.failures, []);
        assert.equal(r.inputs.instanceId, UNKNOWN);
        assert.equal(r.inputs.state, UNKNOWN);
    });

    it("reports every bad property once, by name", () => {
        const r = checkInputs(TaskRunStateInputs, { instanceId: "", taskIds: ["t1", "bad id", "t1"], state: "on", onDelete: "drop", extra: 1 });
        const props = r.failures.map((f) => f.property).sort();
        assert.deepEqual(props, ["extra", "instanceId", "onDelete", "state", "taskIds[1]", "taskIds[2]"]);
    });

    it("names a missing required property", () => {
        const r = checkInputs(TaskRunStateInputs, { instanceId: "i" }, checkTaskChoice);
        assert.deepEqual(r.failures.map((f) => `${f.property}: ${f.reason}`).sort(), [
            ": taskIds or selector is required: set exactly one of taskIds (tasks by ID) or selector (tasks by tag, name or type)",
            "state: is required",
        ]);
    });
});

describe("check: TaskProgressReset and DrsJobRetry inputs", () => {
    it("normalises dateFrom from ISO to milliseconds", () => {
        const r = checkInputs(TaskProgressResetInputs, { instanceId: "i", taskId: "m", dateFrom: "2021-08-27T08:25:14Z" });
        assert.equal(r.inputs.dateFrom, 1630052714000);
    });
    it("refuses a dateFrom after now, naming dateFrom and now; one applied before stays accepted", () => {
        const now = Date.UTC(2026, 11, 6, 3, 0);
        assert.equal(
            futureDateFromProblem("2099-01-01T00:00:00Z", undefined, now),
            "dateFrom 2099-01-01T00:00:00.000Z is in the future (now is 2026-12-06T03:00:00.000Z): a reset moves the task's progress back to a point it has passed; give a past UTC time, or leave dateFrom out for the API's default",
        );
        assert.equal(futureDateFromProblem(now - 1, undefined, now), undefined);
        assert.equal(futureDateFromProblem(now + 60_000, String(now + 60_000), now), undefined, "unchanged: no reset is run again");
        assert.match(futureDateFromProblem(now + 60_000, now - 1, now) ?? "", /is in the future/);
        // Through check, as a failure of no property: the engine prints it without a value.
        const r = checkInputs(TaskProgressResetInputs, { instanceId: "i", taskId: "m", dateFrom: 4070908800000 }, (own) => checkDateFromPast(own, {}));
        assert.deepEqual(
            r.failures.map((f) => f.property),
            [""],
        );
        assert.deepEqual(checkDateFromPast({ dateFrom: UNKNOWN }, {}), []);
    });
    it("applies DrsJobRetry defaults", () => {
        const r = checkInputs(DrsJobRetryInputs, { jobIds: ["j1"] });
        assert.deepEqual(r.inputs, { jobIds: ["j1"], waitFor: "none", timeoutSeconds: 600 });
    });
});

describe("normalizeDateFrom", () => {
    const cases: [unknown, number | RegExp][] = [
        [1630052714000, 1630052714000],
        ["1630052714000", 1630052714000],
        ["2021-08-27T08:25:14.000+00:00", 1630052714000],
        ["2021-08-27T16:25:14+08:00", 1630052714000],
        [1630052714, /looks like seconds/],
        [-5, /negative/],
        [1.5e12 + 0.5, /whole milliseconds/],
        ["yesterday", /ISO-8601/],
        ["2021-08-27", /ISO-8601/],
        ["2021-02-30T00:00:00Z", /not a valid date|ISO-8601/],
        [1e17, /9999/],
        [true, /number/],
    ];
    for (const [input, expected] of cases) {
        it(`${JSON.stringify(input)} -> ${expected}`, () => {
            const r = normalizeDateFrom(input);
            if (typeof expected === "number") assert.deepEqual(r, { ok: true, ms: expected });
            else assert.ok(!r.ok && expected.test(r.reason), JSON.stringify(r));
        });
    }
});

describe("check failures as the engine prints them (forEngine)", () => {
    // The engine prints `property <p> value <inputs[p]> has a problem`, <p> looked up as a top-level input.
    const inputs = { instanceId: "a/b", taskIds: ["t1", "t1"], selector: { taskTag: "x" }, state: "running" };
    it("keeps the property of a scalar input, whose value the engine prints as it is", () => {
        assert.deepEqual(forEngine([{ property: "state", reason: "must be one of" }], inputs), [{ property: "state", reason: "must be one of" }]);
    });
    it("a path into a value, a list or object input, or an input left out: no property, the path leads the reason", () => {
        const failures = [
            { property: "taskIds[1]", reason: 'duplicate of [0] ("t1")' },
            { property: "taskIds", reason: "at least one task" },
            { property: "selector", reason: "one field at least" },
            { property: "onDelete", reason: "is required" },
            { property: "", reason: "set either taskIds or selector" },
        ];
        assert.deepEqual(forEngine(failures, inputs), [
            { property: "", reason: 'taskIds[1]: duplicate of [0] ("t1")' },
            { property: "", reason: "taskIds: at least one task" },
            { property: "", reason: "selector: one field at least" },
            { property: "", reason: "onDelete: is required" },
            { property: "", reason: "set either taskIds or selector" },
        ]);
    });
});
