// In-memory stand-ins for the FDI and DRS clients and a HandlerContext on a fake clock, so the
// handlers run in microseconds: no network, and `sleep` moves `now` forward instead of waiting.
// The fakes answer the way the API does where the handlers depend on it (FDI.3023, FDI.3021,
// stopping a stopped task succeeds), and record every call so tests can count writes.
import type { ApiClients } from "../../provider/api/clients";
import { coordinate } from "../../provider/coordinator";
import type {
    BatchOperationResult,
    DrsClient,
    DrsJobState,
    DrsRetryJob,
    DrsRetryOutcome,
    FdiClient,
    FdiScope,
    ListTasksFilter,
    ObservedTask,
    TaskAction,
    TaskMonitor,
    TaskOutcome,
    TaskQuery,
    TaskRecord,
    TaskRunStatus,
} from "../../provider/api/types";
import { createFdiClient } from "../../provider/api/fdi-client";
import { matchesQuery } from "../../provider/api/fdi-queries";
import type { TaskBeanFacade } from "../../provider/api/schemas";
import type { ApiRequest, ApiResponse } from "../../provider/api/transport-types";
import type { OperationName } from "../../provider/core/operations";
import { CancelledError, ConfigError, RomaApiError } from "../../provider/core/errors";
import { Redactor } from "../../provider/core/redact";
import type { HandlerContext } from "../../provider/resources/common/handler";
import { FakeClock } from "./fake-clock";

/** ListTasks pages hold at most this many tasks (the SDK caps `limit` at 999). */
const PAGE_LIMIT = 999;

export interface FakeTask {
    taskId: string;
    taskName?: string;
    status: TaskRunStatus;
    executeStatus?: string;
    /** Lower case, as a selection compares it. */
    taskType?: string;
    taskTag?: string;
    /** What ListMonitorInfos says of its last run. */
    monitor?: Omit<TaskMonitor, "taskId">;
}

/** A per-task error the fake answers a write with instead of applying it. */
export interface FakeTaskFailure {
    errorCode: string;
    errorMessage?: string;
    /** Only for this action; both when absent. */
    action?: TaskAction;
}

export interface FakeBatch {
    scope: FdiScope;
    action: TaskAction;
    /** The task IDs of one write call (at most 10). */
    ids: string[];
    /** What the fake answered for the tasks it did not apply. */
    failed: TaskOutcome[];
}

/** A listing that lags behind the task's true status. */
interface StaleView {
    shown: TaskRunStatus;
    listingsLeft: number;
}

const scopeKey = (s: FdiScope) => `${s.projectId}/${s.instanceId}`;

export class FakeFdi implements FdiClient {
    readonly calls = { listTasks: 0, showTask: 0, batchOperate: 0, resetMultiTask: 0, findTasks: 0, listMonitors: 0 };
    /** The query of every findTasks call, in order. */
    readonly queries: TaskQuery[] = [];
    /** The filter of every listTasks call, in order (undefined: a full listing). */
    readonly listFilters: (string | undefined)[] = [];
    readonly batches: FakeBatch[] = [];
    /** The offset of every single-page read (listPage), in order. */
    readonly pageOffsets: number[] = [];
    readonly resets: { scope: FdiScope; taskId: string; dateFrom: number | undefined }[] = [];
    /** Runs before each write call is applied, e.g. to change a task behind the handler's back. */
    beforeWrite?: (action: TaskAction, ids: readonly string[]) => void;

    private readonly instances = new Map<string, Map<string, FakeTask>>();
    private readonly failures = new Map<string, FakeTaskFailure>();
    private readonly lagging = new Map<string, number>();
    private readonly ignored = new Set<string>();
    private readonly stale = new Map<string, StaleView>();

    addTasks(scope: FdiScope, tasks: readonly FakeTask[]): this {
        const key = scopeKey(scope);
        const instance = this.instances.get(key) ?? new Map<string, FakeTask>();
        for (const t of tasks) instance.set(t.taskId, { ...t });
        this.instances.set(key, instance);
        return this;
    }

    removeTask(scope: FdiScope, taskId: string): void {
        this.instances.get(scopeKey(scope))?.delete(taskId);
    }

    /** The task's true status, whatever a lagging listing still shows. */
    task(scope: FdiScope, taskId: string): FakeTask | undefined {
        return this.instances.get(scopeKey(scope))?.get(taskId);
    }

    /** Changes a task; the next `staleListings` listings that include it still show the old status. */
    setStatus(scope: FdiScope, taskId: string, status: TaskRunStatus, staleListings = 0): void {
        const t = this.task(scope, taskId);
        if (!t) throw new Error(`fake FDI: no task ${taskId} in ${scopeKey(scope)}`);
        const key = `${scopeKey(scope)}/${taskId}`;
        if (staleListings > 0 && !this.stale.has(key)) this.stale.set(key, { shown: t.status, listingsLeft: staleListings });
        t.status = status;
    }

    /** Answers writes of `taskId` with this error code and leaves the task as it is. */
    failTask(taskId: string, failure: FakeTaskFailure): void {
        this.failures.set(taskId, failure);
    }

    /** Applies writes of `taskId` at once, but the next `listings` listings that include it show the old status. */
    lagWrites(taskId: string, listings: number): void {
        this.lagging.set(taskId, listings);
    }

    /** Acknowledges writes of `taskId` as successful and never applies them. */
    ignoreWrites(taskId: string): void {
        this.ignored.add(taskId);
    }

    async listTasks(scope: FdiScope, filter?: ListTasksFilter): Promise<ObservedTask[]> {
        await Promise.resolve();
        this.calls.listTasks++;
        this.listFilters.push(filter?.taskId);
        const key = scopeKey(scope);
        const tasks = [...(this.instances.get(key)?.values() ?? [])].filter((t) => filter?.taskId === undefined || t.taskId === filter.taskId);
        return tasks.map((t) => ({ taskId: t.taskId, taskName: t.taskName, status: this.shownStatus(key, t), executeStatus: t.executeStatus }));
    }

    async listPage(scope: FdiScope, offset: number, filter?: ListTasksFilter): Promise<{ tasks: ObservedTask[]; entities: number; total: number }> {
        const all = await this.listTasks(scope, filter);
        this.pageOffsets.push(offset);
        const tasks = all.slice(offset, offset + PAGE_LIMIT);
        return { tasks, entities: tasks.length, total: all.length };
    }

    async findTasks(scope: FdiScope, query: TaskQuery): Promise<{ tasks: TaskRecord[]; calls: number }> {
        await Promise.resolve();
        this.calls.findTasks++;
        this.queries.push({ ...query });
        const key = scopeKey(scope);
        const tasks = [...(this.instances.get(key)?.values() ?? [])]
            .filter((t) => matchesQuery(t, query))
            .map((t) => ({
                taskId: t.taskId,
                taskName: t.taskName,
                status: this.shownStatus(key, t),
                executeStatus: t.executeStatus,
                taskType: t.taskType,
                taskTag: t.taskTag,
            }));
        return { tasks, calls: Math.max(1, Math.ceil(tasks.length / PAGE_LIMIT)) };
    }

    async listMonitors(scope: FdiScope, filter?: { taskName?: string }): Promise<TaskMonitor[]> {
        await Promise.resolve();
        this.calls.listMonitors++;
        return [...(this.instances.get(scopeKey(scope))?.values() ?? [])]
            .filter((t) => filter?.taskName === undefined || (t.taskName ?? "").includes(filter.taskName))
            .map((t) => ({ taskId: t.taskId, ...t.monitor }));
    }

    async showTask(scope: FdiScope, taskId: string): Promise<ObservedTask | undefined> {
        await Promise.resolve();
        this.calls.showTask++;
        const t = this.task(scope, taskId);
        return t && { taskId: t.taskId, taskName: t.taskName, status: t.status, executeStatus: t.executeStatus };
    }

    /**
     * The production client's batchOperate over an in-memory transport: the splitting into calls
     * of at most 10, the de-duplication, the ID check and the reading of each answer are the
     * client's (api/fdi-client.ts), so a test that counts `batches` counts what production sends.
     */
    async batchOperate(scope: FdiScope, action: TaskAction, taskIds: readonly string[]): Promise<BatchOperationResult> {
        await Promise.resolve();
        this.calls.batchOperate++;
        return this.client.batchOperate(scope, action, taskIds);
    }

    private readonly client = createFdiClient({ endpoint: "https://fdi.fake", transport: { send: (req) => this.answer(req) } });

    /** One BatchStartOrStopTasks call as the API answers it: each task judged on its own, in `success[]` or `failure[]`. */
    private async answer<T, O extends OperationName>(req: ApiRequest<T, O>): Promise<ApiResponse<T>> {
        const sent = req.body as { action_id?: TaskAction; list?: { task_id: string }[] } | undefined;
        if (req.operation !== "BatchStartOrStopTasks" || sent?.action_id === undefined || sent.list === undefined) {
            throw new Error(`fake FDI: the client sent ${req.operation} to the write transport`);
        }
        const params = req.params as { project_id: string; instance_id: string };
        const scope: FdiScope = { projectId: params.project_id, instanceId: params.instance_id };
        const action = sent.action_id;
        const ids = sent.list.map((t) => t.task_id);
        // Applied before the first await, so calls are recorded in the order the client sent them.
        this.beforeWrite?.(action, ids);
        const batch: FakeBatch = { scope, action, ids, failed: [] };
        const success: TaskBeanFacade[] = [];
        const failure: TaskBeanFacade[] = [];
        for (const id of ids) {
            const outcome = this.write(scope, action, id);
            const item = { task_id: outcome.taskId, task_name: outcome.taskName, error_code: outcome.errorCode, error_msg: outcome.errorMessage };
            if (outcome.errorCode === undefined) success.push(item);
            else {
                failure.push(item);
                batch.failed.push(outcome);
            }
        }
        this.batches.push(batch);
        await Promise.resolve();
        const body = req.schema.parse({ success_count: success.length, failure_count: failure.length, success, failure });
        return { status: 200, body, headers: {}, requestId: `fake-${this.batches.length}`, attempts: 1 };
    }

    async resetMultiTask(scope: FdiScope, taskId: string, dateFrom?: number): Promise<{ message: string }> {
        await Promise.resolve();
        this.calls.resetMultiTask++;
        if (!this.task(scope, taskId)) {
            throw new RomaApiError({
                operation: "ResetMultiTaskOffset",
                httpStatus: 404,
                errorCode: "FDI.3081",
                errorMessage: "The task does not exist.",
                ids: [taskId],
            });
        }
        this.resets.push({ scope, taskId, dateFrom });
        return { message: "Reset Success" };
    }

    /** One task of a write call, answered as BatchStartOrStopTasks does. */
    private write(scope: FdiScope, action: TaskAction, taskId: string): TaskOutcome {
        const t = this.task(scope, taskId);
        if (!t) return { taskId, errorCode: "FDI.3021", errorMessage: "One or more tasks do not exist." };
        if (action === "start" && t.status === "started") {
            return { taskId, taskName: t.taskName, errorCode: "FDI.3023", errorMessage: "One or more tasks are running." };
        }
        const failure = this.failures.get(taskId);
        if (failure && (failure.action === undefined || failure.action === action)) {
            return { taskId, taskName: t.taskName, errorCode: failure.errorCode, errorMessage: failure.errorMessage };
        }
        if (!this.ignored.has(taskId)) this.setStatus(scope, taskId, action === "start" ? "started" : "stopped", this.lagging.get(taskId));
        return { taskId, taskName: t.taskName };
    }

    private shownStatus(key: string, t: FakeTask): TaskRunStatus {
        const view = this.stale.get(`${key}/${t.taskId}`);
        if (!view) return t.status;
        if (view.listingsLeft-- > 0) return view.shown;
        this.stale.delete(`${key}/${t.taskId}`);
        return t.status;
    }
}

export interface FakeJob {
    /** The DRS status batch-status reports; undefined: the API gives none. */
    status?: string;
    /** What the retry call answers; success when absent. */
    retryFailure?: { errorCode: string; errorMessage?: string };
    /** The status a successful retry leads to; INCRE_TRANSFER_STARTED when absent. */
    statusAfterRetry?: string;
    /** Status polls after a successful retry that still show `settlingStatus`; Infinity: never settles. */
    settleAfterPolls?: number;
    /** Shown while settling; STARTJOBING when absent. */
    settlingStatus?: string;
}

interface JobProgress {
    pollsLeft: number;
    target: string;
}

export class FakeDrs implements DrsClient {
    readonly calls = { batchRetry: 0, batchStatus: 0 };
    /** The jobs of every retry call, in order. */
    readonly retries: DrsRetryJob[][] = [];
    /** The job IDs of every status call, in order. */
    readonly statusQueries: string[][] = [];
    /** The project of every call, in order. */
    readonly projects: string[] = [];
    readonly jobs = new Map<string, FakeJob>();
    private readonly progress = new Map<string, JobProgress>();

    constructor(jobs: Record<string, FakeJob> = {}) {
        for (const [id, job] of Object.entries(jobs)) this.jobs.set(id, { ...job });
    }

    /** The job's record; tests change it between calls (e.g. to let a failed retry succeed). */
    job(jobId: string): FakeJob {
        const j = this.jobs.get(jobId);
        if (!j) throw new Error(`fake DRS: no job ${jobId}`);
        return j;
    }

    async batchRetry(projectId: string, jobs: readonly DrsRetryJob[]): Promise<DrsRetryOutcome[]> {
        await Promise.resolve();
        this.calls.batchRetry++;
        this.projects.push(projectId);
        this.retries.push(jobs.map((j) => ({ ...j })));
        return jobs.map(({ jobId }): DrsRetryOutcome => {
            const job = this.jobs.get(jobId);
            if (!job) return { jobId, status: "failed", errorCode: "NO_RESULT", errorMessage: "the API returned no result for this job" };
            if (job.retryFailure) return { jobId, status: "failed", ...job.retryFailure };
            const target = job.statusAfterRetry ?? "INCRE_TRANSFER_STARTED";
            const polls = job.settleAfterPolls ?? 0;
            if (polls > 0) {
                job.status = job.settlingStatus ?? "STARTJOBING";
                this.progress.set(jobId, { pollsLeft: polls, target });
            } else {
                job.status = target;
                this.progress.delete(jobId);
            }
            return { jobId, status: "success" };
        });
    }

    async batchStatus(projectId: string, jobIds: readonly string[]): Promise<DrsJobState[]> {
        await Promise.resolve();
        this.calls.batchStatus++;
        this.projects.push(projectId);
        this.statusQueries.push([...jobIds]);
        const out: DrsJobState[] = [];
        for (const jobId of new Set(jobIds)) {
            const job = this.jobs.get(jobId);
            if (!job) continue;
            const p = this.progress.get(jobId);
            if (p && p.pollsLeft > 0) p.pollsLeft--;
            else if (p) {
                job.status = p.target;
                this.progress.delete(jobId);
            }
            out.push({ jobId, status: job.status });
        }
        return out;
    }
}

export interface FakeContext extends HandlerContext {
    readonly fdi: FakeFdi;
    readonly drs: FakeDrs;
    /** Every line the handler logged. */
    readonly logs: string[];
    /** Every sleep the handler asked for, in ms. */
    readonly sleeps: number[];
    /** Fake milliseconds since the context was made. */
    elapsed(): number;
}

export interface FakeContextOptions {
    fdi?: FakeFdi;
    drs?: FakeDrs;
    /** The configured project; "proj-default" when absent, none at all when null. */
    projectId?: string | null;
    /** Start of the fake clock, in ms. */
    now?: number;
    pollIntervalMs?: number;
    log?: (message: string) => void;
    /** The engine's Cancel, as the handler context carries it. */
    signal?: AbortSignal;
    /**
     * A test's own answers, replacing the fakes' methods of the same names. A `listTasks` given
     * without `listPage` answers the coordinator's page reads too, from its one listing.
     */
    answers?: { fdi?: Partial<FdiClient>; drs?: Partial<DrsClient> };
}

/** `fake` with a test's own answers in place of its methods. */
function answering<T extends C, C extends object>(fake: T, answers: Partial<C> | undefined): T {
    return Object.assign(fake, answers);
}

/** Page reads of a scripted `listTasks`: each page sliced from its one listing. */
const pagesOf = (listTasks: FdiClient["listTasks"]): Pick<FdiClient, "listPage"> => ({
    listPage: async (scope, offset, filter) => {
        const all = await listTasks(scope, filter);
        return { tasks: all.slice(offset, offset + 999), entities: Math.min(999, Math.max(0, all.length - offset)), total: all.length };
    },
});

/** A wait loop that never ends would otherwise spin forever on the fake clock. */
const MAX_SLEEPS = 10_000;

export function fakeContext(opts: FakeContextOptions = {}): FakeContext {
    const scripted = opts.answers?.fdi;
    const fdi = answering(opts.fdi ?? new FakeFdi(), scripted?.listTasks && !scripted.listPage ? { ...scripted, ...pagesOf(scripted.listTasks) } : scripted);
    const drs = answering(opts.drs ?? new FakeDrs(), opts.answers?.drs);
    const configured = opts.projectId === undefined ? "proj-default" : opts.projectId;
    const start = opts.now ?? Date.UTC(2026, 0, 1);
    const clock = new FakeClock({ start, hold: false });
    const logs: string[] = [];
    const sleeps: number[] = [];
    const signal = opts.signal ?? new AbortController().signal;
    const clients: ApiClients = { fdi, drs, close: () => Promise.resolve() };
    // Every observation lists anew: the fake clock only moves on sleep, so an age bound would
    // let a listing from before a test's change of the fake cloud serve the next call.
    const api = coordinate(clients, { fdiEndpoint: "https://fdi.fake", drsEndpoint: "https://drs.fake", listingMaxAgeMs: 0, gatherMs: 0 });
    return {
        fdi,
        drs,
        logs,
        sleeps,
        elapsed: () => clock.now() - start,
        api: () => api,
        projectId: (input) => {
            const p = input ?? configured;
            if (p === null) throw new ConfigError("fake context: no project ID configured");
            return p;
        },
        now: clock.now,
        sleep: async (ms) => {
            if (sleeps.length >= MAX_SLEEPS) throw new Error(`fake clock: more than ${MAX_SLEEPS} sleeps; is a wait loop stuck?`);
            // As the real context's sleep: a Cancel ends the wait instead of letting time pass.
            if (signal.aborted) throw new CancelledError("a wait was");
            sleeps.push(ms);
            await clock.sleep(ms);
        },
        signal,
        redactor: new Redactor(),
        pollIntervalMs: opts.pollIntervalMs ?? 2000,
        log: (message) => {
            logs.push(message);
            opts.log?.(message);
        },
    };
}
