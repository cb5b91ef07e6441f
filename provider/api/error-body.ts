// What a failed exchange said, read liberally: the error body in every shape the services and
// the gateway use, and a network failure named by the host and port that could not be reached.
// The transport calls it (and classifies the codes, both gateway spellings, in retry-policy.ts).
import type { ItemFailure } from "../core/errors";

export interface ParsedErrorBody {
    errorCode?: string;
    errorMessage?: string;
    /** Per-item codes (DRS answers a 400 with `results[]` and no top-level code). */
    items: ItemFailure[];
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const codeText = (v: unknown): string | undefined => text(v) ?? (typeof v === "number" && Number.isFinite(v) ? String(v) : undefined);

/**
 * Reads an error body. Shapes, any combination of them:
 * - `{ error_code, error_msg | error_message }`: FDI, DRS and the API gateway;
 * - `{ error: { code, message, title } }`: IAM (Keystone), e.g. "The username or password is wrong.";
 * - `{ results: [{ id, status, error_code, error_msg | error_message }] }`: DRS per-job detail.
 * Anything else (a gateway HTML page, an empty body) yields nothing: the status and request ID
 * are then all there is to report.
 */
export function parseErrorBody(body: string, httpStatus?: number): ParsedErrorBody {
    const out: ParsedErrorBody = { items: [] };
    let json: unknown;
    try {
        json = JSON.parse(body);
    } catch {
        return out;
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) return out;
    const o = json as Record<string, unknown>;
    out.errorCode = codeText(o.error_code);
    out.errorMessage = text(o.error_msg) ?? text(o.error_message);
    if (o.error !== null && typeof o.error === "object" && !Array.isArray(o.error)) {
        const e = o.error as Record<string, unknown>;
        const code = codeText(e.code);
        // Keystone's `code` repeats the HTTP status (401); only a code of its own is worth showing.
        if (out.errorCode === undefined && code !== undefined && code !== String(httpStatus)) out.errorCode = code;
        out.errorMessage ??= text(e.message) ?? text(e.title);
    }
    if (Array.isArray(o.results)) {
        for (const r of o.results as unknown[]) {
            if (r === null || typeof r !== "object") continue;
            const item = r as Record<string, unknown>;
            const id = text(item.id) ?? text(item.job_id) ?? text(item.task_id);
            const errorCode = codeText(item.error_code);
            const errorMessage = text(item.error_msg) ?? text(item.error_message);
            if (id !== undefined && (errorCode !== undefined || errorMessage !== undefined)) out.items.push({ id, errorCode, errorMessage });
        }
    }
    return out;
}

/**
 * Why no answer came, naming the host and port that could not be reached: never the path, the
 * query or a header, which may hold IDs or credentials.
 */
export function describeNetworkError(err: unknown, timeoutMs: number, url?: URL): string {
    const code = (err as { code?: string } | null)?.code;
    let what: string;
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") what = `timed out after ${timeoutMs} ms`;
    else if (code === "UND_ERR_SOCKET" || code === "ECONNRESET") what = "connection reset or closed by the server";
    else if (code === "ECONNREFUSED") what = "connection refused";
    else if (code === "ENOTFOUND" || code === "EAI_AGAIN") what = "host name not resolved";
    else what = code ? `network error ${code}` : "network error";
    if (url === undefined) return what;
    const port = url.port || (url.protocol === "https:" ? "443" : url.protocol === "http:" ? "80" : "");
    return `${what} (${url.hostname}${port ? `:${port}` : ""})`;
}
