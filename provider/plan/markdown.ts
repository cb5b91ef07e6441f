// Text from the API or a program (task names, IDs, resource names, error messages) made inert for
// GitHub-flavoured Markdown: whoever may edit a task sets its name, and the comment must show it,
// not obey it. Every such string goes through `plain` (one line, no control, bidirectional or
// zero-width character), `shorten`, and then `code` or `fenced`: inside a code span or a fenced
// block GitHub makes no HTML, link, autolink, emphasis, @mention or #reference (the mention and
// reference filters skip `code` and `pre`), so only the span's own delimiters and, in a table
// cell, the pipe need escaping (GFM spec, "Tables": a cell's `\|` is unescaped before inline
// parsing, also inside code spans).

/** Longer names are shortened with "…" (an ID or name this long is noise in a review). */
export const MAX_NAME = 120;

/**
 * Characters that reorder or hide text (Trojan Source, CVE-2021-42574): bidirectional embeddings,
 * overrides, isolates and marks, zero-width spaces and joiners, word joiner, BOM, soft hyphen,
 * Mongolian vowel separator.
 */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
/** C0 and C1 controls (newline and tab among them) and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const BREAKS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

/** One line: breaks and tabs become spaces, invisible characters go, runs of spaces become one. */
export function plain(s: string): string {
    return s.replace(INVISIBLE, "").replace(BREAKS, " ").replace(/\s+/g, " ").trim();
}

/** At most `max` characters (code points, never half a surrogate pair), the last one "…" when cut. */
export function shorten(s: string, max = MAX_NAME): string {
    const points = Array.from(s);
    return points.length <= max ? s : `${points.slice(0, max - 1).join("")}…`;
}

/**
 * A code span holding `s` as it is: fenced by one backtick more than its longest run of them,
 * padded with a space when it starts or ends with one (CommonMark strips one space each side).
 * In a table cell, pipes are escaped. An empty string stays empty.
 */
export function code(s: string, where: "text" | "cell" = "text"): string {
    if (s === "") return "";
    const longest = Math.max(0, ...Array.from(s.matchAll(/`+/g), (m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    const body = where === "cell" ? s.replace(/\|/g, "\\|") : s;
    const pad = /^[` ]|[` ]$/.test(s) ? " " : "";
    return `${fence}${pad}${body}${pad}${fence}`;
}

/** `plain`, `shorten` and `code`: how every name and ID from the API or the program is shown. */
export const inert = (s: string, where: "text" | "cell" = "text", max = MAX_NAME): string => code(shorten(plain(s), max), where);

/**
 * Lines of text (an error message) as a fenced code block, which no line can close: the fence is
 * longer than any run of backticks in it. Line breaks stay; invisible characters go.
 */
export function fenced(text: string): string {
    const body = text
        .replace(INVISIBLE, "")
        .replace(/\r\n?|[\u2028\u2029]/g, "\n")
        // eslint-disable-next-line no-control-regex -- control characters are what it replaces
        .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, " ");
    const longest = Math.max(2, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    return `${fence}text\n${body.replace(/\n+$/, "")}\n${fence}`;
}

/** A word of this package's own vocabulary (`started`, `stopped`, …) as is; anything else as code. */
export const word = (s: string, where: "text" | "cell" = "text"): string => (/^[a-z][a-z -]{0,30}$/.test(s) ? s : inert(s, where));
