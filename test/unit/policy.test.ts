// The policy pack's rules on both type tokens of each resource, with a fixed UTC clock (windows
// across midnight and across the week's end), their config errors, and the policies as
// @pulumi/policy's own analyzer runs them on a request the engine would send.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { UNKNOWN } from "../../provider/core/unknown";
import { PACK_NAME, romaPolicies } from "../../provider/policy/policies";
import {
    PolicyConfigError,
    checkDrsWait,
    checkProtectedInstances,
    checkResetRange,
    drsWaitConfig,
    nextWindow,
    parseWindow,
    protectedInstancesConfig,
    resetRangeConfig,
    type ChangeWindow,
    type PolicyResource,
} from "../../provider/policy/rules";

const NATIVE = { trs: "roma:fdi:TaskRunState", reset: "roma:fdi:TaskProgressReset", retry: "roma:drs:JobRetry" };
const DYNAMIC = {
    trs: "pulumi-nodejs:dynamic/roma:TaskRunState",
    reset: "pulumi-nodejs:dynamic/roma:TaskProgressReset",
    retry: "pulumi-nodejs:dynamic/roma:DrsJobRetry",
};
const BOTH = [
    ["native", NATIVE],
    ["dynamic", DYNAMIC],
] as const;

const urn = (type: string, name: string, stack = "prod") => `urn:pulumi:${stack}::pipelines::${type}::${name}`;
const resource = (type: string, name: string, props: Record<string, unknown>, stack?: string): PolicyResource => ({
    type,
    name,
    urn: urn(type, name, stack),
    props,
});

// 2026-12-05 is a Saturday.
const at = (iso: string) => new Date(iso);
const window = (text: string): ChangeWindow => {
    const w = parseWindow(text);
    if ("error" in w) throw new Error(w.error);
    return w;
};

describe("policy pack", () => {
    describe("change windows (UTC)", () => {
        const inAny = (windows: string[], iso: string) => {
            const config = protectedInstancesConfig({ instanceIds: ["inst"], changeWindowsUtc: windows });
            return checkProtectedInstances(resource(NATIVE.trs, "r", { instanceId: "inst", taskIds: ["a"], state: "stopped" }), config, at(iso)) === undefined;
        };

        it("a window across midnight: from its start, up to (not including) its end", () => {
            const w = ["Fri 22:00-Sat 02:00"];
            assert.equal(inAny(w, "2026-12-04T21:59:59Z"), false, "Fri 21:59:59");
            assert.equal(inAny(w, "2026-12-04T22:00:00Z"), true, "Fri 22:00");
            assert.equal(inAny(w, "2026-12-04T23:59:59Z"), true, "Fri 23:59:59");
            assert.equal(inAny(w, "2026-12-05T00:00:00Z"), true, "Sat 00:00");
            assert.equal(inAny(w, "2026-12-05T01:59:59Z"), true, "Sat 01:59:59");
            assert.equal(inAny(w, "2026-12-05T02:00:00Z"), false, "Sat 02:00");
        });

        it("a window across the week's end (Saturday night into Sunday, Sunday night into Monday)", () => {
            const w = ["Sat 22:00-Sun 06:00"];
            assert.equal(inAny(w, "2026-12-05T21:59:00Z"), false);
            assert.equal(inAny(w, "2026-12-05T23:30:00Z"), true);
            assert.equal(inAny(w, "2026-12-06T05:59:00Z"), true);
            assert.equal(inAny(w, "2026-12-06T06:00:00Z"), false);
            const late = ["Sun 23:00-Mon 01:00"];
            assert.equal(inAny(late, "2026-12-06T23:00:00Z"), true);
            assert.equal(inAny(late, "2026-12-07T00:30:00Z"), true);
            assert.equal(inAny(late, "2026-12-07T01:00:00Z"), false);
            // The same window a year-end later: only the weekday counts (2027-01-02 is a Saturday).
            assert.equal(inAny(w, "2027-01-02T23:00:00Z"), true);
        });

        it("a window within one day, any day name case, spaces around the dash", () => {
            assert.equal(inAny(["wed 01:00 - WED 03:00"], "2026-12-09T02:00:00Z"), true);
            assert.equal(inAny(["Wed 01:00-Wed 03:00"], "2026-12-10T02:00:00Z"), false, "Thursday");
        });

        it("the next window: the nearest of several, next week when one has just closed, across the year's end", () => {
            const windows = [window("Sat 22:00-Sun 06:00"), window("Wed 01:00-Wed 03:00")];
            const mon = nextWindow(windows, at("2026-12-07T10:15:30Z"));
            assert.equal(mon?.window.text, "Wed 01:00-Wed 03:00");
            assert.equal(mon?.opens.toISOString(), "2026-12-09T01:00:00.000Z");
            assert.equal(mon?.closes.toISOString(), "2026-12-09T03:00:00.000Z");
            const sunAfter = nextWindow([window("Sat 22:00-Sun 06:00")], at("2026-12-06T06:00:00Z"));
            assert.equal(sunAfter?.opens.toISOString(), "2026-12-12T22:00:00.000Z");
            assert.equal(sunAfter?.closes.toISOString(), "2026-12-13T06:00:00.000Z");
            const yearEnd = nextWindow([window("Sat 22:00-Sun 06:00")], at("2026-12-31T12:00:00Z"));
            assert.equal(yearEnd?.opens.toISOString(), "2027-01-02T22:00:00.000Z");
            assert.equal(nextWindow([], at("2026-12-31T12:00:00Z")), undefined);
        });
    });

    describe("roma-protected-instances", () => {
        const config = protectedInstancesConfig({ instanceIds: ["billing-inst"], changeWindowsUtc: ["Sat 22:00-Sun 06:00"] });
        const monday = at("2026-12-07T10:00:00Z");

        for (const [kind, t] of BOTH) {
            it(`refuses a stop of a protected instance outside its windows (${kind} token ${t.trs}), naming resource, instance, tasks and next window`, () => {
                const message = checkProtectedInstances(
                    resource(t.trs, "billing-pipeline", { instanceId: "billing-inst", taskIds: ["bill-extract", "bill-load"], state: "stopped" }),
                    config,
                    monday,
                );
                assert.equal(
                    message,
                    'TaskRunState "billing-pipeline" would stop tasks bill-extract, bill-load on protected instance billing-inst outside its change windows (now Mon 2026-12-07 10:00 UTC). The next change window opens Sat 2026-12-12 22:00 UTC and closes Sun 2026-12-13 06:00 UTC ("Sat 22:00-Sun 06:00"); run the change then.',
                );
            });

            it(`names a selector instead of task IDs (${kind})`, () => {
                const message = checkProtectedInstances(
                    resource(t.trs, "by-tag", { instanceId: "billing-inst", selector: { taskTag: "billing", taskType: "timing" }, state: "stopped" }),
                    config,
                    monday,
                );
                assert.match(message ?? "", /would stop the tasks of selector \{ taskTag: "billing", taskType: "timing" \} on protected instance billing-inst/);
            });

            it(`allows: inside a window, a start, another instance (${kind})`, () => {
                const stop = resource(t.trs, "p", { instanceId: "billing-inst", taskIds: ["a"], state: "stopped" });
                assert.equal(checkProtectedInstances(stop, config, at("2026-12-05T23:00:00Z")), undefined);
                assert.equal(checkProtectedInstances({ ...stop, props: { ...stop.props, state: "started" } }, config, monday), undefined);
                assert.equal(checkProtectedInstances({ ...stop, props: { ...stop.props, instanceId: "other-inst" } }, config, monday), undefined);
            });
        }

        it("ignores the other resources, even with the same inputs", () => {
            const props = { instanceId: "billing-inst", taskIds: ["a"], state: "stopped" };
            for (const type of [NATIVE.reset, DYNAMIC.retry, "pulumi-nodejs:dynamic:TaskRunState", "roma:fdi:TaskRunStateX"])
                assert.equal(checkProtectedInstances(resource(type, "x", props), config, monday), undefined, type);
        });

        it("no window configured: never, and says so; a long task list is cut at ten", () => {
            const none = protectedInstancesConfig({ instanceIds: ["billing-inst"] });
            const ids = Array.from({ length: 12 }, (_, i) => `t${i}`);
            const message =
                checkProtectedInstances(resource(NATIVE.trs, "p", { instanceId: "billing-inst", taskIds: ids, state: "stopped" }), none, monday) ?? "";
            assert.match(message, /tasks t0, t1, t2, t3, t4, t5, t6, t7, t8, t9 and 2 more \(12 tasks\)/);
            assert.match(message, /No change window is configured \(changeWindowsUtc\), so its tasks may not be stopped at any time\./);
        });

        it("with no config at all, protects nothing", () => {
            const empty = protectedInstancesConfig({});
            assert.equal(checkProtectedInstances(resource(NATIVE.trs, "p", { instanceId: "i", taskIds: ["a"], state: "stopped" }), empty, monday), undefined);
        });
    });

    describe("roma-reset-range", () => {
        const now = at("2026-12-07T10:00:00Z");
        const defaults = resetRangeConfig({});

        for (const [kind, t] of BOTH) {
            it(`flags a dateFrom in the future or more than 31 days back (${kind} token ${t.reset})`, () => {
                const reset = (dateFrom: unknown) => resource(t.reset, "backfill", { instanceId: "inst", taskId: "orders-composite", dateFrom });
                assert.equal(
                    checkResetRange(reset(Date.parse("2026-12-08T00:00:00Z")), defaults, now),
                    'TaskProgressReset "backfill" resets task orders-composite of instance inst from 2026-12-08T00:00:00.000Z, which is in the future (now 2026-12-07T10:00:00.000Z): a reset starts from a past time.',
                );
                assert.match(
                    checkResetRange(reset(Date.parse("2026-11-01T00:00:00Z")), defaults, now) ?? "",
                    /from 2026-11-01T00:00:00\.000Z, 36 days back, more than maxDaysBack \(31\): the earliest allowed is 2026-11-06T10:00:00\.000Z/,
                );
                // An ISO string (inputs as a program gives them) is read as the provider reads it.
                assert.match(checkResetRange(reset("2026-12-08T00:00:00+08:00"), defaults, now) ?? "", /in the future/);
                assert.equal(checkResetRange(reset(Date.parse("2026-11-06T10:00:00Z")), defaults, now), undefined, "exactly 31 days back");
                assert.equal(checkResetRange(reset(Date.parse("2026-12-07T09:00:00Z")), defaults, now), undefined);
                assert.equal(checkResetRange(reset(undefined), defaults, now), undefined, "the API's default");
                assert.equal(checkResetRange(reset("yesterday"), defaults, now), undefined, "the provider's check refuses it");
            });
        }

        it("maxDaysBack from the config", () => {
            const week = resetRangeConfig({ maxDaysBack: 7 });
            const r = resource(NATIVE.reset, "b", { instanceId: "i", taskId: "t", dateFrom: Date.parse("2026-11-29T00:00:00Z") });
            assert.match(checkResetRange(r, week, now) ?? "", /8 days back, more than maxDaysBack \(7\)/);
            assert.equal(checkResetRange(r, defaults, now), undefined);
            assert.equal(checkResetRange({ ...r, type: NATIVE.trs }, week, now), undefined, "only resets");
        });
    });

    describe("roma-drs-wait", () => {
        for (const [kind, t] of BOTH) {
            it(`flags a retry without waitFor: transferring in a stack the config names (${kind} token ${t.retry})`, () => {
                const config = drsWaitConfig({ stacks: ["prod", "prod-*"] });
                const retry = (props: Record<string, unknown>, stack: string) => resource(t.retry, "feeds", { jobIds: ["job-a", "job-b"], ...props }, stack);
                assert.equal(
                    checkDrsWait(retry({}, "prod"), config),
                    'DrsJobRetry "feeds" retries jobs job-a, job-b without waitFor: transferring in stack "prod" (matches "prod"): the up succeeds as soon as DRS accepts the retry, even if a job never transfers again. Set waitFor: transferring (and timeoutSeconds) so the up fails when a job does not resume.',
                );
                assert.match(checkDrsWait(retry({ waitFor: "none" }, "prod-eu"), config) ?? "", /in stack "prod-eu" \(matches "prod-\*"\)/);
                assert.equal(checkDrsWait(retry({ waitFor: "transferring" }, "prod"), config), undefined);
                assert.equal(checkDrsWait(retry({}, "dev"), config), undefined);
                assert.equal(checkDrsWait(retry({}, "production"), config), undefined, "a pattern matches the whole name");
            });
        }

        it("every stack by default; only retries", () => {
            const config = drsWaitConfig({});
            assert.match(checkDrsWait(resource(NATIVE.retry, "r", { jobIds: ["j"] }, "dev"), config) ?? "", /in stack "dev" \(matches "\*"\)/);
            assert.equal(checkDrsWait(resource(NATIVE.trs, "r", { jobIds: ["j"] }, "dev"), config), undefined);
        });
    });

    describe("config errors name the field", () => {
        const refused = (f: () => unknown, message: RegExp) =>
            assert.throws(f, (err: Error) => {
                assert.ok(err instanceof PolicyConfigError, `${err.name}: ${err.message}`);
                assert.match(err.message, message);
                return true;
            });

        it("an unknown field", () => {
            refused(
                () => protectedInstancesConfig({ instanceId: ["x"] }),
                /^policy config "roma-protected-instances": instanceId is not a setting of this policy \(its settings: instanceIds, changeWindowsUtc, enforcementLevel\)$/,
            );
            refused(() => resetRangeConfig({ maxDays: 3 }), /"roma-reset-range": maxDays is not a setting/);
            refused(() => drsWaitConfig({ stack: "prod" }), /"roma-drs-wait": stack is not a setting/);
        });

        it("a window that does not parse, with the index of the window", () => {
            const windows = (changeWindowsUtc: unknown[]) => () => protectedInstancesConfig({ instanceIds: ["i"], changeWindowsUtc });
            refused(
                windows(["Sat 22:00-Sun 06:00", "Sat 22:00-Sun 6"]),
                /changeWindowsUtc\[1\] must be written "<Day> HH:MM-<Day> HH:MM" in UTC.*got "Sat 22:00-Sun 6"/,
            );
            refused(windows(["Sat 24:00-Sun 06:00"]), /changeWindowsUtc\[0\] "Sat 24:00-Sun 06:00" has hour 24, not 00-23/);
            refused(windows(["Sat 22:60-Sun 06:00"]), /has minute 60, not 00-59/);
            refused(windows(["Sam 22:00-Sun 06:00"]), /has no day "Sam" \(days: Sun, Mon, Tue, Wed, Thu, Fri, Sat\)/);
            refused(windows(["22:00-06:00"]), /changeWindowsUtc\[0\] must be written/);
            refused(windows(["Sat 22:00-Sat 22:00"]), /starts and ends at the same time/);
            refused(windows([42]), /changeWindowsUtc\[0\] must be a non-empty string, got 42/);
        });

        it("values of the wrong type", () => {
            refused(() => protectedInstancesConfig({ instanceIds: "billing-inst" }), /instanceIds must be a list of strings, got "billing-inst"/);
            refused(() => resetRangeConfig({ maxDaysBack: -1 }), /maxDaysBack must be a whole number of days, 0 or more, got -1/);
            refused(() => resetRangeConfig({ maxDaysBack: 1.5 }), /maxDaysBack must be a whole number/);
            refused(() => drsWaitConfig({ stacks: [""] }), /stacks\[0\] must be a non-empty string/);
        });
    });

    describe("the policies as @pulumi/policy serves them", () => {
        const monday = at("2026-12-07T10:00:00Z");
        const policies = romaPolicies(() => monday);
        const byName = (name: string) => policies.find((p) => p.name === name) as ResourceValidationPolicy;

        /** A validation as the analyzer makes it, with this policy config. */
        const validate = (name: string, r: PolicyResource, config: Record<string, unknown>) => {
            const reported: { message: string; urn?: string }[] = [];
            const args = { type: r.type, name: r.name, urn: r.urn, props: r.props, getConfig: () => config } as unknown as ResourceValidationArgs;
            const v = byName(name).validateResource;
            if (!v || Array.isArray(v)) throw new Error("one validation per policy");
            void v(args, (message, urn) => reported.push({ message, urn }));
            return reported;
        };

        it("docs/policy.md and the README document each policy, its enforcement level and each of its settings", () => {
            const docs = readFileSync(path.join(__dirname, "..", "..", "docs", "policy.md"), "utf8");
            const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
            for (const p of policies) {
                assert.ok(docs.includes(`### \`${p.name}\` (${p.enforcementLevel})`), `docs/policy.md has a section for ${p.name} (${p.enforcementLevel})`);
                assert.ok(readme.includes(`\`${p.name}\` (${p.enforcementLevel})`), `the README names ${p.name} (${p.enforcementLevel})`);
                const section = docs.slice(docs.indexOf(`### \`${p.name}\``)).split(/\n### |\n## /)[0];
                for (const setting of Object.keys(p.configSchema?.properties ?? {})) {
                    assert.match(section, new RegExp(`^\\| \`${setting}\` \\|`, "m"), `docs/policy.md documents ${p.name}'s ${setting}`);
                    assert.ok(readme.includes(`\`${setting}\``), `the README names ${setting}`);
                }
            }
        });

        it("three policies: protected instances mandatory, the others advisory, each with a config schema", () => {
            assert.deepEqual(
                policies.map((p) => [p.name, p.enforcementLevel, Object.keys(p.configSchema?.properties ?? {})]),
                [
                    ["roma-protected-instances", "mandatory", ["instanceIds", "changeWindowsUtc"]],
                    ["roma-reset-range", "advisory", ["maxDaysBack"]],
                    ["roma-drs-wait", "advisory", ["stacks"]],
                ],
            );
        });

        it("a violation is reported on the resource's URN; a config error is thrown, naming the field", () => {
            const stop = resource(DYNAMIC.trs, "p", { instanceId: "i", taskIds: ["a"], state: "stopped" });
            const reported = validate("roma-protected-instances", stop, { instanceIds: ["i"], changeWindowsUtc: ["Sat 22:00-Sun 06:00"] });
            assert.equal(reported.length, 1);
            assert.equal(reported[0].urn, stop.urn);
            assert.match(reported[0].message, /on protected instance i outside its change windows/);
            assert.deepEqual(validate("roma-protected-instances", stop, { instanceIds: ["i"], changeWindowsUtc: ["Mon 09:00-Mon 11:00"] }), []);
            assert.throws(() => validate("roma-protected-instances", stop, { instanceIds: ["i"], changeWindowsUtc: ["Mon 9-11"] }), /changeWindowsUtc\[0\]/);
        });

        it("on a request as the engine sends it, both tokens, with no config (the defaults)", async () => {
            const { makeAnalyzeRpcFun } = require("@pulumi/policy/server") as {
                makeAnalyzeRpcFun: (
                    pack: string,
                    version: string,
                    level: string,
                    p: ResourceValidationPolicy[],
                ) => (call: unknown, cb: (err: Error | null | undefined, res?: AnalyzeResponse) => void) => Promise<void>;
            };
            const analyzerpb = require("@pulumi/pulumi/proto/analyzer_pb") as AnalyzerPb;
            const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: Record<string, unknown>): unknown } };
            const analyze = makeAnalyzeRpcFun(PACK_NAME, "0.0.0", "advisory", policies);
            const run = async (r: PolicyResource) => {
                const req = new analyzerpb.AnalyzeRequest();
                req.setType(r.type);
                req.setName(r.name);
                req.setUrn(r.urn);
                req.setProperties(Struct.fromJavaScript(r.props));
                req.setOptions(new analyzerpb.AnalyzerResourceOptions());
                const res = await new Promise<AnalyzeResponse>((resolve, reject) => {
                    void analyze({ request: req }, (err, out) => (err ? reject(err) : resolve(out as AnalyzeResponse)));
                });
                return res.getDiagnosticsList().map((d) => `${d.getPolicyname()}: ${d.getMessage()}`);
            };
            for (const [, t] of BOTH) {
                // The analyzer puts the policy's description before the message.
                assert.deepEqual(await run(resource(t.retry, "feeds", { jobIds: ["j"], waitFor: "none" })), [
                    `roma-drs-wait: ${byName("roma-drs-wait").description}\nDrsJobRetry "feeds" retries jobs j without waitFor: transferring in stack "prod" (matches "*"): the up succeeds as soon as DRS accepts the retry, even if a job never transfers again. Set waitFor: transferring (and timeoutSeconds) so the up fails when a job does not resume.`,
                ]);
                const [reset] = await run(resource(t.reset, "b", { instanceId: "i", taskId: "t", dateFrom: Date.parse("2026-10-01T00:00:00Z") }));
                assert.match(reset, /^roma-reset-range: [^\n]*\n.*67 days back, more than maxDaysBack \(31\)/);
                assert.deepEqual(
                    await run(resource(t.trs, "p", { instanceId: "i", taskIds: ["a"], state: "stopped" })),
                    [],
                    "no instance is protected by default",
                );
                assert.deepEqual(await run(resource(t.trs, "p", { instanceId: UNKNOWN, taskIds: ["a"], state: UNKNOWN })), [], "nor read");
                // A value only known after an earlier resource is created: the SDK says the policy cannot judge it yet (advisory); `up` judges it.
                const [unknown] = await run(resource(t.reset, "b", { instanceId: "i", taskId: "t", dateFrom: UNKNOWN }));
                assert.match(
                    unknown,
                    /^roma-reset-range: can't run policy 'roma-reset-range' from policy pack 'roma-tasks@v0\.0\.0' during preview: .* value at \.dateFrom can't be known during preview/,
                );
            }
        });
    });
});

interface AnalyzeResponse {
    getDiagnosticsList(): { getPolicyname(): string; getMessage(): string }[];
}

interface AnalyzerPb {
    AnalyzeRequest: new () => {
        setType(v: string): void;
        setName(v: string): void;
        setUrn(v: string): void;
        setProperties(v: unknown): void;
        setOptions(v: unknown): void;
    };
    AnalyzerResourceOptions: new () => unknown;
}
