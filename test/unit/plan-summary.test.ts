// `roma-plan`: the Markdown a pull request gets from `pulumi preview --json`, read from the
// steps' old and new states as the engine writes them (docs/previews.md, "For bots").
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { planSummary, type PreviewStep } from "../../provider/plan/summary";
import { tempDir } from "../support/temp";

const urn = (type: string, name: string) => `urn:pulumi:prod::nightly::${type}::${name}`;
const TRS = "roma:fdi:TaskRunState";
const DYN = "pulumi-nodejs:dynamic/roma:TaskRunState";

function trs(type: string, name: string, observed: Record<string, string>, planned: Record<string, string>, op = "update"): PreviewStep {
    const entries = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([id, status]) => [id, { name: `${id} task`, status }]));
    return {
        op,
        urn: urn(type, name),
        oldState: { type, inputs: {}, outputs: { instanceId: "inst", taskStatus: entries(observed) } },
        newState: { type, inputs: { instanceId: "inst", taskStatus: entries(planned) } },
    };
}

describe("roma-plan", () => {
    it("names each task to start and to stop, once across resources, with a one-line total", () => {
        const md = planSummary({
            steps: [
                { op: "same", urn: urn("pulumi:pulumi:Stack", "s") },
                trs(TRS, "pipeline", { a: "stopped", b: "started", c: "started" }, { a: "started", b: "started", c: "started" }),
                trs(DYN, "shared", { a: "stopped" }, { a: "started" }),
                trs(TRS, "off", { d: "started", e: "stopped" }, { d: "stopped", e: "stopped" }),
            ],
        });
        assert.match(md, /\| `a` \| a task \| stopped \| \*\*started\*\* \|/);
        assert.match(md, /\| `a` \| a task \| stopped \| \*\*started\*\* \(also in `pipeline`\) \|/);
        assert.match(md, /\| `d` \| d task \| started \| \*\*stopped\*\* \|/);
        assert.doesNotMatch(md, /`b`|`c`|`e`/, "tasks already in state are not listed");
        assert.match(md, /\*\*Total:\*\* 1 task\(s\) to start, 1 to stop, 0 reset\(s\), 0 DRS job\(s\) to retry, 0 replacement\(s\), 0 deletion\(s\)\./);
    });

    it("state written before taskStatus: the old statuses come from tasks", () => {
        const step = trs(TRS, "old", {}, { a: "started" });
        step.oldState = { type: TRS, outputs: { tasks: [{ taskId: "a", taskName: "A", status: "stopped" }] } };
        assert.match(planSummary({ steps: [step] }), /\| `a` \| a task \| stopped \| \*\*started\*\* \|/);
    });

    it("lists resets, DRS retries, replacements and deletions; says when a selector's tasks are read only at the up", () => {
        const md = planSummary({
            steps: [
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
        assert.match(md, /Resets the progress of `comp` from 2026-11-01T00:00:00Z\./);
        assert.match(md, /Retries DRS jobs `j1`, `j2`\./);
        assert.match(md, /Replaced: `feeds` \(JobRetry\)\./);
        assert.match(md, /Deleted: `gone` \(TaskRunState\)\./);
        assert.match(md, /`tagged` \(TaskRunState, update\)\*\*\n\nThe tasks are read at the `up`/);
        assert.match(md, /0 task\(s\) to start, 0 to stop, 1 reset\(s\), 2 DRS job\(s\) to retry, 1 replacement\(s\), 1 deletion\(s\)/);
    });

    it("prints nothing when none of its resources changes", () => {
        assert.equal(
            planSummary({
                steps: [
                    { op: "same", urn: urn(TRS, "p") },
                    { op: "update", urn: urn("aws:s3/bucket:Bucket", "b") },
                ],
            }),
            "",
        );
        assert.equal(planSummary({}), "");
    });

    it("the command reads a file or stdin, and refuses what is not a preview's JSON", () => {
        const cli = path.join(__dirname, "..", "..", "dist", "plan", "cli.js");
        const json = JSON.stringify({ steps: [trs(TRS, "p", { a: "stopped" }, { a: "started" })] });
        const file = path.join(tempDir("roma-plan"), "preview.json");
        writeFileSync(file, json);
        const fromFile = execFileSync(process.execPath, [cli, file], { encoding: "utf8" });
        assert.equal(execFileSync(process.execPath, [cli], { input: json, encoding: "utf8" }), fromFile);
        assert.match(fromFile, /\*\*Total:\*\* 1 task\(s\) to start/);
        assert.throws(
            () => execFileSync(process.execPath, [cli], { input: "not json", encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] }),
            /cannot read stdin/,
        );
    });
});
