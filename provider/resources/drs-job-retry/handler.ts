// DrsJobRetry: resume or retry DRS jobs, optionally waiting until they transfer again.
import type { DrsClient } from "../../api/types";
import { describeFailures, PartialFailureError, type ItemFailure } from "../../core/errors";
import { diffInputs } from "../common/diff";
import type { HandlerContext, ResourceDefinition, ResourceHandler, Written } from "../common/handler";
import { classifyJobStatus, mergeResults } from "./plan";
import { DrsJobRetryInputs, DrsJobRetryState, type JobResult } from "./schema";

interface Waited {
    statuses: Record<string, string>;
    failures: ItemFailure[];
}

async function waitTransferring(ctx: HandlerContext, drs: DrsClient, projectId: string, jobIds: string[], timeoutSeconds: number): Promise<Waited> {
    const deadline = ctx.now() + timeoutSeconds * 1000;
    const statuses: Record<string, string> = {};
    for (;;) {
        const states = await drs.batchStatus(projectId, jobIds);
        const byId = new Map(states.map((s) => [s.jobId, s]));
        const failures: ItemFailure[] = [];
        let pending = 0;
        for (const id of jobIds) {
            const s = byId.get(id);
            if (s?.status) statuses[id] = s.status;
            const cls = classifyJobStatus(s?.status);
            if (cls === "failed") failures.push({ id, errorCode: s?.errorCode ?? s?.status, errorMessage: s?.errorMessage ?? `job is ${s?.status}` });
            else if (cls === "pending") pending++;
        }
        if (pending === 0 || failures.length > 0) return { statuses, failures };
        if (ctx.now() >= deadline) {
            for (const id of jobIds) {
                if (classifyJobStatus(statuses[id]) === "pending")
                    failures.push({ id, errorCode: "TIMEOUT", errorMessage: `still ${statuses[id] ?? "without status"} after ${timeoutSeconds} s` });
            }
            return { statuses, failures };
        }
        await ctx.sleep(Math.min(ctx.pollIntervalMs, Math.max(0, deadline - ctx.now())));
    }
}

/** Retries `jobIds`, merged with earlier results so a job that succeeded before is not called again. */
async function retry(
    ctx: HandlerContext,
    id: string,
    inputs: DrsJobRetryInputs,
    jobIds: string[],
    previous: readonly JobResult[],
): Promise<Written<DrsJobRetryState>> {
    const projectId = ctx.projectId(inputs.projectId);
    const { drs } = ctx.clients();
    const fresh = await drs.batchRetry(
        projectId,
        jobIds.map((jobId) => ({ jobId, isSyncReEdit: inputs.isSyncReEdit })),
    );
    const results = mergeResults(inputs.jobIds, previous, fresh);
    const failures: ItemFailure[] = results
        .filter((r) => r.status === "failed")
        .map((r) => ({ id: r.jobId, errorCode: r.errorCode, errorMessage: r.errorMessage }));
    let jobStatuses: Record<string, string> | undefined;
    if (inputs.waitFor === "transferring") {
        const ok = results.filter((r) => r.status === "success").map((r) => r.jobId);
        if (ok.length > 0) {
            const w = await waitTransferring(ctx, drs, projectId, ok, inputs.timeoutSeconds);
            jobStatuses = w.statuses;
            failures.push(...w.failures);
            // A job that failed again after a successful retry call must be retried next time.
            for (const f of w.failures) {
                const r = results.find((x) => x.jobId === f.id);
                if (r && f.errorCode !== "TIMEOUT") Object.assign(r, { status: "failed", errorCode: f.errorCode, errorMessage: f.errorMessage });
            }
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
    diff(olds, news) {
        const { replaces } = diffInputs(DrsJobRetryInputs, olds, news);
        return { changes: replaces.length > 0, replaces };
    },

    create: (ctx, id, inputs) => retry(ctx, id, inputs, inputs.jobIds, []),

    // Reached with unchanged inputs after a partial failure: retry only the jobs that failed.
    async update(ctx, id, olds, news) {
        const done = new Set(olds.results.filter((r) => r.status === "success").map((r) => r.jobId));
        const todo = news.jobIds.filter((j) => !done.has(j));
        if (todo.length === 0) return { ...news, results: olds.results, jobStatuses: olds.jobStatuses };
        return retry(ctx, id, news, todo, olds.results);
    },

    async read(ctx, _id, state) {
        const projectId = ctx.projectId(state.projectId);
        const states = await ctx.clients().drs.batchStatus(projectId, state.jobIds);
        const jobStatuses: Record<string, string> = {};
        for (const s of states) if (s.status) jobStatuses[s.jobId] = s.status;
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
    importRefusal: "DrsJobRetry cannot be imported: it records a one-shot action",
    handler,
};
