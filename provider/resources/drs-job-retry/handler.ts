// DrsJobRetry: resume or retry DRS jobs, optionally waiting until they transfer again.
import { UNKNOWN_OUTCOME_CODES, type DrsRetryOutcome } from "../../api/types";
import { describeFailures, PartialFailureError, type ItemFailure } from "../../core/errors";
import { UNKNOWN } from "../../core/unknown";
import { oneShotRefusal, type HandlerContext, type ResourceDefinition, type ResourceHandler, type Written } from "../common/handler";
import { countBy, trackProgress } from "../common/progress";
import { classifyJobStatus, mergeResults, showsResumed } from "./plan";
import { DrsJobRetryInputs, DrsJobRetryState, type JobResult } from "./schema";

interface Waited {
    statuses: Record<string, string>;
    failures: ItemFailure[];
}

/**
 * Polls (shared with every other resource waiting on the same project) until every job has
 * transferred or failed, or the time is up. A failed job does not end the wait for the others,
 * so the outcome names every job that did not resume.
 */
async function waitTransferring(ctx: HandlerContext, projectId: string, jobIds: readonly string[], timeoutSeconds: number, after: number): Promise<Waited> {
    const { jobs } = ctx.api();
    const deadline = ctx.now() + timeoutSeconds * 1000;
    const statuses: Record<string, string> = {};
    const failed = new Map<string, ItemFailure>();
    let waiting = [...jobIds];
    const progress = trackProgress(ctx, timeoutSeconds * 1000);
    /** Each job as the user reads it: transferring, failed, or the status it still waits in. */
    const standing = () =>
        countBy(jobIds.map((id) => (failed.has(id) ? "failed" : waiting.includes(id) ? (statuses[id] ?? "without status") : "transferring")));
    const jobCount = `${jobIds.length} DRS job${jobIds.length === 1 ? "" : "s"}`;
    for (;;) {
        const poll = await jobs.statuses(projectId, waiting, after);
        after = poll.seq;
        waiting = waiting.filter((id) => {
            const s = poll.jobs.get(id);
            if (s?.status) statuses[id] = s.status;
            if (!s?.status && s?.errorCode) {
                // An error for this job and no status to wait on: its failure now, not at the timeout.
                failed.set(id, { id, errorCode: s.errorCode, errorMessage: s.errorMessage ?? "batch-status answered an error for this job" });
                return false;
            }
            const cls = classifyJobStatus(s?.status);
            if (cls === "failed") failed.set(id, { id, errorCode: s?.errorCode ?? s?.status, errorMessage: s?.errorMessage ?? `job is ${s?.status}` });
            return cls === "pending";
        });
        const timedOut = waiting.length > 0 && ctx.now() >= deadline;
        if (waiting.length === 0 || timedOut) {
            const reached = failed.size === 0 && waiting.length === 0 ? `${jobCount} transferring` : `waited for ${jobCount}: ${standing()}`;
            progress.done(`${reached} after ${progress.elapsed()}`);
            for (const id of waiting)
                failed.set(id, { id, errorCode: "TIMEOUT", errorMessage: `still ${statuses[id] ?? "without status"} after ${timeoutSeconds} s` });
            return { statuses, failures: jobIds.flatMap((id) => failed.get(id) ?? []) };
        }
        progress.update((elapsed) => `waiting for ${jobCount}: ${standing()} (${elapsed})`);
        await ctx.sleep(Math.min(ctx.pollIntervalMs, Math.max(0, deadline - ctx.now())));
    }
}

/** Resumed, and not yet seen transferring (retried just now, or still pending when an earlier wait timed out). */
const unsettled = (results: readonly JobResult[], statuses: Readonly<Record<string, string>> | undefined) =>
    results.filter((r) => r.status === "success" && classifyJobStatus(statuses?.[r.jobId]) !== "transferring").map((r) => r.jobId);

/** What one retry starts from: the jobs to call, and what earlier runs recorded. */
interface RetryPlan {
    /** The jobs to call (none: only wait). */
    toRetry: readonly string[];
    /** Results of earlier runs: a job that succeeded before is not called again. */
    previous?: readonly JobResult[];
    previousStatuses?: Record<string, string>;
    /** Jobs already found resumed (see update). */
    resumed?: readonly DrsRetryOutcome[];
}

/**
 * Retries `plan.toRetry`, merged with earlier results, then waits for every resumed job not yet
 * seen transferring.
 */
async function retry(
    ctx: HandlerContext,
    id: string,
    inputs: DrsJobRetryInputs,
    { toRetry, previous = [], previousStatuses, resumed = [] }: RetryPlan,
): Promise<Written<DrsJobRetryState>> {
    const projectId = ctx.projectId(inputs.projectId);
    const { clients, jobs } = ctx.api();
    const called =
        toRetry.length === 0
            ? []
            : await clients.drs.batchRetry(
                  projectId,
                  toRetry.map((jobId) => ({ jobId, isSyncReEdit: inputs.isSyncReEdit })),
              );
    const retried = jobs.mark();
    const fresh = [...resumed, ...called];
    const results = mergeResults(inputs.jobIds, previous, fresh);
    // Statuses seen before this retry say nothing about the jobs retried (or found resumed) now.
    const renewed = new Set(fresh.map((r) => r.jobId));
    const before = Object.fromEntries(Object.entries(previousStatuses ?? {}).filter(([jobId]) => !renewed.has(jobId)));
    const failures: ItemFailure[] = results
        .filter((r) => r.status === "failed")
        .map((r) => ({ id: r.jobId, errorCode: r.errorCode, errorMessage: r.errorMessage }));
    let jobStatuses = previousStatuses;
    const toWait = inputs.waitFor === "transferring" ? unsettled(results, before) : [];
    if (toWait.length > 0) {
        let w: Waited;
        try {
            w = await waitTransferring(ctx, projectId, toWait, inputs.timeoutSeconds, retried);
        } catch (err) {
            // The retry happened: losing the state now would retry resumed jobs next time, which
            // DRS refuses. Keep them resumed and unseen, so the next up waits for them again.
            const why = `resumed, but its status could not be read: ${err instanceof Error ? err.message : String(err)}`;
            w = { statuses: {}, failures: toWait.map((id) => ({ id, errorCode: "REQUEST_FAILED", errorMessage: why })) };
        }
        jobStatuses = { ...before, ...w.statuses };
        failures.push(...w.failures);
        // A job that failed again after a successful retry call must be retried next time.
        for (const f of w.failures) {
            const r = results.find((x) => x.jobId === f.id);
            // A job only timed out or unread stays resumed: the next update waits for it, never retries it.
            const stillResumed = f.errorCode === "TIMEOUT" || f.errorCode === "REQUEST_FAILED";
            if (r && !stillResumed) Object.assign(r, { status: "failed", errorCode: f.errorCode, errorMessage: f.errorMessage });
        }
    }
    const state = { ...inputs, results, jobStatuses };
    if (failures.length > 0) {
        throw new PartialFailureError(
            `DrsJobRetry: ${failures.length} of ${inputs.jobIds.length} jobs did not resume`,
            id,
            state,
            describeFailures("job", failures),
        );
    }
    return state;
}

export const handler: ResourceHandler<DrsJobRetryInputs, DrsJobRetryState> = {
    // Every input replaces (see the schema), which retries again.

    // What a retry answers, and the statuses it leads to, are known only once it ran.
    planned: (_olds, news) => ({ ...news, results: UNKNOWN, jobStatuses: UNKNOWN }),

    create: (ctx, id, inputs) => retry(ctx, id, inputs, { toRetry: inputs.jobIds }),

    // Reached with unchanged inputs after a partial failure: retry only the jobs that failed, and
    // wait again for resumed jobs an earlier wait gave up on (TIMEOUT).
    async update(ctx, id, olds, news) {
        const done = new Set(olds.results.filter((r) => r.status === "success").map((r) => r.jobId));
        let todo = news.jobIds.filter((j) => !done.has(j));
        const waitAgain = news.waitFor === "transferring" && unsettled(olds.results, olds.jobStatuses).length > 0;
        if (todo.length === 0 && !waitAgain) return { ...news, results: olds.results, jobStatuses: olds.jobStatuses };
        // A job whose last retry got no usable answer may have resumed: read before retrying it
        // (DRS refuses to retry a running job, which would fail the resource for nothing).
        const unsure = olds.results.filter((r) => todo.includes(r.jobId) && r.status === "failed" && UNKNOWN_OUTCOME_CODES.has(r.errorCode ?? ""));
        let resumed: DrsRetryOutcome[] = [];
        if (unsure.length > 0) {
            const { jobs } = ctx.api();
            const poll = await jobs.statuses(
                ctx.projectId(news.projectId),
                unsure.map((r) => r.jobId),
                jobs.mark(),
            );
            resumed = [...poll.jobs.values()].filter((s) => showsResumed(s.status)).map((s) => ({ jobId: s.jobId, status: "success" as const }));
            const skip = new Set(resumed.map((r) => r.jobId));
            todo = todo.filter((j) => !skip.has(j));
        }
        return retry(ctx, id, news, { toRetry: todo, previous: olds.results, previousStatuses: olds.jobStatuses, resumed });
    },

    async read(ctx, _id, state) {
        const projectId = ctx.projectId(state.projectId);
        const { jobs } = ctx.api();
        const poll = await jobs.statuses(projectId, state.jobIds, jobs.mark());
        const jobStatuses: Record<string, string> = {};
        for (const s of poll.jobs.values()) if (s.status) jobStatuses[s.jobId] = s.status;
        return { ...state, jobStatuses };
    },

    async delete(ctx, _id, state) {
        ctx.log(`DrsJobRetry: a retry cannot be undone; ${state.jobIds.length} job(s) keep their state, the resource only leaves the stack state`);
    },
};

export const drsJobRetry: ResourceDefinition<DrsJobRetryInputs, DrsJobRetryState> = {
    type: "DrsJobRetry",
    inputs: DrsJobRetryInputs,
    state: DrsJobRetryState,
    migrations: {},
    importRefusal: oneShotRefusal("DrsJobRetry"),
    handler,
};
