// Servers echo credentials: an error body that quotes the request's X-Auth-Token, an IAM error
// that quotes the password, a DRS job's error_msg. Whatever an answer says, every configured
// secret and every IAM token obtained is replaced before it can reach an error, a log line or
// stored state; the operations layer passes everything a user sees through here.
import { copyError, PartialFailureError } from "./errors";

export const REDACTED = "[secret]";

/** Shorter values are too likely to occur by chance in ordinary text to be replaced safely. */
const MIN_SECRET_LENGTH = 4;

export class Redactor {
    private forms: string[] = [];

    /** Adds values to redact, with the encodings an answer may quote them in (URL, JSON string). */
    add(...values: (string | undefined)[]): void {
        const next = new Set(this.forms);
        for (const v of values) {
            if (v === undefined || v.length < MIN_SECRET_LENGTH) continue;
            for (const form of [v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]) next.add(form);
        }
        // Longest first, so a secret that contains another is replaced whole.
        this.forms = [...next].sort((a, b) => b.length - a.length);
    }

    text(s: string): string {
        let out = s;
        for (const f of this.forms) if (out.includes(f)) out = out.split(f).join(REDACTED);
        return out;
    }

    /** A copy of `v` with every string redacted (plain objects and arrays, as state and outputs are). */
    value<T>(v: T): T {
        if (this.forms.length === 0) return v;
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
        if (this.forms.length === 0 || !(err instanceof Error)) return err;
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
