// DRS job calls: batch retry/resume and batch status.
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

export function createDrsClient(opts: DrsClientOptions): DrsClient {
    const { transport } = opts;
    const baseUrl = opts.endpoint;

    return {
        async batchRetry(projectId, jobs) {
            jobs.forEach((j) => checkId("jobId", j.jobId));
            const res = await transport.send({
                operation: "BatchRestoreTask",
                baseUrl,
                params: { project_id: projectId },
                headers: LANGUAGE,
                // is_sync_re_edit only when set: the docs disagree on when it is required.
                body: { jobs: jobs.map((j) => (j.isSyncReEdit === undefined ? { job_id: j.jobId } : { job_id: j.jobId, is_sync_re_edit: j.isSyncReEdit })) },
                schema: DrsRetryResponse,
                ids: jobs.map((j) => j.jobId),
            });
            const byId = new Map(res.body.results.map((r) => [r.id, r]));
            return jobs.map((j): DrsRetryOutcome => {
                const r = byId.get(j.jobId);
                if (!r)
                    return {
                        jobId: j.jobId,
                        status: "failed",
                        errorCode: "NO_RESULT",
                        errorMessage: `the API returned no result for this job (request ID ${res.requestId ?? "unknown"})`,
                    };
                return { jobId: j.jobId, status: r.status, errorCode: r.error_code ?? undefined, errorMessage: r.error_msg ?? undefined };
            });
        },

        async batchStatus(projectId, jobIds) {
            const ids = [...new Set(jobIds)];
            ids.forEach((id) => checkId("jobId", id));
            const out: DrsJobState[] = [];
            for (let page = 1; ids.length > 0; page++) {
                const res = await transport.send({
                    operation: "BatchListJobStatus",
                    baseUrl,
                    params: { project_id: projectId },
                    headers: LANGUAGE,
                    body: { jobs: ids, page_req: { cur_page: page, per_page: STATUS_PAGE } },
                    schema: DrsStatusResponse,
                    ids,
                });
                for (const r of res.body.results) {
                    out.push({ jobId: r.id, status: r.status ?? undefined, errorCode: r.error_code ?? undefined, errorMessage: r.error_message ?? undefined });
                }
                if (res.body.results.length === 0 || out.length >= res.body.count) break;
            }
            return out;
        },
    };
}
