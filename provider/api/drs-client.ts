// DRS job calls: batch retry/resume and batch status.
import { ResponseValidationError, RomaApiError } from "../core/errors";
import { checkId } from "../core/ids";
import { DrsRetryResponse, DrsStatusResponse } from "./schemas";
import type { Transport } from "./transport-types";
import type { DrsClient, DrsJobState, DrsRetryOutcome } from "./types";

export interface DrsClientOptions {
    transport: Transport;
    endpoint: string;
}

/** batch-status allows at most 100 per page. */
const STATUS_PAGE = 100;
const LANGUAGE = { "X-Language": "en-us" };

/**
 * A retry call whose answer we cannot use: the call may have resumed the jobs (no answer, a 5xx
 * from the gateway after the service acted, or a body we cannot read), so each is recorded
 * failed with the outcome unknown, and the resource reads their status before retrying them
 * again. A 4xx the API gave (with per-job `results[]` when the body has them) is thrown as it
 * is: the API refused the call, nothing changed.
 */
function unknownOutcome(err: unknown, jobIds: readonly string[]): DrsRetryOutcome[] | undefined {
    let errorCode: "INVALID_RESPONSE" | "REQUEST_FAILED";
    if (err instanceof ResponseValidationError) errorCode = "INVALID_RESPONSE";
    else if (err instanceof RomaApiError && (err.httpStatus === undefined || err.httpStatus >= 500)) errorCode = "REQUEST_FAILED";
    else return undefined;
    const errorMessage = `${err.message}; outcome unknown`;
    return jobIds.map((jobId) => ({ jobId, status: "failed", errorCode, errorMessage }));
}

export function createDrsClient(opts: DrsClientOptions): DrsClient {
    const { transport } = opts;
    const baseUrl = opts.endpoint;

    return {
        async batchRetry(projectId, jobs) {
            jobs.forEach((j) => checkId("jobId", j.jobId));
            const ids = jobs.map((j) => j.jobId);
            let res;
            try {
                res = await transport.send({
                    operation: "BatchRestoreTask",
                    baseUrl,
                    params: { project_id: projectId },
                    headers: LANGUAGE,
                    // is_sync_re_edit only when set: the docs disagree on when it is required.
                    body: {
                        jobs: jobs.map((j) => (j.isSyncReEdit === undefined ? { job_id: j.jobId } : { job_id: j.jobId, is_sync_re_edit: j.isSyncReEdit })),
                    },
                    schema: DrsRetryResponse,
                    ids,
                });
            } catch (err) {
                const outcomes = unknownOutcome(err, ids);
                if (!outcomes) throw err;
                return outcomes;
            }
            const byId = new Map<string, NonNullable<typeof res.body.results>[number]>();
            for (const r of res.body.results ?? []) if (r.id && !byId.has(r.id)) byId.set(r.id, r);
            return jobs.map((j): DrsRetryOutcome => {
                const r = byId.get(j.jobId);
                if (!r)
                    return {
                        jobId: j.jobId,
                        status: "failed",
                        errorCode: "NO_RESULT",
                        errorMessage: `the API returned no result for this job (request ID ${res.requestId ?? "unknown"}); outcome unknown`,
                    };
                // `status` is a free string: anything but "success" is this job's failure.
                if (r.status?.trim().toLowerCase() === "success") return { jobId: j.jobId, status: "success" };
                return {
                    jobId: j.jobId,
                    status: "failed",
                    errorCode: r.error_code ?? undefined,
                    errorMessage: r.error_msg ?? (r.status ? `the API answered status "${r.status}"` : "the API answered no status"),
                };
            });
        },

        async batchStatus(projectId, jobIds) {
            const ids = [...new Set(jobIds)];
            ids.forEach((id) => checkId("jobId", id));
            const wanted = new Set(ids);
            const seen = new Map<string, DrsJobState>();
            // `count` may be the total or this page's size, so it decides nothing: page until every
            // requested job has been seen, or a page brings nothing new (a server that ignores paging).
            const maxPages = Math.ceil(ids.length / STATUS_PAGE) + 1;
            for (let page = 1; seen.size < ids.length && page <= maxPages; page++) {
                const res = await transport.send({
                    operation: "BatchListJobStatus",
                    baseUrl,
                    params: { project_id: projectId },
                    headers: LANGUAGE,
                    body: { jobs: ids, page_req: { cur_page: page, per_page: STATUS_PAGE } },
                    schema: DrsStatusResponse,
                    ids,
                });
                const before = seen.size;
                for (const r of res.body.results ?? []) {
                    if (!r.id || !wanted.has(r.id) || seen.has(r.id)) continue;
                    seen.set(r.id, {
                        jobId: r.id,
                        status: r.status?.trim() || undefined,
                        errorCode: r.error_code ?? undefined,
                        errorMessage: r.error_message ?? undefined,
                    });
                }
                if (seen.size === before) break;
            }
            return ids.filter((id) => seen.has(id)).map((id) => seen.get(id) as DrsJobState);
        },
    };
}
