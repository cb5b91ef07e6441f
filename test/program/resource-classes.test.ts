// The resource classes under pulumi.runtime.setMocks: what a program's inputs become on the
// wire (a Date, however given, reaches the provider as an ISO string), and every stored
// property is an Output on the instance, also for optional inputs a program leaves out.
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { Assert, Equal } from "../../provider/core/type-checks";
import { DrsJobRetryInputs, DrsJobRetryState } from "../../provider/resources/drs-job-retry/schema";
import { normalizeDateFrom } from "../../provider/resources/task-progress-reset/date-from";
import { TaskProgressResetInputs, TaskProgressResetState } from "../../provider/resources/task-progress-reset/schema";
import { TaskRunStateInputs, TaskRunStateState } from "../../provider/resources/task-run-state/schema";
import {
    DrsJobRetry,
    OnDelete,
    RunState,
    TaskProgressReset,
    TaskRunState,
    TaskType,
    WaitFor,
    type DrsJobRetryArgs,
    type TaskProgressResetArgs,
    type TaskRunStateArgs,
} from "../../provider";

/** The properties of a class that are Outputs, without the engine's own `urn` and `id`. */
type OutputKeys<R> = Exclude<{ [K in keyof R]: R[K] extends pulumi.Output<unknown> ? K : never }[keyof R], "urn" | "id">;

/** Compile-time: each class's Args are exactly its schema's inputs, and its Outputs exactly what it stores. */
export type ClassesMatchSchemas = [
    Assert<Equal<keyof TaskRunStateArgs, keyof z.input<typeof TaskRunStateInputs>>>,
    Assert<Equal<OutputKeys<TaskRunState>, keyof z.infer<typeof TaskRunStateState>>>,
    Assert<Equal<keyof TaskProgressResetArgs, keyof z.input<typeof TaskProgressResetInputs>>>,
    Assert<Equal<OutputKeys<TaskProgressReset>, keyof z.infer<typeof TaskProgressResetState>>>,
    Assert<Equal<keyof DrsJobRetryArgs, keyof z.input<typeof DrsJobRetryInputs>>>,
    Assert<Equal<OutputKeys<DrsJobRetry>, keyof z.infer<typeof DrsJobRetryState>>>,
];

const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

describe("the resource classes under setMocks", function () {
    this.timeout(60_000);
    const inputs = new Map<string, Record<string, unknown>>();

    before(async () => {
        await pulumi.runtime.setMocks(
            {
                newResource: (a) => {
                    inputs.set(a.name, a.inputs as Record<string, unknown>);
                    return { id: `${a.name}-id`, state: { ...(a.inputs as Record<string, unknown>), stateVersion: 1 } };
                },
                call: () => ({}),
            },
            "classes",
            "test",
            false,
        );
    });

    const registered = async (r: pulumi.Resource, name: string) => {
        await valueOf(r.urn);
        const got = inputs.get(name);
        assert.ok(got, `${name} was not registered`);
        return got;
    };

    it("sends a Date given as a value, an Output or a Promise as its ISO string; numbers and strings as they are", async () => {
        const when = new Date(Date.UTC(2026, 10, 1, 2, 30));
        const cases: [string, TaskProgressResetArgs["dateFrom"], unknown][] = [
            ["date", when, "2026-11-01T02:30:00.000Z"],
            ["output-date", pulumi.output("x").apply(() => new Date(when)), "2026-11-01T02:30:00.000Z"],
            ["promise-date", Promise.resolve(new Date(when)), "2026-11-01T02:30:00.000Z"],
            // A secret stays secret.
            [
                "secret-date",
                pulumi.secret("x").apply(() => new Date(when)),
                { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: "2026-11-01T02:30:00.000Z" },
            ],
            ["invalid-date", new Date("not a date"), "Invalid Date"],
            ["ms", when.getTime(), when.getTime()],
            ["iso", "2026-11-01T02:30:00Z", "2026-11-01T02:30:00Z"],
        ];
        for (const [name, dateFrom, expected] of cases) {
            const sent = await registered(new TaskProgressReset(name, { instanceId: "i", taskId: "m", dateFrom }), name);
            assert.deepEqual(sent.dateFrom, expected, name);
        }
    });

    it("a Date becomes the same milliseconds in state as the ISO string and the number would", async () => {
        const when = new Date(Date.UTC(2026, 10, 1));
        const sent = await registered(new TaskProgressReset("same-ms", { instanceId: "i", taskId: "m", dateFrom: when }), "same-ms");
        assert.deepEqual(normalizeDateFrom(sent.dateFrom), { ok: true, ms: when.getTime() });
    });

    it("every stored property is an Output on the instance, also optional inputs left out", async () => {
        const run = new TaskRunState("run", { instanceId: "i", taskIds: ["t"], state: RunState.Started, onDelete: OnDelete.Restore });
        const reset = new TaskProgressReset("reset", { instanceId: "i", taskId: "m" });
        const retry = new DrsJobRetry("retry", { jobIds: ["j"], waitFor: WaitFor.Transferring });
        for (const [resource, schema] of [
            [run, TaskRunStateState],
            [reset, TaskProgressResetState],
            [retry, DrsJobRetryState],
        ] as const) {
            for (const key of Object.keys(schema.shape)) {
                assert.ok(pulumi.Output.isInstance((resource as unknown as Record<string, unknown>)[key]), `${resource.constructor.name}.${key}`);
            }
        }
        assert.equal(await valueOf(retry.waitFor), "transferring");
        assert.equal(await valueOf(run.onDelete), "restore");
        assert.equal(await valueOf(run.stateVersion), 1);
        // Left out, so not sent: check applies the default (60) inside the provider.
        assert.ok(!("settleTimeoutSeconds" in (await registered(run, "run"))));
    });

    it("sends a selector as given, and its own URN (as __urn) for the progress the provider reports, also under a parent", async () => {
        const run = new TaskRunState("by-tag", { instanceId: "i", selector: { taskTag: "nightly", taskType: TaskType.Timing }, state: RunState.Started });
        const sent = await registered(run, "by-tag");
        assert.deepEqual(sent.selector, { taskTag: "nightly", taskType: "timing" });
        assert.ok(!("taskIds" in sent));
        assert.equal(sent.__urn, await valueOf(run.urn));
        const parent = new pulumi.ComponentResource("my:app:Pipeline", "pipeline");
        const child = new DrsJobRetry("child-retry", { jobIds: ["j"] }, { parent });
        const childSent = await registered(child, "child-retry");
        assert.equal(childSent.__urn, await valueOf(child.urn));
        assert.match(String(childSent.__urn), /::my:app:Pipeline\$pulumi-nodejs:dynamic\/roma:DrsJobRetry::child-retry$/);
    });

    it("takes enum-like inputs as plain strings (e.g. from stack config), as generated SDKs do", async () => {
        const fromConfig: string = ["stopped"][0];
        const sent = await registered(new TaskRunState("from-config", { instanceId: "i", taskIds: ["t"], state: fromConfig }), "from-config");
        assert.equal(sent.state, "stopped");
        assert.deepEqual(Object.values(RunState), ["started", "stopped"]);
        assert.deepEqual(Object.values(OnDelete), ["keep", "stop", "restore"]);
        assert.deepEqual(Object.values(WaitFor), ["none", "transferring"]);
    });
});
