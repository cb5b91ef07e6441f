// GitHub's own Markdown renderer, cmark-gfm, through the `cmarkgfm` package from PyPI (its
// bindings to github/cmark-gfm): installed once into a Python virtual environment in the cache
// `npm run pulumi:where` uses (outside the clone, so a clean clone in CI gets it the same way),
// keyed by the pinned version, and reused. It renders as GitHub does before sanitizing: the GFM
// extensions on and raw HTML kept, so a test sees any HTML a name could inject.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const CMARKGFM_VERSION = "2025.10.22";

const RENDER = `
import json, sys
import cmarkgfm
from cmarkgfm.cmark import Options
docs = json.load(sys.stdin)
json.dump([cmarkgfm.github_flavored_markdown_to_html(d, options=Options.CMARK_OPT_UNSAFE) for d in docs], sys.stdout)
`;

let python: string | undefined;

function venvPython(): string {
    if (python) return python;
    const cache = process.env.ROMA_PULUMI_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-roma-tasks");
    const venv = path.join(cache, `cmarkgfm-${CMARKGFM_VERSION}`);
    const bin = path.join(venv, process.platform === "win32" ? "Scripts" : "bin", process.platform === "win32" ? "python.exe" : "python");
    if (!existsSync(bin)) {
        mkdirSync(cache, { recursive: true });
        const building = `${venv}.${process.pid}.tmp`;
        rmSync(building, { recursive: true, force: true });
        const py = process.env.PYTHON ?? (process.platform === "win32" ? "python" : "python3");
        try {
            execFileSync(py, ["-m", "venv", building], { stdio: ["ignore", "ignore", "pipe"] });
            const pip = path.join(building, process.platform === "win32" ? "Scripts" : "bin", "pip");
            execFileSync(pip, ["install", "--quiet", "--disable-pip-version-check", `cmarkgfm==${CMARKGFM_VERSION}`], { stdio: ["ignore", "ignore", "pipe"] });
        } catch (err) {
            rmSync(building, { recursive: true, force: true });
            throw new Error(
                `cannot install cmarkgfm ${CMARKGFM_VERSION} (GitHub's Markdown renderer) into ${venv}: Python 3 with venv and pip is needed: ${(err as Error).message}`,
            );
        }
        // A venv's scripts name their folder: moved whole, its python still runs (pip would not, and is not used again).
        try {
            renameSync(building, venv);
        } catch (err) {
            // Another test process made it first: use theirs.
            rmSync(building, { recursive: true, force: true });
            if (!existsSync(bin)) throw err;
        }
    }
    python = bin;
    return bin;
}

/** Each Markdown document as GitHub's renderer makes it HTML (before GitHub's sanitizer). */
export function renderGfm(docs: string[]): string[] {
    const out = execFileSync(venvPython(), ["-c", RENDER], { input: JSON.stringify(docs), encoding: "utf8", maxBuffer: 256 << 20 });
    return JSON.parse(out) as string[];
}

/**
 * The text GitHub's mention and issue-reference filters would read: the HTML's text outside
 * `code`, `pre` and `a` elements (which those filters skip), entities decoded.
 */
export function filteredText(html: string): string {
    return html
        .replace(/<(code|pre|a)\b[^>]*>[\s\S]*?<\/\1>/g, " ")
        .replace(/<[^>]+>/g, " ")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
        .replace(/&amp;/g, "&");
}

/** A live @mention, `#123` or `org/repo#1` in text GitHub would link (its filters' patterns, simplified to be stricter). */
export const LIVE_REFERENCE = /(?:^|[^\w`])@[A-Za-z0-9]|(?:^|[^\w&])#\d|[\w.-]+\/[\w.-]+#\d|\bGH-\d/;
