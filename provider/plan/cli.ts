#!/usr/bin/env node
// `roma-plan [file]`: reads `pulumi preview --json` (the file, or stdin) and prints the
// Markdown summary of what it plans for ROMA Connect (./summary.ts); nothing when nothing changes.
import { readFileSync } from "node:fs";
import { planSummary, type PreviewJson } from "./summary";

const USAGE = "usage: roma-plan [preview.json]   (or pipe `pulumi preview --json` into it)";

function main(args: string[]): number {
    if (args.includes("--help") || args.includes("-h")) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    if (args.length > 1 || args.some((a) => a.startsWith("-"))) {
        process.stderr.write(`${USAGE}\n`);
        return 2;
    }
    const source = args[0] ?? "stdin";
    let preview: PreviewJson;
    try {
        preview = JSON.parse(readFileSync(args[0] ?? 0, "utf8")) as PreviewJson;
    } catch (err) {
        process.stderr.write(
            `roma-plan: cannot read ${source} as the output of \`pulumi preview --json\`: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        return 1;
    }
    process.stdout.write(planSummary(preview));
    return 0;
}

process.exitCode = main(process.argv.slice(2));
