// Bad input never reaches the API: each case gets a check failure or a config error that names
// the property (or config key) and why, through the real provider host, with zero API calls.
import { strict as assert } from "node:assert";
import { INSTANCE, ResourceFlow, startStack, type Stack } from "../support/engine";
import { rejection } from "../support/expect";
import { HostCallError, ProviderHost } from "../support/host";

type Kind = "TaskRunState" | "TaskProgressReset" | "DrsJobRetry";
const RUN = { instanceId: INSTANCE, taskIds: ["t1", "t2"], state: "started" };
const RESET = { instanceId: INSTANCE, taskId: "m1" };
const RETRY = { jobIds: ["j1"] };

const cases: [Kind, string, Record<string, unknown>, string, RegExp][] = [
    ["TaskRunState", "empty instanceId", { ...RUN, instanceId: "" }, "instanceId", /must not be empty/],
    ["TaskRunState", "over-long instanceId", { ...RUN, instanceId: "i".repeat(65) }, "instanceId", /at most 64 characters/],
    ["TaskRunState", "instanceId with /", { ...RUN, instanceId: "a/b" }, "instanceId", /'\/'/],
    ["TaskRunState", "instanceId with ..", { ...RUN, instanceId: "a..b" }, "instanceId", /'\.\.'/],
    ["TaskRunState", "task ID with ?", { ...RUN, taskIds: ["t1", "t?2"] }, "taskIds[1]", /'\?'/],
    ["TaskRunState", "task ID with #", { ...RUN, taskIds: ["t#1"] }, "taskIds[0]", /'#'/],
    ["TaskRunState", "task ID with %", { ...RUN, taskIds: ["t%2F1"] }, "taskIds[0]", /'%'/],
    ["TaskRunState", "task ID with a space", { ...RUN, taskIds: ["t 1"] }, "taskIds[0]", /whitespace/],
    ["TaskRunState", "task ID with a control character", { ...RUN, taskIds: ["t\u00011"] }, "taskIds[0]", /control character/],
    ["TaskRunState", "task ID with non-ASCII", { ...RUN, taskIds: ["任务"] }, "taskIds[0]", /letters, digits/],
    ["TaskRunState", "over-long task ID", { ...RUN, taskIds: ["t".repeat(65)] }, "taskIds[0]", /at most 64/],
    ["TaskRunState", "duplicate task IDs", { ...RUN, taskIds: ["t1", "t2", "t1"] }, "taskIds[2]", /duplicate of \[0\]/],
    ["TaskRunState", "no task IDs", { ...RUN, taskIds: [] }, "taskIds", /at least one task/],
    ["TaskRunState", "taskIds not a list", { ...RUN, taskIds: "t1" }, "taskIds", /list of task IDs/],
    ["TaskRunState", "task ID a number", { ...RUN, taskIds: [42] }, "taskIds[0]", /must be a string/],
    ["TaskRunState", "unknown state", { ...RUN, state: "running" }, "state", /"started", "stopped"/],
    ["TaskRunState", "state a boolean", { ...RUN, state: true }, "state", /must be one of/],
    ["TaskRunState", "unknown onDelete", { ...RUN, onDelete: "revert" }, "onDelete", /"keep", "stop", "restore"/],
    ["TaskRunState", "missing state", { instanceId: INSTANCE, taskIds: ["t1"] }, "state", /is required/],
    ["TaskRunState", "projectId with /", { ...RUN, projectId: "p/1" }, "projectId", /'\/'/],
    ["TaskRunState", "instanceId a number", { ...RUN, instanceId: 7 }, "instanceId", /must be a string/],
    ["TaskRunState", "unknown property", { ...RUN, taskId: "t1" }, "taskId", /not an input/],
    ["TaskProgressReset", "negative dateFrom", { ...RESET, dateFrom: -1 }, "dateFrom", /negative/],
    ["TaskProgressReset", "fractional dateFrom", { ...RESET, dateFrom: 1630052714000.5 }, "dateFrom", /whole milliseconds/],
    ["TaskProgressReset", "dateFrom not a date", { ...RESET, dateFrom: "last tuesday" }, "dateFrom", /ISO-8601/],
    ["TaskProgressReset", "dateFrom in seconds", { ...RESET, dateFrom: 1630052714 }, "dateFrom", /looks like seconds/],
    ["TaskProgressReset", "dateFrom without zone", { ...RESET, dateFrom: "2026-11-01T00:00:00" }, "dateFrom", /with a zone/],
    ["TaskProgressReset", "dateFrom a boolean", { ...RESET, dateFrom: false }, "dateFrom", /number .* or an ISO-8601/],
    ["TaskProgressReset", "triggers not a list", { ...RESET, triggers: "x" }, "triggers", /must be a list/],
    ["TaskProgressReset", "taskId with ..", { ...RESET, taskId: ".." }, "taskId", /'\.\.'/],
    ["DrsJobRetry", "duplicate job IDs", { jobIds: ["j1", "j1"] }, "jobIds[1]", /duplicate/],
    ["DrsJobRetry", "empty job ID", { jobIds: [""] }, "jobIds[0]", /must not be empty/],
    ["DrsJobRetry", "isSyncReEdit a string", { ...RETRY, isSyncReEdit: "true" }, "isSyncReEdit", /must be a boolean/],
    ["DrsJobRetry", "unknown waitFor", { ...RETRY, waitFor: "running" }, "waitFor", /"none", "transferring"/],
    ["DrsJobRetry", "negative timeout", { ...RETRY, timeoutSeconds: -5 }, "timeoutSeconds", /at least 1/],
    ["DrsJobRetry", "fractional timeout", { ...RETRY, timeoutSeconds: 1.5 }, "timeoutSeconds", /whole seconds/],
    ["DrsJobRetry", "timeout a string", { ...RETRY, timeoutSeconds: "600" }, "timeoutSeconds", /number of seconds/],
];

const configCases: [string, Record<string, string>, RegExp][] = [
    [
        "http:// endpoint that is not loopback",
        { "roma:endpoint": "http://10.1.2.3" },
        /roma:endpoint \(ROMA_ENDPOINT\) uses plain http:\/\/ for a host that is not loopback/,
    ],
    ["missing credentials", { "roma:authToken": "" }, /no credentials: set roma:authToken \(HW_AUTH_TOKEN\)/],
    ["half AK/SK", { "roma:authToken": "", "roma:accessKey": "AK1" }, /AK\/SK in stack config is incomplete: roma:secretKey is missing/],
    ["maxRetries not a number", { "roma:maxRetries": "many" }, /roma:maxRetries \(HW_MAX_RETRIES\) must be a whole number/],
    ["timeout of zero", { "roma:requestTimeoutSeconds": "0" }, /roma:requestTimeoutSeconds/],
];

describe("bad input table through the provider host", function () {
    this.timeout(120_000);
    let stack: Stack;
    before(async () => {
        stack = await startStack();
        await stack.emulator.admin.clearRequests();
    });
    after(async () => {
        // Zero API calls for every case in this file.
        if (stack) assert.deepEqual(await stack.emulator.admin.requests(), []);
        await stack?.close();
    });

    it(`has at least 30 cases (${cases.length + configCases.length})`, () => assert.ok(cases.length + configCases.length >= 30));

    for (const [kind, what, inputs, property, reason] of cases) {
        it(`${kind}: ${what} -> ${property}`, async () => {
            const r = await new ResourceFlow(stack, kind, "bad").preview(inputs);
            // A path into a value, or an input left out, leads the reason (forEngine, provider/resources/common/inputs.ts).
            const f = r.failures.find((x) => x.property === property || (x.property === "" && x.reason.startsWith(`${property}: `)));
            assert.ok(f, `no failure for ${property}: ${JSON.stringify(r.failures)}`);
            assert.match(f.reason, reason);
        });
    }

    for (const [what, config, expected] of configCases) {
        it(`config: ${what}`, async () => {
            const host = await ProviderHost.start({ fixtureDir: stack.fixtureDir });
            try {
                await host.configure({ ...stack.config, ...config });
                const flow = new ResourceFlow({ ...stack, host }, "TaskRunState", "cfg");
                const err = await rejection(flow.up(RUN), HostCallError);
                assert.match(err.message, expected);
            } finally {
                await host.stop();
            }
        });
    }
});
