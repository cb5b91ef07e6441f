// DrsJobRetry in the provider host: resume or retry DRS jobs, optionally waiting until they
// transfer again.
import { randomUUID } from "node:crypto";
import type { DrsClient, DrsRetryOutcome } from "../api/types";
import { diffReplaceOnAnyChange, DRS_RETRY_KEYS } from "../plan/diff";
import { classifyJobStatus } from "../plan/drs-wait";
import { describeFailures, partialFailure, type ItemFailure } from "../plan/failures";
import { checkInputs, DrsJobRetryInputs, parseChecked } from "../plan/inputs";
import { getClients, pollIntervalMs, projectIdFor, sleep } from "./context";
import { toOutputs, type Props, type ResourceHandlers } from "./provider-types";

type Inputs = ReturnType<typeof DrsJobRetryInputs.parse>;

async function waitTransferring(drs: DrsClient, projectId: string, jobIds: string[], timeoutSeconds: number): Promise<{ statuses: Record<string, string>; failures: ItemFailure[] }> {
    const deadline = Date.now() + timeoutSeconds * 1000;
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
        if (Date.now() >= deadline) {
            for (const id of jobIds) {
                if (classifyJobStatus(statuses[id]) === "pending") failures.push({ id, errorCode: "TIMEOUT", errorMessage: `still ${statuses[id] ?? "without status"} after ${timeoutSeconds} s` });
            }
            return { statuses, failures };
        }
        await sleep(Math.min(pollIntervalMs(), Math.max(0, deadline - Date.now())));
    }
}

/** Retries `jobIds`; merges with earlier results so a job that succeeded before is not called again. */
async function retry(id: string, inputs: Inputs, props: Props, jobIds: string[], previous: DrsRetryOutcome[]): Promise<Props> {
    const { drs } = getClients();
    const projectId = projectIdFor(inputs.projectId);
    const fresh = await drs.batchRetry(projectId, jobIds.map((jobId) => ({ jobId, isSyncReEdit: inputs.isSyncReEdit })));
    const byId = new Map(previous.map((r) => [r.jobId, r]));
    for (const r of fresh) byId.set(r.jobId, r);
    const results = inputs.jobIds.map((j) => byId.get(j) ?? { jobId: j, status: "failed" as const, errorCode: "NOT_RETRIED", errorMessage: "not retried yet" });
    const failures: ItemFailure[] = results.filter((r) => r.status === "failed").map((r) => ({ id: r.jobId, errorCode: r.errorCode, errorMessage: r.errorMessage }));
    let jobStatuses: Record<string, string> | undefined;
    if (inputs.waitFor === "transferring") {
        const ok = results.filter((r) => r.status === "success").map((r) => r.jobId);
        if (ok.length > 0) {
            const w = await waitTransferring(drs, projectId, ok, inputs.timeoutSeconds);
            jobStatuses = w.statuses;
            failures.push(...w.failures);
            // A job that failed again after a successful retry call must be retried next time.
            for (const f of w.failures) {
                const r = results.find((x) => x.jobId === f.id);
                if (r && f.errorCode !== "TIMEOUT") Object.assign(r, { status: "failed", errorCode: f.errorCode, errorMessage: f.errorMessage });
            }
        }
    }
    const { __provider, ...rest } = props;
    const outs = toOutputs({ ...rest, results, jobStatuses });
    if (failures.length > 0) {
        throw partialFailure(`DrsJobRetry: ${failures.length} of ${inputs.jobIds.length} jobs did not resume`, id, { ...outs, __provider }, describeFailures("job", failures));
    }
    return outs;
}

export const drsJobRetry: ResourceHandlers = {
    async check(_olds, news) {
        return checkInputs(DrsJobRetryInputs, news);
    },

    async diff(_id, olds, news) {
        return diffReplaceOnAnyChange(DRS_RETRY_KEYS, olds, news);
    },

    async create(props) {
        const id = randomUUID();
        const inputs = parseChecked(DrsJobRetryInputs, props);
        return { id, outs: await retry(id, inputs, props, inputs.jobIds, []) };
    },

    // Reached with unchanged inputs after a partial failure: retry only the jobs that failed.
    async update(id, olds, news) {
        const inputs = parseChecked(DrsJobRetryInputs, news);
        const previous = (Array.isArray(olds.results) ? olds.results : []) as DrsRetryOutcome[];
        const done = new Set(previous.filter((r) => r.status === "success").map((r) => r.jobId));
        const todo = inputs.jobIds.filter((j) => !done.has(j));
        if (todo.length === 0) {
            const { __provider, ...rest } = news;
            return { outs: toOutputs({ ...rest, results: previous, jobStatuses: olds.jobStatuses }) };
        }
        return { outs: await retry(id, inputs, news, todo, previous) };
    },

    async read(id, props) {
        if (!props || props.jobIds === undefined) throw new Error("DrsJobRetry cannot be imported: it records a one-shot action");
        const { drs } = getClients();
        const jobIds = (props.jobIds as unknown[]).map(String);
        const states = await drs.batchStatus(projectIdFor(props.projectId), jobIds);
        const jobStatuses: Record<string, string> = {};
        for (const s of states) if (s.status) jobStatuses[s.jobId] = s.status;
        return { id, props: toOutputs({ ...props, jobStatuses }) };
    },

    async delete(_id, props) {
        const n = Array.isArray(props.jobIds) ? props.jobIds.length : 0;
        console.log(`DrsJobRetry: a retry cannot be undone; ${n} job(s) keep their state, the resource only leaves the stack state`);
    },
};
