// docs/previews.md and the README's "Previews in pull requests" quote what the real CLI printed
// in the end-to-end suite (test/e2e/previews.test.ts), never text typed by hand. Each quote sits between
// `<!-- e2e:<artifact> -->` and `<!-- /e2e -->`; this script fills it from the folder the suite
// kept its artifacts in:
//
//   ROMA_E2E_ARTIFACTS=<dir> npx mocha --config .mocharc.e2e.json test/e2e/previews.test.ts
//   npm run docs:previews -- <dir>
//
// A `.txt` artifact is quoted as a code block, an `.md` one as Markdown source, and a `.json` one
// (a `pulumi preview --json`) as the first TaskRunState update step, with only what a bot reads
// of it. test/unit/previews-doc.test.ts checks each block names an artifact the suite keeps.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

const REPO = path.join(__dirname, "..");
/** The files whose quotes come from the run. */
export const DOCS = [path.join(REPO, "docs", "previews.md"), path.join(REPO, "README.md")];

/** Every `<!-- e2e:<name> -->…<!-- /e2e -->` block: the artifact it quotes, and where it is. */
export const BLOCK = /<!-- e2e:([\w.-]+) -->\n[\s\S]*?<!-- \/e2e -->/g;

interface Step {
    op: string;
    urn: string;
    detailedDiff?: unknown;
    oldState?: { type?: string; outputs?: { taskStatus?: unknown } };
    newState?: { type?: string; inputs?: { taskStatus?: unknown } };
}

/** What a bot reads of a preview's JSON: the first TaskRunState update step, trimmed to the per-task view. */
function stepExcerpt(json: string): string {
    const steps = (JSON.parse(json) as { steps?: Step[] }).steps ?? [];
    const step = steps.find((s) => s.op === "update" && /TaskRunState$/.test(s.newState?.type ?? ""));
    if (!step) throw new Error("no TaskRunState update step in the preview's JSON");
    const excerpt = {
        op: step.op,
        urn: step.urn,
        ...(step.detailedDiff !== undefined && { detailedDiff: step.detailedDiff }),
        oldState: { outputs: { taskStatus: step.oldState?.outputs?.taskStatus } },
        newState: { inputs: { taskStatus: step.newState?.inputs?.taskStatus } },
    };
    return JSON.stringify(excerpt, null, 2);
}

export function quote(name: string, text: string): string {
    if (name.endsWith(".json")) return "```json\n" + `${stepExcerpt(text)}\n` + "```";
    const fence = name.endsWith(".md") ? "```markdown" : "```";
    return `${fence}\n${text.trimEnd()}\n` + "```";
}

export function fill(doc: string, artifacts: string): string {
    return doc.replace(BLOCK, (_all, name: string) => {
        const file = path.join(artifacts, name);
        if (!existsSync(file)) throw new Error(`${file} is missing: run test/e2e/previews.test.ts with ROMA_E2E_ARTIFACTS=${artifacts}`);
        return `<!-- e2e:${name} -->\n${quote(name, readFileSync(file, "utf8"))}\n<!-- /e2e -->`;
    });
}

if (require.main === module) {
    const dir = process.argv[2] ?? process.env.ROMA_E2E_ARTIFACTS;
    if (!dir) {
        console.error("usage: previews-doc <artifacts dir> (or set ROMA_E2E_ARTIFACTS)");
        process.exit(2);
    }
    for (const doc of DOCS) writeFileSync(doc, fill(readFileSync(doc, "utf8"), dir));
    console.log(`${DOCS.map((d) => path.relative(REPO, d)).join(", ")}: quotes filled from ${dir}`);
}
