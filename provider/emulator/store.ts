// The emulator's tasks and jobs, optionally persisted to a JSON file after every change. A
// change the file did not take is undone in memory too (StateWriteError): what the emulator
// answers as failed must not have happened, or a client told a start failed finds it started.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { EmulatorState, type SeedData, type SeedProject, type StoredJob, type StoredTask } from "./model";

const key = (projectId: string, instanceId: string, taskId: string) => `${projectId}/${instanceId}/${taskId}`;
const jobKey = (projectId: string, jobId: string) => `${projectId}/${jobId}`;

/** The state file could not be written: the change was undone, and the request may be sent again. */
export class StateWriteError extends Error {
    override name = "StateWriteError";
}

export class Store {
    private readonly tasks = new Map<string, StoredTask>();
    private readonly jobs = new Map<string, StoredJob>();
    /** IAM projects by name, for tokens requested by project name. */
    private readonly projects = new Map<string, SeedProject>();
    private clock = 0;
    /** What the state file last took: a change it refuses is rolled back to this. */
    private saved = "";

    constructor(private readonly file?: string) {
        if (!file) return;
        const kind = statSync(file, { throwIfNoEntry: false });
        if (kind === undefined) {
            // First start: written now, so a path that cannot hold a file is refused at start, not at the first change.
            this.save();
            return;
        }
        if (!kind.isFile()) throw new StateWriteError(`--state ${file} is not a file (it is a directory or a device); give the path of a JSON file`);
        const text = readFileSync(file, "utf8");
        this.load(EmulatorState.parse(JSON.parse(text)));
        this.saved = text;
    }

    private load(state: EmulatorState): void {
        this.tasks.clear();
        this.jobs.clear();
        this.projects.clear();
        for (const t of state.tasks) this.tasks.set(key(t.projectId, t.instanceId, t.taskId), t);
        for (const j of state.jobs) this.jobs.set(jobKey(j.projectId, j.jobId), j);
        for (const p of state.projects) this.projects.set(p.name, p);
        this.clock = Math.max(0, ...state.tasks.map((t) => t.createdAt));
    }

    /** Tasks of one instance in creation order (ListTasks is stable across pages). */
    listTasks(projectId: string, instanceId: string): StoredTask[] {
        return [...this.tasks.values()].filter((t) => t.projectId === projectId && t.instanceId === instanceId).sort((a, b) => a.createdAt - b.createdAt);
    }

    getTask(projectId: string, instanceId: string, taskId: string): StoredTask | undefined {
        return this.tasks.get(key(projectId, instanceId, taskId));
    }

    getJob(projectId: string, jobId: string): StoredJob | undefined {
        return this.jobs.get(jobKey(projectId, jobId));
    }

    /** The ID of the IAM project called `name`, when seeded. */
    projectIdByName(name: string): string | undefined {
        return this.projects.get(name)?.projectId;
    }

    seed(data: SeedData): void {
        if (data.replace) {
            this.tasks.clear();
            this.jobs.clear();
            this.projects.clear();
        }
        for (const p of data.projects ?? []) this.projects.set(p.name, p);
        const now = Date.now();
        for (const s of data.tasks ?? []) {
            const k = key(s.projectId, s.instanceId, s.taskId);
            const old = this.tasks.get(k);
            const taskType = s.taskType ?? old?.taskType ?? "REALTIME";
            const status = s.status === undefined ? (old?.status ?? 0) : s.status === "started" ? 1 : 0;
            this.tasks.set(k, {
                projectId: s.projectId,
                instanceId: s.instanceId,
                taskId: s.taskId,
                taskName: s.taskName ?? old?.taskName ?? s.taskId,
                taskType,
                status,
                executeStatus:
                    s.executeStatus ??
                    (s.status === undefined && old ? old.executeStatus : status === 1 ? (taskType === "REALTIME" ? "RUNNING" : "WAITING") : "UNSTARTED"),
                extType: s.extType ?? old?.extType ?? "",
                scheduled: s.scheduled ?? old?.scheduled ?? true,
                taskTag: s.taskTag ?? old?.taskTag ?? "",
                ...defined({ lastExecuteTime: s.lastExecuteTime ?? old?.lastExecuteTime, cron: s.cron ?? old?.cron, period: s.period ?? old?.period }),
                createdAt: old?.createdAt ?? ++this.clock,
                lastModified: now,
                lastReset: old?.lastReset,
                resets: old?.resets ?? 0,
            });
        }
        for (const j of data.jobs ?? []) {
            this.jobs.set(jobKey(j.projectId, j.jobId), {
                projectId: j.projectId,
                jobId: j.jobId,
                status: j.status,
                retryOutcome: j.retryOutcome,
                afterRetryStatus: j.afterRetryStatus ?? "INCRE_TRANSFER_STARTED",
                settleAfterPolls: j.settleAfterPolls ?? 0,
                retries: 0,
            });
        }
        this.save();
    }

    removeTasks(refs: { projectId: string; instanceId: string; taskId: string }[]): void {
        for (const r of refs) this.tasks.delete(key(r.projectId, r.instanceId, r.taskId));
        this.save();
    }

    snapshot(): EmulatorState {
        return {
            tasks: [...this.tasks.values()].sort((a, b) => a.createdAt - b.createdAt),
            jobs: [...this.jobs.values()],
            projects: [...this.projects.values()],
        };
    }

    /**
     * Atomic write (temp file + rename), so a crash never leaves half a state file. A write that
     * fails (a full disk, a path that became a directory) removes its temporary file, puts the
     * memory back as the file last held it, and throws StateWriteError.
     */
    save(): void {
        if (!this.file) return;
        const tmp = `${this.file}.${process.pid}.tmp`;
        const text = JSON.stringify(this.snapshot(), null, 2);
        try {
            writeFileSync(tmp, text);
            renameSync(tmp, this.file);
        } catch (err) {
            rmSync(tmp, { force: true });
            if (this.saved !== "") this.load(EmulatorState.parse(JSON.parse(this.saved)));
            else this.load({ tasks: [], jobs: [], projects: [] });
            const why = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
            throw new StateWriteError(`the state file ${this.file} could not be written (${why}); the change was not applied`);
        }
        this.saved = text;
    }
}

/** The fields that have a value: an absent schedule stays absent in the state file and snapshots. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
