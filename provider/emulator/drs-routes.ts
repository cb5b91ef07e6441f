// The emulated DRS batch retry and batch status calls. DRS error codes here are invented
// ([I], marked DRS.EMU*): Huawei's DRS API pages (support.huaweicloud.com/api-drs/drs_03_0132.html,
// drs_api_0150.html) list none.
import { z } from "zod";
import { apiError, type Reply } from "./reply";
import type { Store } from "./store";

const RetryBody = z.object({ jobs: z.array(z.object({ job_id: z.string(), is_sync_re_edit: z.boolean().optional() })) });
const StatusBody = z.object({
    jobs: z.array(z.string()),
    page_req: z.object({ cur_page: z.number().int().min(0).optional(), per_page: z.number().int().min(0).max(100).optional() }).optional(),
});

const retryable = (status: string) => status === "PAUSING" || status.endsWith("_FAILED");

export function batchRetry(store: Store, projectId: string, raw: unknown): Reply {
    const parsed = RetryBody.safeParse(raw);
    if (!parsed.success || parsed.data.jobs.length === 0) return apiError(400, "DRS.EMU0001", "Invalid request: jobs must be a non-empty list.");
    const results = parsed.data.jobs.map(({ job_id }) => {
        const job = store.getJob(projectId, job_id);
        if (!job) return { id: job_id, status: "failed", error_code: "DRS.EMU0404", error_msg: "The job does not exist." };
        if (!retryable(job.status))
            return { id: job_id, status: "failed", error_code: "DRS.EMU0409", error_msg: `The job is ${job.status}, not paused or failed.` };
        if (job.retryOutcome === "failed") return { id: job_id, status: "failed", error_code: "DRS.EMU0500", error_msg: "The job could not be resumed." };
        job.retries += 1;
        job.pendingPolls = job.settleAfterPolls;
        if (job.settleAfterPolls === 0) job.status = job.afterRetryStatus;
        else job.status = "STARTJOBING";
        return { id: job_id, status: "success" };
    });
    store.save();
    return { status: 200, body: { results, count: results.length } };
}

export function batchStatus(store: Store, projectId: string, raw: unknown): Reply {
    const parsed = StatusBody.safeParse(raw);
    if (!parsed.success || parsed.data.jobs.length === 0) return apiError(400, "DRS.EMU0001", "Invalid request: jobs must be a non-empty list.");
    const page = parsed.data.page_req?.cur_page ?? 1;
    const perPage = parsed.data.page_req?.per_page ?? 5; // docs: default 5, 0 = all
    const ids = parsed.data.jobs;
    // per_page 0 means all (API page); so does cur_page 0 (the Node SDK's batchListJobStatus doc comment).
    const slice = perPage === 0 || page === 0 ? ids : ids.slice((page - 1) * perPage, page * perPage);
    let changed = false;
    const results = slice.map((id) => {
        const job = store.getJob(projectId, id);
        if (!job) return { id, error_code: "DRS.EMU0404", error_message: "The job does not exist." };
        if (job.pendingPolls !== undefined && job.pendingPolls > 0) {
            job.pendingPolls -= 1;
            if (job.pendingPolls === 0) job.status = job.afterRetryStatus;
            changed = true;
        }
        return { id, status: job.status };
    });
    if (changed) store.save();
    return { status: 200, body: { results, count: ids.length } };
}
