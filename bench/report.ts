// The benchmark's rendering: the rows each measurement adds (printed as one table at the end) and
// the Markdown tables of the stack, flow-control and selector runs. bench/index.ts measures.
import { cpus, loadavg } from "node:os";

export interface Row {
    metric: string;
    value: string;
    reference: string;
}
const rows: Row[] = [];
/** Adds one figure beside its reference, and shows it on stderr as it comes. */
export const row = (metric: string, value: string, reference: string) => {
    rows.push({ metric, value, reference });
    console.error(`  ${metric}: ${value}`);
};

/** The p-th percentile of `xs`. */
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** A Markdown table, each column as wide as its widest cell. */
export function table(head: string[], body: string[][]): string {
    const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(" | ")} |`;
    return [line(head), `|${w.map((n) => "-".repeat(n + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

/** Every row added so far, as one table, with the machine it ran on. */
export function printRows(): void {
    const w = [Math.max(...rows.map((r) => r.metric.length)), Math.max(...rows.map((r) => r.value.length))];
    console.log(`\n| ${"metric".padEnd(w[0])} | ${"measured".padEnd(w[1])} | reference |`);
    console.log(`|${"-".repeat(w[0] + 2)}|${"-".repeat(w[1] + 2)}|-----------|`);
    for (const r of rows) console.log(`| ${r.metric.padEnd(w[0])} | ${r.value.padEnd(w[1])} | ${r.reference} |`);
    console.log(`\nnode ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end`);
}
