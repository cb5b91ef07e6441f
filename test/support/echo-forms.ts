// A server that echoes a token in every form the adversarial trial of issue 28 found reaching
// users: shared by the host, plugin and real-CLI tests, so each checks the same forms.
import { strict as assert } from "node:assert";
import type { FaultRule } from "../../provider/emulator";

// A token as IAM issues them (base64 characters), with the characters HTML and URLs escape.
export const LONG_TOKEN = "MIIEchoTok/9Q+x&Zr<2w>Lp8Vt3Kd5Nf7Hq1Ys4Bc6";
/** Every form the trial's server echoed, and what each must not leave behind. */
export const ECHO_FORMS: Readonly<Record<string, string>> = {
    prefix: LONG_TOKEN.slice(0, 20),
    base64: Buffer.from(LONG_TOKEN).toString("base64"),
    base64url: Buffer.from(LONG_TOKEN).toString("base64url"),
    upper: LONG_TOKEN.toUpperCase(),
    percent: encodeURIComponent(LONG_TOKEN).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    html: LONG_TOKEN.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\//g, "&#x2F;"),
};
export const ECHOES = Object.entries(ECHO_FORMS)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
export const ECHOED_REQUEST_ID = `rid-${LONG_TOKEN.slice(0, 24)}`;

/** No form of LONG_TOKEN, and no run of 16 of its characters in any case, in `seen`. */
export function assertNoEcho(seen: string): void {
    for (const [form, v] of Object.entries(ECHO_FORMS)) assert.ok(!seen.includes(v), `${form} form in: ${seen}`);
    const lower = seen.toLowerCase();
    for (let i = 0; i + 16 <= LONG_TOKEN.length; i++) assert.ok(!lower.includes(LONG_TOKEN.slice(i, i + 16).toLowerCase()), `a run of the token in: ${seen}`);
}

/** A ListTasks answered 400 quoting `listTasks` (with `requestId` as its X-Request-Id), and a DRS retry of `jobId` failing with `job` as its error_msg. */
export function echoingFaults(o: { listTasks: string; jobId: string; job: string; requestId?: string }): FaultRule[] {
    return [
        {
            operation: "ListTasks",
            kind: "reply",
            times: 1,
            reply: {
                status: 400,
                body: { error_code: "FDI.3033", error_msg: o.listTasks },
                ...(o.requestId !== undefined && { headers: { "X-Request-Id": o.requestId } }),
            },
        },
        {
            operation: "BatchRestoreTask",
            kind: "reply",
            times: 1,
            reply: { status: 200, body: { results: [{ id: o.jobId, status: "failed", error_code: "DRS.0001", error_msg: o.job }] } },
        },
    ];
}
