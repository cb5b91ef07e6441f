#!/usr/bin/env node
// `roma-plan [--max-chars N] [--json] [file]`: reads `pulumi preview --json` (the file, or stdin)
// and prints the Markdown summary of what it plans for ROMA Connect (./summary.ts). Exit codes a
// workflow can branch on: 0 a plan (empty when the preview read the tasks and nothing changes),
// 1 the preview failed (the comment says so and shows its errors), 2 the input or the command
// line is wrong (one line on stderr).
import { readFileSync } from "node:fs";
import { readPlan, redactorFor, SECRET_ENV, type PreviewJson } from "./read";
import { commentOf, DEFAULT_MAX_CHARS, MIN_MAX_CHARS, planJson } from "./summary";

const HELP = `usage: roma-plan [--max-chars N] [--json] [preview.json]
  Reads \`pulumi preview --json\` (the file, or stdin) and prints what it plans for ROMA Connect
  as Markdown for a pull-request comment: the totals first, then each resource's tasks.

  --max-chars N  keep the Markdown within N characters (default ${DEFAULT_MAX_CHARS}, at least ${MIN_MAX_CHARS}); what does
                 not fit is left out, with a line saying how much
  --json         print the counts and every task as JSON instead (for bots and artifacts)

  Exit 0: the plan (nothing when the preview read the tasks and nothing changes; without
  --refresh a line says the statuses are as last recorded). Exit 1: the preview failed; the
  output says so and shows its errors. Exit 2: not a preview's JSON, or a bad option.

  Redaction: roma-plan can redact what the JSON marks secret (the CLI prints it as [secret]
  unless --show-secrets) and the configured credentials it can see: the provider's
  ${SECRET_ENV.join(", ")}
  in its environment, and the roma:* credentials (an OIDC ID token too) when the preview's
  config shows them. Any other secret is shown as the preview holds it: never run the preview
  with --show-secrets.
`;

class UsageError extends Error {}

function parseArgs(args: string[]): { file?: string; maxChars: number; json: boolean } {
    let file: string | undefined;
    let maxChars = DEFAULT_MAX_CHARS;
    let json = false;
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === "--json") json = true;
        else if (a === "--max-chars" || a.startsWith("--max-chars=")) {
            const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
            if (v === undefined || !/^\d+$/.test(v) || Number(v) < MIN_MAX_CHARS)
                throw new UsageError(`--max-chars takes a whole number of at least ${MIN_MAX_CHARS}, not ${v === undefined ? "nothing" : JSON.stringify(v)}`);
            maxChars = Number(v);
        } else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a} (roma-plan --help)`);
        else if (file !== undefined) throw new UsageError(`one file at most, got ${file} and ${a}`);
        else file = a;
    }
    return { file: file === "-" ? undefined : file, maxChars, json };
}

/** The preview's JSON, or why it is not one (one line). */
function readPreview(file: string | undefined): PreviewJson {
    const source = file ?? "stdin";
    let text: string;
    try {
        text = readFileSync(file ?? 0, "utf8");
    } catch (err) {
        throw new UsageError(`cannot read ${source}: ${err instanceof Error ? err.message : String(err)}`);
    }
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (err) {
        throw new UsageError(`${source} is not JSON (${err instanceof Error ? err.message : String(err)}): give it the output of \`pulumi preview --json\``);
    }
    if (value === null || typeof value !== "object" || Array.isArray(value))
        throw new UsageError(
            `${source} holds ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}, not the output of \`pulumi preview --json\` (an object with "steps")`,
        );
    const preview = value as PreviewJson & { diagnostics?: unknown };
    // Only an error makes a preview without steps a failed one: warnings alone are no preview's JSON.
    const failed = Array.isArray(preview.diagnostics) && preview.diagnostics.some((d) => (d as { severity?: unknown } | null)?.severity === "error");
    if (!Array.isArray(preview.steps) && !failed)
        throw new UsageError(`${source} has no "steps": not the output of \`pulumi preview --json\` (did the preview run?)`);
    return preview;
}

function main(args: string[]): number {
    if (args.includes("--help") || args.includes("-h")) {
        process.stdout.write(HELP);
        return 0;
    }
    let options: ReturnType<typeof parseArgs>;
    let preview: PreviewJson;
    try {
        options = parseArgs(args);
        preview = readPreview(options.file);
    } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        process.stderr.write(`roma-plan: ${err.message.replace(/\s+/g, " ")}\n`);
        return 2;
    }
    const plan = readPlan(preview, redactorFor(preview, process.env));
    if (options.json) process.stdout.write(planJson(plan));
    else process.stdout.write(commentOf(plan, options.maxChars));
    return plan.failed ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
