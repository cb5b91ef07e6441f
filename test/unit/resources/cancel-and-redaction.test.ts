// The engine's Cancel and echoed secrets at the handler and operations level, on fakes with a
// fake clock: a wait ends at the Cancel (no time passes after it), what was done is returned as
// partial state, and whatever the API said is redacted on its way out.
import { strict as assert } from "node:assert";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CancelledError, PartialFailureError } from "../../../provider/core/errors";
import { Redactor, REDACTED } from "../../../provider/core/redact";
import { createHandlerContext } from "../../../provider/resources/common/context";
import { resourceOperations, type WriteOutcome } from "../../../provider/resources/common/operations";
import { drsJobRetry } from "../../../provider/resources/drs-job-retry/handler";
import { taskRunState } from "../../../provider/resources/task-run-state/handler";
import { FakeDrs, FakeFdi, fakeContext } from "../../support/fakes";
import { tempDir } from "../../support/temp";

const SCOPE = { projectId: "proj-default", instanceId: "inst-1" };

function partialOf(outcome: WriteOutcome): PartialFailureError {
    if ("outputs" in outcome) return assert.fail("expected a partial failure");
    assert.ok(outcome.partial instanceof PartialFailureError, String(outcome.partial));
    return outcome.partial;
}

describe("Cancel in handlers (fake clock)", () => {
    it("a DrsJobRetry wait of 600 s ends at the Cancel, with the retry that was sent recorded", async () => {
        const cancel = new AbortController();
        const drs = new FakeDrs({ j1: { status: "PAUSING", settleAfterPolls: Infinity } });
        const ctx = fakeContext({ drs, signal: cancel.signal, pollIntervalMs: 2000 });
        const sleep = ctx.sleep.bind(ctx);
        // The engine cancels during the third wait between polls.
        ctx.sleep = async (ms) => {
            if (ctx.sleeps.length === 2) cancel.abort();
            await sleep(ms);
        };
        const err = partialOf(await resourceOperations(drsJobRetry).create(ctx, "id", { jobIds: ["j1"], waitFor: "transferring", timeoutSeconds: 600 }));
        assert.match(err.message, /j1: REQUEST_FAILED resumed, but its status could not be read: a wait was cancelled/);
        assert.deepEqual(err.properties.results, [{ jobId: "j1", status: "success" }]);
        assert.equal(ctx.elapsed(), 4000, "no time passed after the Cancel");
        assert.equal(drs.calls.batchRetry, 1);
        assert.equal(drs.calls.batchStatus, 3);
    });

    it("a TaskRunState settle wait ends at the Cancel; what the last read showed is recorded, and the task not yet started fails", async () => {
        const cancel = new AbortController();
        const fdi = new FakeFdi().addTasks(SCOPE, [{ taskId: "t1", status: "stopped" }]);
        fdi.ignoreWrites("t1");
        const ctx = fakeContext({ fdi, signal: cancel.signal });
        const sleep = ctx.sleep.bind(ctx);
        ctx.sleep = async (ms) => {
            cancel.abort();
            await sleep(ms);
        };
        const err = partialOf(await resourceOperations(taskRunState).create(ctx, "id", { instanceId: "inst-1", taskIds: ["t1"], state: "started" }));
        assert.match(err.message, /t1: REQUEST_FAILED the start was sent and the last read showed the task stopped, then the wait ended: a wait was cancelled/);
        assert.deepEqual(err.properties.initialStatuses, { t1: "stopped" });
        assert.deepEqual(
            (err.properties.tasks as { status: string }[]).map((t) => t.status),
            ["stopped"],
        );
        assert.equal(ctx.elapsed(), 0);
    });

    it("a sleep after the Cancel rejects at once", async () => {
        const cancel = new AbortController();
        cancel.abort();
        const ctx = fakeContext({ signal: cancel.signal });
        await assert.rejects(ctx.sleep(1000), CancelledError);
        assert.equal(ctx.elapsed(), 0);
    });
});

describe("redaction of echoed secrets", () => {
    it("replaces every form a secret may be quoted in, longest first, and leaves short values alone", () => {
        const r = new Redactor();
        r.add("tok/en+1", "tok", undefined, "tok/en+1-longer");
        assert.equal(r.text('a tok/en+1-longer, b tok%2Fen%2B1, c "tok/en+1", tok'), `a ${REDACTED}, b ${REDACTED}, c "${REDACTED}", tok`);
    });

    it("replaces a secret in any case, escaped for URLs, HTML or JSON, in base64 at any alignment, and any run of 16 of its characters", () => {
        const token = "MIIEunitTok/9Q+x&Zr<2w>Lp8Vt3Kd5Nf";
        const r = new Redactor();
        r.add(token);
        const forms = [
            token.toUpperCase(),
            token.toLowerCase(),
            encodeURIComponent(token),
            encodeURIComponent(token).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
            token.replace(/&/g, "&amp;").replace(/</g, "&#60;").replace(/>/g, "&#x3e;").replace(/\//g, "&sol;"),
            JSON.stringify(token).slice(1, -1).replace(/\//g, "\\/").replace(/</g, "\\u003c"),
            Buffer.from(token).toString("base64"),
            Buffer.from(token).toString("base64url"),
            token.slice(0, 16),
            token.slice(7, 30),
        ];
        for (const f of forms) assert.equal(r.text(`<${f}>`), `<${REDACTED}>`, f);
        // Inside a longer base64 value (HTTP Basic user:token), at each byte alignment.
        for (const user of ["u:", "us:", "usr:"]) assert.doesNotMatch(r.text(Buffer.from(`${user}${token}`).toString("base64")), /[A-Za-z0-9+/]{16}/, user);
    });

    it("leaves runs shorter than 16 characters and ordinary escaped text as they are", () => {
        const token = "MIIEunitTok/9Q+x&Zr<2w>Lp8Vt3Kd5Nf";
        const r = new Redactor();
        r.add(token);
        for (const s of [
            `prefix ${token.slice(0, 15)} suffix`,
            "task-000: NOT_SETTLED the API accepted the start (request ID 0123456789abcdef) &amp; 100% %41 \\u0041",
            token.slice(0, 8).toUpperCase(),
        ])
            assert.equal(r.text(s), s);
    });

    it("an error is redacted as a new one of its class; the one given stays as it was thrown", () => {
        const r = new Redactor();
        r.add("sk-live-0001");
        const thrown = new PartialFailureError("retry of sk-live-0001 failed", "id", { note: "sk-live-0001" }, ["job j1: sk-live-0001"]);
        const redacted = r.error(thrown);
        assert.ok(redacted instanceof PartialFailureError && redacted !== thrown);
        assert.equal(redacted.id, "id");
        assert.deepEqual(
            [redacted.message, redacted.properties, redacted.reasons],
            [`retry of ${REDACTED} failed:\n  job j1: ${REDACTED}`, { note: REDACTED }, [`job j1: ${REDACTED}`]],
        );
        assert.deepEqual(
            [thrown.message, thrown.properties, thrown.reasons],
            ["retry of sk-live-0001 failed:\n  job j1: sk-live-0001", { note: "sk-live-0001" }, ["job j1: sk-live-0001"]],
        );
    });

    it("errors, partial-failure state and outputs leave the operations layer redacted", async () => {
        const drs = new FakeDrs({ j1: { status: "PAUSING", retryFailure: { errorCode: "DRS.0001", errorMessage: "token sk-live-0001 refused" } } });
        const ctx = fakeContext({ drs });
        ctx.redactor.add("sk-live-0001");
        const err = partialOf(await resourceOperations(drsJobRetry).create(ctx, "id", { jobIds: ["j1"] }));
        for (const seen of [err.message, String(err.stack), JSON.stringify(err.properties), JSON.stringify(err.reasons)])
            assert.ok(!seen.includes("sk-live-0001"), seen);
        assert.match(JSON.stringify(err.properties), /token \[secret\] refused/);
    });
});

describe("redaction of credentials read from a KooCLI profile", () => {
    it("a profile's keys, which no setting holds, are redacted like configured ones once the configuration is read", () => {
        const home = tempDir("home");
        mkdirSync(path.join(home, ".hcloud"));
        const profile = {
            name: "ci",
            mode: "AKSK",
            accessKeyId: "PROFILEACCESSKEY0001",
            secretAccessKey: "profile-secret-key-9f3c",
            securityToken: "profile-sts-token-77a1",
        };
        writeFileSync(path.join(home, ".hcloud", "config.json"), JSON.stringify({ current: "ci", profiles: [profile] }));
        const h = createHandlerContext(
            () => undefined,
            { HOME: home, HW_REGION_NAME: "cn-north-4", HW_PROJECT_ID: "0a1b2c3d4e5f60718293a4b5c6d7e8f9" },
            () => {},
        );
        h.context.projectId(undefined);
        const echoed = `Bad request: ${profile.accessKeyId} ${profile.secretAccessKey} ${profile.securityToken}`;
        assert.equal(h.context.redactor.text(echoed), `Bad request: ${REDACTED} ${REDACTED} ${REDACTED}`);
    });
});
