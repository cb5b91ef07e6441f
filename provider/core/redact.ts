// Servers echo credentials: an error body that quotes the request's X-Auth-Token, an IAM error
// that quotes the password, a DRS job's error_msg, a request ID made from the token. Whatever an
// answer says, every configured secret and every IAM token obtained is replaced before it can
// reach an error, a log line or stored state; the operations layer passes everything a user
// sees through here.
//
// What counts as a secret's appearance, in any mix (a server may escape a value for HTML, then
// percent-encode it in a link, or upper-case it in a request ID):
// - the secret itself, or any run of MIN_RUN or more of its characters (a prefix in a request
//   ID, a token cut short in a log line), ASCII letters in either case;
// - escaped: percent-encoding (hex digits in either case), HTML entities (named, decimal, hex),
//   JSON escapes (`\uXXXX`, `\"`, `\\`, `\/`): the text is decoded before it is matched, and
//   the replacement covers the escaped characters;
// - base64 and base64url of its UTF-8 bytes, at any of the three byte alignments (inside a
//   longer encoded value such as an HTTP Basic `user:password`), whole or any MIN_RUN run.
// Non-ASCII characters are matched as they are, not in their percent-encoded UTF-8 bytes.
import { copyError, PartialFailureError } from "./errors";

export const REDACTED = "[secret]";

/** Shorter values are too likely to occur by chance in ordinary text to be replaced safely. */
const MIN_SECRET_LENGTH = 4;
/**
 * A run of a secret this long is redacted wherever it appears; a shorter run (a 6-character
 * piece of a token) is as likely to be a word or an ID, so it stays (no false positives).
 */
export const MIN_RUN = 16;

const HASH_BASE = 0x01000193;
/** HASH_BASE ** (MIN_RUN - 1), in 32-bit arithmetic: what the first character of a window weighs. */
const FIRST_WEIGHT = Array.from({ length: MIN_RUN - 1 }).reduce<number>((p) => Math.imul(p, HASH_BASE), 1);

/** ASCII letters in lower case, every other character as it is: the length never changes. */
const fold = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** Base64 (`+/`) and base64url (`-_`) of `s`'s UTF-8 bytes after `lead` other bytes, keeping only characters that depend on `s` alone. */
function base64Forms(s: string, lead: 0 | 1 | 2): string[] {
    const bytes = Buffer.concat([Buffer.alloc(lead), Buffer.from(s, "utf8")]);
    const std = bytes.toString("base64").replace(/=+$/, "");
    // A leading byte's bits reach into the first two (one byte) or three (two bytes) characters; after
    // other bytes, the last character of an unfinished group depends on what follows.
    const from = [0, 2, 3][lead];
    const to = lead !== 0 && bytes.length % 3 !== 0 ? std.length - 1 : std.length;
    const form = std.slice(from, to);
    return [form, form.replace(/\+/g, "-").replace(/\//g, "_")];
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", sol: "/", equals: "=", plus: "+", num: "#" };
const JSON_ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", "/": "/" };
const ESCAPED = /%([0-9a-fA-F]{2})|&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,6}));|\\(?:u([0-9a-fA-F]{4})|(["\\/]))/g;

/**
 * `s` with its escapes decoded, and where each decoded character came from: `starts[i]` is the
 * index in `s` of decoded character i, `starts[decoded.length]` is `s.length`. Undefined when `s`
 * holds nothing to decode (the common case, which costs one test).
 */
function decode(s: string): { decoded: string; starts: number[] } | undefined {
    if (!/[%&\\]/.test(s)) return undefined;
    let decoded = "";
    const starts: number[] = [];
    let at = 0;
    for (const m of s.matchAll(ESCAPED)) {
        const [all, pct, dec, hex, name, uni, json] = m;
        const code = pct ?? hex ?? uni;
        const char =
            code !== undefined
                ? String.fromCharCode(parseInt(code, 16))
                : dec !== undefined
                  ? String.fromCodePoint(Math.min(Number(dec), 0x10ffff))
                  : name !== undefined
                    ? NAMED_ENTITIES[name.toLowerCase()]
                    : JSON_ESCAPES[json ?? ""];
        if (char === undefined) continue; // an entity we do not know stays as written
        for (; at < m.index; at++) {
            starts.push(at);
            decoded += s[at];
        }
        // A code point above U+FFFF is two UTF-16 units, both from this escape.
        for (let k = 0; k < char.length; k++) starts.push(m.index);
        decoded += char;
        at = m.index + all.length;
    }
    for (; at < s.length; at++) {
        starts.push(at);
        decoded += s[at];
    }
    starts.push(s.length);
    return { decoded, starts };
}

export class Redactor {
    /** Folded forms shorter than MIN_RUN, matched whole; longest first. */
    private whole: string[] = [];
    /** Every MIN_RUN window of the longer folded forms, by its rolling hash. */
    private readonly windows = new Map<number, string[]>();
    /** Texts shorter than this cannot hold any form. */
    private shortest = Infinity;

    /** Adds values to redact, in every form an answer may quote them in (see the file's comment). */
    add(...values: (string | undefined)[]): void {
        const whole = new Set(this.whole);
        for (const v of values) {
            if (v === undefined || v.length < MIN_SECRET_LENGTH) continue;
            // Base64 after other bytes is a fragment by nature: it counts only as a long run.
            for (const f of [v, ...base64Forms(v, 0)].map(fold)) {
                if (f.length >= MIN_RUN) this.addWindows(f);
                else whole.add(f);
            }
            for (const f of [...base64Forms(v, 1), ...base64Forms(v, 2)].map(fold)) if (f.length >= MIN_RUN) this.addWindows(f);
        }
        this.whole = [...whole].sort((a, b) => b.length - a.length);
        this.shortest = Math.min(MIN_RUN, ...this.whole.map((f) => f.length));
    }

    private addWindows(form: string): void {
        for (let i = 0; i + MIN_RUN <= form.length; i++) {
            const w = form.slice(i, i + MIN_RUN);
            const h = hashOf(w, 0);
            const bucket = this.windows.get(h);
            if (!bucket) this.windows.set(h, [w]);
            else if (!bucket.includes(w)) bucket.push(w);
        }
    }

    private get empty(): boolean {
        return this.whole.length === 0 && this.windows.size === 0;
    }

    text(s: string): string {
        if (this.empty || s.length < this.shortest) return s;
        const d = decode(s);
        const text = fold(d?.decoded ?? s);
        const ranges = this.find(text);
        if (ranges.length === 0) return s;
        const at = (i: number) => (d ? d.starts[i] : i);
        let out = "";
        let from = 0;
        for (const [a, b] of ranges) {
            out += s.slice(from, at(a)) + REDACTED;
            from = at(b);
        }
        return out + s.slice(from);
    }

    /** Where forms appear in folded `text`: sorted, merged `[start, end)` ranges. */
    private find(text: string): [number, number][] {
        const found: [number, number][] = [];
        for (const f of this.whole) {
            for (let i = text.indexOf(f); i !== -1; i = text.indexOf(f, i + f.length)) found.push([i, i + f.length]);
        }
        if (this.windows.size > 0 && text.length >= MIN_RUN) {
            let h = hashOf(text, 0);
            for (let i = 0; ; i++) {
                const bucket = this.windows.get(h);
                if (bucket?.includes(text.slice(i, i + MIN_RUN))) found.push([i, i + MIN_RUN]);
                if (i + MIN_RUN >= text.length) break;
                h = (Math.imul(h - Math.imul(text.charCodeAt(i), FIRST_WEIGHT), HASH_BASE) + text.charCodeAt(i + MIN_RUN)) | 0;
            }
        }
        // Base64 padding after a match goes with it, when it ends the value.
        for (const r of found) {
            const pad = /^={1,2}(?![A-Za-z0-9+/=_-])/.exec(text.slice(r[1], r[1] + 3));
            if (pad) r[1] += pad[0].length;
        }
        if (found.length <= 1) return found;
        found.sort((x, y) => x[0] - y[0]);
        const merged: [number, number][] = [found[0]];
        for (const [a, b] of found.slice(1)) {
            const last = merged[merged.length - 1];
            if (a <= last[1]) last[1] = Math.max(last[1], b);
            else merged.push([a, b]);
        }
        return merged;
    }

    /** A copy of `v` with every string redacted (plain objects and arrays, as state and outputs are). */
    value<T>(v: T): T {
        if (this.empty) return v;
        return this.walk(v) as T;
    }

    /**
     * The error with its message, stack (and what a partial failure would store) redacted, as a
     * new error: the one given stays as its thrower made it, for whatever else still holds it.
     */
    error<E extends Error>(err: E): E;
    error(err: unknown): unknown;
    error(err: unknown): unknown {
        if (typeof err === "string") return this.text(err);
        if (this.empty || !(err instanceof Error)) return err;
        const said = { message: this.text(err.message), ...(err.stack === undefined ? {} : { stack: this.text(err.stack) }) };
        if (!(err instanceof PartialFailureError)) return copyError(err, said);
        return copyError(err, {
            ...said,
            summary: this.text(err.summary),
            properties: this.value(err.properties),
            reasons: err.reasons.map((r) => this.text(r)),
        });
    }

    private walk(v: unknown): unknown {
        if (typeof v === "string") return this.text(v);
        if (Array.isArray(v)) return v.map((x) => this.walk(x));
        if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.walk(x)]));
        }
        return v;
    }
}

/** The rolling hash of `s`'s MIN_RUN characters from `at`. */
function hashOf(s: string, at: number): number {
    let h = 0;
    for (let j = at; j < at + MIN_RUN; j++) h = (Math.imul(h, HASH_BASE) + s.charCodeAt(j)) | 0;
    return h;
}
