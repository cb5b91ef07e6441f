// Every DrsJobRetry waiting for its jobs polls through here: polls of one (endpoint, project)
// asked for within `gatherMs` go out as one batch-status call (paged by the client), and a
// waiter is served by any poll that began after the one it saw last, so resources that wait
// side by side share their polls instead of each polling on its own.
import type { DrsClient, DrsJobState } from "../api/types";
import { tick } from "./clock";

export interface JobStatuses {
    /** Order of the poll's start (see clock.ts); pass it as `after` to ask for a newer one. */
    seq: number;
    jobs: ReadonlyMap<string, DrsJobState>;
}

interface Poll {
    seq: number;
    covers: ReadonlySet<string>;
    result: Promise<Map<string, DrsJobState>>;
}

interface Waiter {
    ids: readonly string[];
    resolve(s: JobStatuses): void;
    reject(e: unknown): void;
}

interface Project {
    projectId: string;
    latest?: Poll;
    waiters: Waiter[];
    timer?: NodeJS.Timeout;
}

export class JobCoordinator {
    private readonly projects = new Map<string, Project>();

    constructor(
        private readonly drs: DrsClient,
        private readonly endpoint: string,
        private readonly gatherMs = 5,
    ) {}

    /** A point in the process's order of events: polls that begin later serve a waiter that passes it. */
    mark(): number {
        return tick();
    }

    /** The jobs' statuses from a poll that began after `after` (a `mark()`, or the `seq` of the poll seen last). */
    statuses(projectId: string, jobIds: readonly string[], after: number): Promise<JobStatuses> {
        const key = JSON.stringify([this.endpoint, projectId]);
        let p = this.projects.get(key);
        if (!p) this.projects.set(key, (p = { projectId, waiters: [] }));
        const latest = p.latest;
        if (latest && latest.seq > after && jobIds.every((id) => latest.covers.has(id))) {
            return latest.result.then((all) => ({ seq: latest.seq, jobs: pick(all, jobIds) }));
        }
        const project = p;
        return new Promise<JobStatuses>((resolve, reject) => {
            project.waiters.push({ ids: jobIds, resolve, reject });
            project.timer ??= setTimeout(() => this.poll(project), this.gatherMs);
        });
    }

    /** Waiters not yet answered: zero when nothing is under way. */
    pending(): number {
        let n = 0;
        for (const p of this.projects.values()) n += p.waiters.length;
        return n;
    }

    private poll(p: Project): void {
        p.timer = undefined;
        const waiters = p.waiters.splice(0);
        const covers = new Set(waiters.flatMap((w) => w.ids));
        const seq = tick();
        const poll: Poll = {
            seq,
            covers,
            result: this.drs.batchStatus(p.projectId, [...covers]).then((states) => new Map(states.map((s) => [s.jobId, s]))),
        };
        p.latest = poll;
        poll.result.then(
            (all) => waiters.forEach((w) => w.resolve({ seq, jobs: pick(all, w.ids) })),
            (err: unknown) => {
                if (p.latest === poll) p.latest = undefined;
                waiters.forEach((w) => w.reject(err));
            },
        );
    }
}

function pick<T>(all: ReadonlyMap<string, T>, ids: readonly string[]): Map<string, T> {
    const out = new Map<string, T>();
    for (const id of ids) {
        const v = all.get(id);
        if (v !== undefined) out.set(id, v);
    }
    return out;
}
