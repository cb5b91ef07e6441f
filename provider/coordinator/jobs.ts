// Every DrsJobRetry waiting for its jobs polls through here: polls of one (endpoint, project)
// asked for within `gatherMs` go out as one batch-status call (paged by the client), and a
// waiter is served by any poll that began after the one it saw last, so resources that wait
// side by side share their polls instead of each polling on its own.
import type { DrsClient, DrsJobState } from "../api/types";
import { tick } from "./clock";
import { begin, pick, serves, share, type Asker, type Snapshot } from "./snapshot";

export interface JobStatuses {
    /** Order of the poll's start (see clock.ts); pass it as `after` to ask for a newer one. */
    seq: number;
    jobs: ReadonlyMap<string, DrsJobState>;
}

interface Waiter extends Asker<JobStatuses> {
    ids: readonly string[];
}

interface Project {
    projectId: string;
    latest?: Snapshot<Map<string, DrsJobState>>;
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
        if (serves(latest, jobIds, { after })) return latest.result.then((all) => ({ seq: latest.seq, jobs: pick(all, jobIds) }));
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
        const poll = begin(
            () => this.drs.batchStatus(p.projectId, [...covers]).then((states) => new Map(states.map((s) => [s.jobId, s]))),
            Date.now(),
            covers,
        );
        share(p, poll, waiters, (all) => (w) => ({ seq: poll.seq, jobs: pick(all, w.ids) }));
    }
}
