// Fault injection: decides, per API request, whether a rule fires; what a rule that answers the
// request answers (a 429, a 5xx, a dropped connection, a malformed body...); and the answers of
// the kinds that reproduce what the official SDK models allow (optional fields absent or null,
// an unknown status, per-job errors). Rate-based rules use a seeded generator so a test run is
// reproducible.
import type { IncomingHttpHeaders } from "node:http";
import type { FaultRule } from "./model";
import { apiError, type Reply } from "./reply";

/** Kinds after which the request is still processed; any other kind answers it, so it is the last to fire. */
const PASS_THROUGH = new Set<FaultRule["kind"]>(["latency", "sparse", "itemStatus", "removeTasks"]);
/** Kinds that reshape the answer of a processed request. */
export const RESHAPING = new Set<FaultRule["kind"]>(["sparse", "itemStatus"]);
import type { ActiveFaultRule } from "./types";

interface ActiveRule {
    rule: FaultRule;
    remaining?: number;
    /** Matching requests still to let pass (`skip`). */
    skipping: number;
    /** flowControl: arrival times of the requests admitted in the last second. */
    admitted?: number[];
}

/** The gateway counts requests in a one-second window (Huawei's BSS API pages, "Request Throttling": "limit:10,time:1 second"). */
const WINDOW_MS = 1000;

/** mulberry32: tiny seeded PRNG, enough for picking a share of requests. */
function seeded(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

export class Faults {
    private rules: ActiveRule[] = [];
    private readonly random: () => number;

    constructor(seed = 1) {
        this.random = seeded(seed);
    }

    set(rules: FaultRule[]): void {
        this.rules = rules.map((rule) => ({ rule, remaining: rule.times, skipping: rule.skip ?? 0 }));
    }

    /** The rules still in force (spent `times` rules are gone), with the calls each has left. */
    active(): ActiveFaultRule[] {
        return this.rules
            .filter((r) => r.remaining === undefined || r.remaining > 0)
            .map((r) => (r.remaining === undefined ? { ...r.rule } : { ...r.rule, remaining: r.remaining }));
    }

    /**
     * Rules that fire for this request, consuming `times` budgets. The first rule that answers
     * the request (not latency or a reshaping kind) is the last one: a rule that was not
     * applied is not spent, so rules for the same operation apply in turn.
     */
    pick(operation: string, now = Date.now()): FaultRule[] {
        const fired: FaultRule[] = [];
        for (const r of this.rules) {
            if (r.rule.operation !== undefined && r.rule.operation !== operation) continue;
            if (r.rule.kind === "flowControl") {
                if (!this.overLimit(r, now)) continue;
                fired.push({ ...r.rule, retryAfterSeconds: r.rule.retryAfterSeconds ?? 1 });
                break;
            }
            if (r.remaining !== undefined && r.remaining <= 0) continue;
            if (r.skipping > 0) {
                r.skipping -= 1;
                continue;
            }
            if (r.rule.rate !== undefined && this.random() >= r.rule.rate) continue;
            if (r.remaining !== undefined) r.remaining -= 1;
            fired.push(r.rule);
            if (!PASS_THROUGH.has(r.rule.kind)) break;
        }
        return fired;
    }

    /** Admits the request into the rule's window, or says it is one too many. */
    private overLimit(r: ActiveRule, now: number): boolean {
        const admitted = (r.admitted ??= []);
        while (admitted.length > 0 && now - admitted[0] >= WINDOW_MS) admitted.shift();
        if (admitted.length >= (r.rule.limitPerSecond ?? 10)) return true;
        admitted.push(now);
        return false;
    }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** Job IDs of a DRS request body (`jobs` is a list of `{ job_id }` for retry, of strings for status). */
function jobIdsOf(body: unknown): string[] {
    if (!isObj(body) || !Array.isArray(body.jobs)) return [];
    return body.jobs.map((j) => (typeof j === "string" ? j : isObj(j) && typeof j.job_id === "string" ? j.job_id : "")).filter((id) => id !== "");
}

const applies = (fault: FaultRule, id: unknown) => typeof id === "string" && (fault.ids === undefined || fault.ids.includes(id));

/**
 * `itemStatus` on BatchRestoreTask: the matched jobs are not retried (they are answered with
 * the fault's status instead), so the request body goes on without them.
 */
export function withholdJobs(fault: FaultRule, operation: string, body: unknown): { body: unknown; withheld: string[] } {
    if (fault.kind !== "itemStatus" || operation !== "BatchRestoreTask" || !isObj(body) || !Array.isArray(body.jobs)) return { body, withheld: [] };
    const withheld = jobIdsOf(body).filter((id) => applies(fault, id));
    const jobs = body.jobs.filter((j) => !(isObj(j) && withheld.includes(j.job_id as string)));
    return { body: { ...body, jobs }, withheld };
}

/** How a fault that answers a request answers it: a reply, text no JSON API sends, or a closed connection. */
export type FaultAnswer = { reply: Reply } | { raw: { status: number; contentType: string; text: string } } | { drop: true };

/**
 * The answer of a fault that answers the request instead of the API (every kind but `latency`
 * and the reshaping ones, which never get here). `headers` and `body` are the request's.
 */
export function faultAnswer(fault: FaultRule, operation: string, headers: IncomingHttpHeaders, body: unknown): FaultAnswer {
    switch (fault.kind) {
        case "reply":
            return { reply: { status: fault.reply?.status ?? 200, body: fault.reply?.body ?? {}, headers: fault.reply?.headers } };
        case "resultsError":
            return { reply: resultsError(fault, operation, body) };
        case "echoCredentials":
            return { reply: echoCredentials(headers, body) };
        case "drop":
            return { drop: true };
        case "throttle":
        case "flowControl":
            return {
                reply: {
                    status: 429,
                    headers: { "Retry-After": String(fault.retryAfterSeconds ?? 1) },
                    body: {
                        error_code: "APIG.0308",
                        error_msg: `The throttling threshold has been reached: policy user over ratelimit,limit:${fault.limitPerSecond ?? 10},time:1 second`,
                    },
                },
            };
        case "error5xx":
            return { reply: { status: fault.status ?? 503, body: { error_code: fault.errorCode ?? "FDI.9999", error_msg: "Network error." } } };
        case "malformed":
            if (fault.malformed === "html")
                return { raw: { status: 200, contentType: "text/html", text: "<html><body><h1>502 Bad Gateway</h1></body></html>" } };
            if (fault.malformed === "truncated")
                return { raw: { status: 200, contentType: "application/json;charset=UTF-8", text: '{"total": 3, "entities": [{"task_id": "t1", "sta' } };
            return { reply: { status: 200, body: wrongTypeBody(operation) } };
        case "latency":
        case "sparse":
        case "itemStatus":
        case "removeTasks":
            // Applied before (server.ts); reaching this is a bug, which the server answers as one.
            throw new Error(`fault kind ${fault.kind} does not answer a request`);
        default: {
            const unhandled: never = fault.kind;
            throw new Error(`fault kind ${String(unhandled)} has no answer`);
        }
    }
}

/** [I] Terraform shows DRS answering 400 with per-job results and no top-level code. */
function resultsError(fault: FaultRule, operation: string, body: unknown): Reply {
    const errorCode = fault.errorCode ?? "DRS.M05004";
    const message = fault.errorMessage ?? "The job status does not allow this operation.";
    const results = jobIdsOf(body).map((id) =>
        operation === "BatchListJobStatus"
            ? { id, error_code: errorCode, error_message: message }
            : { id, status: "failed", error_code: errorCode, error_msg: message },
    );
    return { status: 400, body: { results, count: results.length } };
}

/** 401 quoting whatever credentials the request carried, as a careless server's error would. */
function echoCredentials(headers: IncomingHttpHeaders, body: unknown): Reply {
    const header = (name: string) => {
        const v = headers[name.toLowerCase()];
        return typeof v === "string" ? ` ${name} "${v}"` : "";
    };
    const auth = (body as { auth?: { identity?: { password?: { user?: { name?: unknown; password?: unknown } } } } } | undefined)?.auth;
    const user = auth?.identity?.password?.user;
    const password = user && typeof user.password === "string" ? ` user "${String(user.name)}" password "${user.password}"` : "";
    return apiError(
        401,
        "APIG.0301",
        `Incorrect IAM authentication information:${header("X-Auth-Token")}${header("X-Security-Token")}${header("Authorization")}${password}`,
    );
}

/** A 200 body whose documented fields have the wrong type, per operation. */
function wrongTypeBody(operation: string): unknown {
    switch (operation) {
        case "ListTasks":
            return { total: 1, size: 1, entities: [{ task_id: ["t1"], task_name: "x", status: 1 }] };
        case "BatchStartOrStopTasks":
            return { success_count: "3", failure_count: 0, success: [], failure: [] };
        case "ResetMultiTaskOffset":
            return { message: 42 };
        case "BatchRestoreTask":
            return { results: [{ id: 7, status: "success" }], count: "1" };
        default:
            return { results: "none", count: "x", task: null };
    }
}

/** Removes (or nulls) `keys` of `o`, as a model whose fields are all optional allows. */
function sparseFields(o: Obj, keys: readonly string[], mode: "omit" | "null"): void {
    for (const k of keys) {
        if (!(k in o)) continue;
        if (mode === "omit") delete o[k];
        else o[k] = null;
    }
}

function setStatus(o: Obj, fault: FaultRule, key = "status"): void {
    if (fault.value === undefined) delete o[key];
    else o[key] = fault.value;
}

/** Reshapes the answer of a processed request (a copy; the reply object is not shared). */
export function reshape(fault: FaultRule, operation: string, reply: Reply, withheld: readonly string[]): Reply {
    if (reply.status < 200 || reply.status > 299 || !isObj(reply.body)) return reply;
    const body = structuredClone(reply.body);
    const mode = fault.sparse ?? "omit";
    if (fault.kind === "sparse") {
        switch (operation) {
            case "ListTasks":
                sparseFields(body, ["total", "size"], mode);
                for (const e of list(body.entities))
                    sparseFields(
                        e,
                        ["task_name", "task_type", "execute_status", "ext_type", "task_tag", "created_date", "version", "last_modified_time"],
                        mode,
                    );
                if (list(body.entities).length === 0) sparseFields(body, ["entities"], mode);
                break;
            case "ShowTask":
                if (isObj(body.task)) sparseFields(body.task, ["task_name", "task_type", "project_id", "created_date", "last_modified_date", "task_tag"], mode);
                sparseFields(body, ["task_detail"], mode);
                break;
            case "BatchStartOrStopTasks":
                sparseFields(body, ["success_count", "failure_count"], mode);
                for (const k of ["success", "failure"]) {
                    for (const i of list(body[k])) sparseFields(i, ["task_name"], mode);
                    if (list(body[k]).length === 0) sparseFields(body, [k], mode);
                }
                break;
            case "ResetMultiTaskOffset":
                sparseFields(body, ["message"], mode);
                break;
            case "BatchRestoreTask":
            case "BatchListJobStatus":
                sparseFields(body, ["count"], mode);
                break;
        }
        return { ...reply, body };
    }
    if (fault.kind !== "itemStatus") return reply;
    switch (operation) {
        case "ListTasks":
            for (const e of list(body.entities)) if (applies(fault, e.task_id)) setStatus(e, fault);
            break;
        case "ShowTask":
            if (isObj(body.task) && applies(fault, body.task.task_id)) setStatus(body.task, fault);
            break;
        case "BatchStartOrStopTasks":
            // Processed, but answered for in neither list.
            for (const k of ["success", "failure"]) body[k] = list(body[k]).filter((i) => !applies(fault, i.task_id));
            break;
        case "BatchRestoreTask": {
            const results = list(body.results);
            for (const id of withheld) {
                const item: Obj = { id };
                setStatus(item, fault);
                if (fault.errorCode !== undefined) item.error_code = fault.errorCode;
                if (fault.errorMessage !== undefined) item.error_msg = fault.errorMessage;
                results.push(item);
            }
            body.results = results;
            if (typeof body.count === "number") body.count = results.length;
            break;
        }
        case "BatchListJobStatus":
            for (const r of list(body.results)) {
                if (!applies(fault, r.id)) continue;
                setStatus(r, fault);
                if (fault.errorCode !== undefined) r.error_code = fault.errorCode;
                if (fault.errorMessage !== undefined) r.error_message = fault.errorMessage;
            }
            break;
    }
    return { ...reply, body };
}

/** What the faults that fire on one request may see and do before the API answers it. */
export interface FaultedRequest {
    operation: string;
    params: Readonly<Record<string, string>>;
    headers: IncomingHttpHeaders;
    body: unknown;
    /** `removeTasks`: the store loses these tasks before the request is processed. */
    removeTasks(tasks: { projectId: string; instanceId: string; taskId: string }[]): void;
    /** Records a fault on the request's log entry (`replace`: the one that answered it). */
    mark(label: string, replace?: boolean): void;
}

/**
 * Runs the faults picked for a request in order: `latency` waits, `removeTasks` changes the
 * store, the reshaping kinds are kept for the answer, and the first other kind answers the
 * request itself (a faulted request is answered before it is processed: it changes no state).
 */
export async function runFaults(picked: readonly FaultRule[], req: FaultedRequest): Promise<{ answer?: FaultAnswer; reshaping: FaultRule[] }> {
    const reshaping: FaultRule[] = [];
    for (const fault of picked) {
        if (fault.kind === "latency") {
            await new Promise((r) => setTimeout(r, fault.latencyMs ?? 100));
            req.mark("latency");
        } else if (fault.kind === "removeTasks") {
            const { project_id: projectId = "", instance_id: instanceId = "" } = req.params;
            req.removeTasks((fault.ids ?? []).map((taskId) => ({ projectId, instanceId, taskId })));
            req.mark("removeTasks");
        } else if (RESHAPING.has(fault.kind)) {
            reshaping.push(fault);
            req.mark(fault.kind);
        } else {
            req.mark(fault.kind + (fault.malformed ? `:${fault.malformed}` : ""), true);
            return { answer: faultAnswer(fault, req.operation, req.headers, req.body), reshaping };
        }
    }
    return { reshaping };
}

/**
 * The API's answer to a processed request, reshaped by the faults kept for it. `itemStatus`
 * withholds the matched DRS jobs from a retry (`answer` gets the body without them); they are
 * answered by the reshaping instead.
 */
export function answerReshaped(reshaping: readonly FaultRule[], operation: string, body: unknown, answer: (body: unknown) => Reply): Reply {
    let input = body;
    const withheld: string[] = [];
    for (const f of reshaping) {
        const w = withholdJobs(f, operation, input);
        input = w.body;
        withheld.push(...w.withheld);
    }
    let reply = withheld.length > 0 && (input as { jobs: unknown[] }).jobs.length === 0 ? { status: 200, body: { results: [], count: 0 } } : answer(input);
    for (const f of reshaping) reply = reshape(f, operation, reply, withheld);
    return reply;
}
