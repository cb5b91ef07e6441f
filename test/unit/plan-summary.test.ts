// `roma-plan`: the Markdown a pull request gets from `pulumi preview --json`, read from the
// steps' old and new states and the diagnostics as the engine writes them (docs/previews.md,
// "For bots"), judged as GitHub renders it (cmark-gfm, test/support/cmark-gfm.ts): whatever a
// task's name holds, one row per task, no HTML, link, mention or reference of its making.
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { formatClaimedTwice } from "../../provider/core/claimed-twice";
import { inert, plain } from "../../provider/plan/markdown";
import { planSummary, type PreviewJson, type PreviewStep } from "../../provider/plan/summary";
import { filteredText, LIVE_REFERENCE, renderGfm } from "../support/cmark-gfm";
import { tempDir } from "../support/temp";

const urn = (type: string, name: string) => `urn:pulumi:prod::nightly::${type}::${name}`;
const TRS = "roma:fdi:TaskRunState";
const DYN = "pulumi-nodejs:dynamic/roma:TaskRunState";
const CLI = path.join(__dirname, "..", "..", "dist", "plan", "cli.js");
const REFRESH: PreviewStep = { op: "refresh", urn: urn("pulumi:pulumi:Stack", "s") };

function trs(
    type: string,
    name: string,
    observed: Record<string, string>,
    planned: Record<string, string>,
    op = "update",
    names?: Record<string, string>,
): PreviewStep {
    const entries = (m: Record<string, string>) =>
        Object.fromEntries(Object.entries(m).map(([id, status]) => [id, { name: names?.[id] ?? `${id} task`, status }]));
    return {
        op,
        urn: urn(type, name),
        oldState: { type, inputs: {}, outputs: { instanceId: "inst", taskStatus: entries(observed) } },
        newState: { type, inputs: { instanceId: "inst", taskStatus: entries(planned) } },
    };
}

/** Names anyone who may edit a task can set. */
const HOSTILE = [
    "line one\nline two | a forged | row | here |",
    "tab\there\r\nand <img src=x onerror=alert(1)>",
    "ping @someorg/oncall and @octocat",
    "[docs](javascript:alert(1)) and <https://evil.example> and www.evil.example",
    "back`tick``s ```fence",
    "fixes #123 and org/repo#1 and GH-7",
    "bidi \u202Eevil\u202C zero\u200Bwidth\u2066iso\u2069 bom\uFEFF",
    "a\\|b ends with a backslash \\",
    "&amp; &lt;script&gt; <script>alert(1)</script> **bold** _em_ ~~strike~~",
    "x".repeat(10_000),
    "| header | cells |\n|---|---|",
    "<details><summary>open me</summary>",
    "`",
    " ` ",
];

/** The tags GitHub's renderer produced: only roma-plan's own. */
const OWN_TAGS = new Set(["h3", "p", "strong", "em", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "details", "summary"]);
const tags = (html: string) => [...html.matchAll(/<\/?([a-zA-Z0-9]+)/g)].map((m) => m[1].toLowerCase());

/** Each body row's cells, as GitHub renders the tables. */
const bodyRows = (html: string) =>
    [...html.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)].flatMap((t) =>
        [...t[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1])),
    );

const decode = (s: string) =>
    s
        .replace(/<\/?(code|strong)>/g, "")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, "&");

function hostilePreview(count = HOSTILE.length, name = (i: number) => HOSTILE[i % HOSTILE.length]): PreviewJson {
    const ids = Array.from({ length: count }, (_, i) => `t-${String(i).padStart(4, "0")}`);
    const names = Object.fromEntries(ids.map((id, i) => [id, name(i)]));
    const observed = Object.fromEntries(ids.map((id) => [id, "stopped"]));
    const planned = Object.fromEntries(ids.map((id) => [id, "started"]));
    return { steps: [REFRESH, trs(TRS, "evil | `name`\n@org/team #9", observed, planned, "update", names)] };
}

describe("roma-plan: names are shown, never obeyed (judged by cmark-gfm)", function () {
    this.timeout(300_000);

    it("plain and inert: one line, no invisible characters, shortened with …, a code span that shows the text as it is", () => {
        assert.equal(plain("a\nb\tc\r\n d\u2028e"), "a b c d e");
        assert.equal(plain("x\u202Ey\u200Bz\u2066w\u2069\uFEFF"), "xyzw");
        const long = inert("y".repeat(10_000));
        assert.equal(long, `\`${"y".repeat(119)}…\``);
        const [html] = renderGfm([["a`b", "``", " x ", "`", "a|b"].map((s) => inert(s)).join(" and ")]);
        assert.deepEqual(
            [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => decode(m[1])),
            ["a`b", "``", "x", "`", "a|b"],
        );
    });

    it("hostile names: one row per task with the header's cells, no HTML, link, mention or reference of a name's making", () => {
        const md = planSummary(hostilePreview());
        assert.doesNotMatch(md, /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\uFEFF]/, "no bidi or zero-width character");
        const [html] = renderGfm([md]);
        assert.deepEqual(
            [...new Set(tags(html))].filter((t) => !OWN_TAGS.has(t)),
            [],
            html,
        );
        assert.doesNotMatch(html, /<a\b|<img|<script|href=/i);
        assert.doesNotMatch(filteredText(html), LIVE_REFERENCE, filteredText(html));
        const rows = bodyRows(html);
        assert.equal(rows.length, HOSTILE.length, "one row per task");
        rows.forEach((cells, i) => {
            assert.equal(cells.length, 4, `row ${i}: ${cells.join(" | ")}`);
            assert.equal(decode(cells[0]), `t-${String(i).padStart(4, "0")}`);
            // The name as it is, on one line, shortened: what the reviewer reads is the task's name.
            const shown = decode(cells[1]);
            const want = plain(HOSTILE[i]);
            assert.ok(shown.length <= 120, `row ${i} shortened`);
            assert.equal(shown, want.length > 120 ? `${want.slice(0, 119)}…` : want, `row ${i}`);
            assert.equal(decode(cells[3]), "started");
        });
        // The resource's own name, in its heading, is as inert.
        assert.match(md, /\*\*``evil \| `name` @org\/team #9`` \(TaskRunState, update\)\*\*/);
    });

    it("the budget: 3,000 tasks with 10,000-character names fit in --max-chars, say what was left out, and stay one row per task", () => {
        const preview = hostilePreview(3000, (i) => `${HOSTILE[i % HOSTILE.length]} ${"n".repeat(10_000)}`);
        for (const maxChars of [60_000, 5_000]) {
            const md = planSummary(preview, { maxChars });
            assert.ok(md.length <= maxChars, `${md.length} <= ${maxChars}`);
            assert.match(md, /^### Plan for ROMA Connect\n\n\*\*Total:\*\* 3000 task\(s\) to start, 0 to stop/, "the totals come first");
            const [html] = renderGfm([md]);
            const rows = bodyRows(html);
            assert.ok(rows.length > 0 && rows.every((c) => c.length === 4));
            const left = /\*\*Left out\*\* to keep this under (\d+) characters: (\d+) task row\(s\), 1 resource section\(s\) \(in whole or part\)\./.exec(md);
            assert.ok(left, md.slice(-600));
            assert.equal(Number(left[1]), maxChars);
            assert.equal(rows.length + Number(left[2]), 3000, "shown and left out add up to every task");
            assert.match(html, /<details><summary>3000 task\(s\)<\/summary>/, "a long table is folded");
        }
        // A note after a table (2,000 tasks leaving a selector) is cut with the table, never past the budget.
        const step = trs(TRS, "sel", { a: "stopped" }, { a: "started" });
        const out = step.oldState?.outputs?.taskStatus as Record<string, unknown>;
        for (let i = 0; i < 2000; i++) out[`gone-${i}`] = { name: "n".repeat(100), status: "started", selection: "leaves" };
        const md = planSummary({ steps: [REFRESH, step] }, { maxChars: 5_000 });
        assert.ok(md.length <= 5_000, `${md.length}`);
        assert.match(md, /\*\*Left out\*\* to keep this under 5000 characters: 1 resource section\(s\) \(in whole or part\), 1 other note\(s\)/);
    });
});

describe("roma-plan", () => {
    it("names each task to start and to stop, once across resources, with a one-line total first", () => {
        const md = planSummary({
            steps: [
                REFRESH,
                { op: "same", urn: urn("pulumi:pulumi:Stack", "s") },
                trs(TRS, "pipeline", { a: "stopped", b: "started", c: "started" }, { a: "started", b: "started", c: "started" }),
                trs(DYN, "shared", { a: "stopped" }, { a: "started" }),
                trs(TRS, "off", { d: "started", e: "stopped" }, { d: "stopped", e: "stopped" }),
            ],
        });
        assert.match(
            md,
            /^### Plan for ROMA Connect\n\n\*\*Total:\*\* 1 task\(s\) to start, 1 to stop, 0 reset\(s\), 0 DRS job\(s\) to retry, 0 replacement\(s\), 0 deletion\(s\)\.\n/,
        );
        assert.match(md, /\| `a` \| `a task` \| stopped \| \*\*started\*\* \|/);
        assert.match(md, /\| `a` \| `a task` \| stopped \| \*\*started\*\* \(also in `pipeline`\) \|/);
        assert.match(md, /\| `d` \| `d task` \| started \| \*\*stopped\*\* \|/);
        assert.doesNotMatch(md, /`b`|`c`|`e`/, "tasks already in state are not listed");
        assert.doesNotMatch(md, /did not read the tasks/, "a refreshed preview is live");
    });

    it("state written before taskStatus: the old statuses come from tasks", () => {
        const step = trs(TRS, "old", {}, { a: "started" });
        step.oldState = { type: TRS, outputs: { tasks: [{ taskId: "a", taskName: "A", status: "stopped" }] } };
        assert.match(planSummary({ steps: [REFRESH, step] }), /\| `a` \| `a task` \| stopped \| \*\*started\*\* \|/);
    });

    it("lists resets, DRS retries, replacements and deletions; says when a selector's tasks are read only at the up", () => {
        const md = planSummary({
            steps: [
                REFRESH,
                {
                    op: "create",
                    urn: urn("roma:fdi:TaskProgressReset", "backfill"),
                    newState: { type: "roma:fdi:TaskProgressReset", inputs: { taskId: "comp", dateFrom: "2026-11-01T00:00:00Z" } },
                },
                { op: "replace", urn: urn("roma:drs:JobRetry", "feeds"), newState: { type: "roma:drs:JobRetry", inputs: { jobIds: ["j1", "j2"] } } },
                { op: "create-replacement", urn: urn("roma:drs:JobRetry", "feeds") },
                { op: "delete", urn: urn(TRS, "gone"), oldState: { type: TRS } },
                {
                    op: "update",
                    urn: urn(TRS, "tagged"),
                    oldState: { type: TRS, outputs: {} },
                    newState: { type: TRS, inputs: { selector: { taskTag: "x" } } },
                },
            ],
        });
        assert.match(md, /Resets the progress of `comp` from `2026-11-01T00:00:00Z`\./);
        assert.match(md, /Retries DRS jobs `j1`, `j2`\./);
        assert.match(md, /Replaced: `feeds` \(JobRetry\)\./);
        assert.match(md, /Deleted: `gone` \(TaskRunState\)\./);
        assert.match(md, /`tagged` \(TaskRunState, update\)\*\*\n\nThe tasks are read at the `up`/);
        assert.match(md, /0 task\(s\) to start, 0 to stop, 1 reset\(s\), 2 DRS job\(s\) to retry, 1 replacement\(s\), 1 deletion\(s\)/);
    });

    it("a deletion or replacement of a TaskRunState lists what onDelete stops or restores, and marks the tasks another resource keeps", () => {
        const old = (onDelete: string, more: Record<string, unknown> = {}) => ({
            type: TRS,
            outputs: {
                instanceId: "inst",
                taskIds: ["p1", "p2", "p3"],
                onDelete,
                taskStatus: {
                    p1: { name: "prod one", status: "started" },
                    p2: { name: "prod two", status: "started" },
                    p3: { name: "three", status: "stopped" },
                },
                initialStatuses: { p1: "stopped", p2: "started", p3: "started" },
                ...more,
            },
        });
        // A rename without an alias: nightly2 is created wanting p1; nightly is deleted with onDelete: stop.
        const md = planSummary({
            steps: [
                REFRESH,
                {
                    op: "create",
                    urn: urn(TRS, "nightly2"),
                    newState: { type: TRS, inputs: { instanceId: "inst", taskIds: ["p1"], taskStatus: { p1: { status: "started" } } } },
                },
                { op: "delete", urn: urn(TRS, "nightly"), oldState: old("stop") },
                // deleteBeforeReplace: the old instance's step comes first.
                { op: "delete-replaced", urn: urn(TRS, "restorer"), oldState: old("restore", { instanceId: "inst2" }) },
                {
                    op: "replace",
                    urn: urn(TRS, "restorer"),
                    oldState: old("restore", { instanceId: "inst2" }),
                    newState: { type: TRS, inputs: { instanceId: "inst2", taskIds: ["p3"], taskStatus: { p3: { status: "started" } } } },
                },
                { op: "delete", urn: urn(TRS, "kept"), oldState: old("keep") },
            ],
        });
        assert.match(md, /\*\*`nightly` \(TaskRunState, deleted; onDelete: stop\)\*\*/);
        assert.match(md, /\| `p1` \| `prod one` \| started \| left as it is: `nightly2` keeps it \|/);
        assert.match(md, /\| `p2` \| `prod two` \| started \| \*\*stopped\*\* \|/);
        // restore: p1 back to stopped, p2 already started, p3 (kept by the new instance) left alone.
        assert.match(md, /\*\*`restorer` \(TaskRunState, old instance replaced; onDelete: restore\)\*\*/);
        assert.match(md, /\| `p1` \| `prod one` \| started \| \*\*stopped\*\* \|\n\| `p3` \| `three` \| stopped \| left as it is: `restorer` keeps it \|/);
        assert.match(
            md,
            /\*\*`restorer` \(TaskRunState, replace\)\*\*\n\n\| task \| name \| now \| after \|\n\|---\|---\|---\|---\|\n\| `p3` \| `three` \| stopped \| \*\*started\*\* \|/,
        );
        assert.match(md, /`kept` \(TaskRunState, deleted; onDelete: keep\)\*\*\n\nIts 3 task\(s\) are left as they are\./);
        // The writes the deletes make count in the totals (p1 stopped on inst2, p2 on inst; p1 of nightly is kept), and p3 started by the replacement.
        // nightly2 has no state of its own: nightly's records p1 started, so it writes nothing.
        assert.doesNotMatch(md, /`nightly2` \(TaskRunState, create\)/);
        assert.match(md, /\*\*Total:\*\* 1 task\(s\) to start, 2 to stop, 0 reset\(s\), 0 DRS job\(s\) to retry, 1 replacement\(s\), 2 deletion\(s\)\./);
    });

    it("without refresh steps it says the statuses are as last recorded, also when nothing changes", () => {
        const md = planSummary({ steps: [trs(TRS, "p", { a: "stopped" }, { a: "started" })] });
        assert.match(
            md,
            /This preview did not read the tasks: each “now” is the status recorded at the last `pulumi refresh` or `up`\. `pulumi preview --refresh` shows live statuses\./,
        );
        const none = planSummary({ steps: [{ op: "same", urn: urn(TRS, "p") }] });
        assert.match(none, /did not read the tasks/);
        assert.match(none, /No change planned/);
        assert.equal(planSummary({ steps: [REFRESH, { op: "same", urn: urn(TRS, "p") }] }), "", "a refreshed preview with no change prints nothing");
    });

    it("a failed preview: the errors, redacted, and the two-owner refusal named at the top", () => {
        const token = "tok-plan-7c1e5a9b2d";
        const refusal = formatClaimedTwice({
            instanceId: "roma-nightly-inst",
            taskIds: ["orders-extract", "orders-clean"],
            claims: [
                { resource: "keep-running", state: "started" },
                { resource: "keep-stopped @org/team", state: "stopped" },
            ],
        });
        const preview = {
            steps: [{ op: "same", urn: urn("pulumi:pulumi:Stack", "s") }],
            // As the engine prints a Check failure (pulumi/pulumi step_generator.go issueCheckFailures).
            diagnostics: [
                {
                    urn: urn(TRS, "keep-stopped"),
                    message: `error: roma:fdi:TaskRunState resource 'keep-stopped' has a problem: ${refusal} Keep each task in one resource.\n`,
                    severity: "error",
                },
                {
                    urn: urn(TRS, "other"),
                    message: `error: ListTasks failed (HTTP 401, APIG.0301): token ${token} is invalid\n\`\`\`\n@evil\n`,
                    severity: "error",
                },
                // A Diff that fails reaches the engine as a gRPC error (the plugin) or the dynamic host's message; the same line twice is one conflict.
                {
                    urn: urn(TRS, "keep-running"),
                    message: `error: rpc error: code = Unknown desc = ${refusal} Keep each task in one resource.\n`,
                    severity: "error",
                },
                { message: "error: preview failed\n", severity: "error" },
            ],
        };
        const file = path.join(tempDir("roma-plan"), "failed.json");
        writeFileSync(file, JSON.stringify(preview));
        const r = spawnSync(process.execPath, [CLI, file], { encoding: "utf8", env: { ...process.env, HW_AUTH_TOKEN: token } });
        assert.equal(r.status, 1, r.stderr);
        const md = r.stdout;
        assert.match(md, /^### Plan for ROMA Connect: the preview failed\n/);
        assert.ok(md.indexOf("**Conflict:**") < md.indexOf("**The preview failed**"), "the conflict first");
        assert.match(
            md,
            /\*\*Conflict:\*\* `keep-running` wants started and `keep-stopped @org\/team` wants stopped: 2 task\(s\) `orders-extract`, `orders-clean` of instance `roma-nightly-inst`\./,
        );
        assert.equal(md.match(/\*\*Conflict:\*\*/g)?.length, 1, "one conflict, however often the engine printed it");
        assert.match(md, /token \[secret\] is invalid/);
        assert.ok(!md.includes(token));
        // Printed with --show-secrets, the config shows the token: redacted from what it shows too.
        const shown = planSummary({ ...preview, config: { "roma:authToken": token } });
        assert.match(shown, /token \[secret\] is invalid/);
        assert.ok(!planSummary(preview).includes("[secret]"), "without the token in sight, nothing to redact");
        const [html] = renderGfm([md]);
        assert.doesNotMatch(filteredText(html), LIVE_REFERENCE, "an error's text cannot close its block");
        const asJson = spawnSync(process.execPath, [CLI, "--json", file], { encoding: "utf8", env: { ...process.env, HW_AUTH_TOKEN: token } });
        assert.equal(asJson.status, 1);
        assert.ok(!asJson.stdout.includes(token));
        const json = JSON.parse(asJson.stdout) as {
            failed: boolean;
            conflicts: { line: string }[];
        };
        assert.equal(json.failed, true);
        assert.deepEqual(
            json.conflicts.map((c) => c.line),
            [refusal],
        );
    });

    it("an OIDC ID token is redacted from its environment variable and from the config that shows it, as an object or as JSON text", () => {
        const idToken = "eyJhbGciOiJSUzI1NiJ9.plan-id-token.sig";
        const preview = {
            steps: [{ op: "same", urn: urn("pulumi:pulumi:Stack", "s") }],
            diagnostics: [{ urn: urn(TRS, "p"), message: `error: IAM refused the ID token ${idToken}\n`, severity: "error" }],
        };
        assert.ok(planSummary(preview, { env: {} }).includes(idToken), "nothing in sight to redact");
        assert.ok(!planSummary(preview, { env: { HW_ASSUME_ROLE_ID_TOKEN: idToken } }).includes(idToken));
        const oidc = { idpId: "github", idToken, domainName: "acme" };
        for (const shown of [oidc, JSON.stringify(oidc)]) {
            const md = planSummary({ ...preview, config: { "roma:assumeRoleWithOidc": shown } }, { env: {} });
            assert.ok(!md.includes(idToken), JSON.stringify(shown));
            assert.match(md, /IAM refused the ID token \[secret\]/);
        }
    });

    it("the command reads a file or stdin; input that is not a preview exits 2 with one line", () => {
        const json = JSON.stringify({ steps: [REFRESH, trs(TRS, "p", { a: "stopped" }, { a: "started" })] });
        const file = path.join(tempDir("roma-plan"), "preview.json");
        writeFileSync(file, json);
        const fromFile = execFileSync(process.execPath, [CLI, file], { encoding: "utf8" });
        assert.equal(execFileSync(process.execPath, [CLI], { input: json, encoding: "utf8" }), fromFile);
        assert.match(fromFile, /\*\*Total:\*\* 1 task\(s\) to start/);
        const out = JSON.parse(execFileSync(process.execPath, [CLI, "--json", file], { encoding: "utf8" })) as {
            counts: { start: number };
            tasks: { taskId: string }[];
        };
        assert.equal(out.counts.start, 1);
        assert.deepEqual(
            out.tasks.map((t) => t.taskId),
            ["a"],
        );
        for (const [input, said] of [
            ["not json", /^roma-plan: stdin is not JSON .*\n$/],
            ["null", /^roma-plan: stdin holds null, not the output of `pulumi preview --json`.*\n$/],
            ["{}", /^roma-plan: stdin has no "steps".*\n$/],
            ["[]", /^roma-plan: stdin holds an array.*\n$/],
            // Warnings alone are no failed preview: without steps, no plan to print.
            ['{"diagnostics":[{"severity":"warning","message":"warning: roma:assumeRol is not a setting"}]}', /^roma-plan: stdin has no "steps".*\n$/],
        ] as const) {
            const r = spawnSync(process.execPath, [CLI], { input, encoding: "utf8" });
            assert.equal(r.status, 2, input);
            assert.equal(r.stdout, "");
            assert.match(r.stderr, said);
        }
        const bad = spawnSync(process.execPath, [CLI, "--max-chars", "10", file], { encoding: "utf8" });
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /--max-chars takes a whole number of at least 2000/);
        assert.match(
            execFileSync(process.execPath, [CLI, "--help"], { encoding: "utf8" }),
            /Redaction: roma-plan can redact what the JSON marks secret[\s\S]*HW_AUTH_TOKEN/,
        );
    });
});
