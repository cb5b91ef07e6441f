// Every DrsJobRetry waiting for its jobs polls through here: polls of one (endpoint, project)
// asked for within `gatherMs` go out as one batch-status call (paged by the client), and a
// waiter is served by any poll that began after the one it saw last, so resources that wait
// side by side share their polls instead of each polling on its own.
import type { DrsClient, DrsJobState } from "../api/types";
import { tick } from "./clock";
import { Coalescer } from "./coalesce";
import { begin, keepLatest, pick, serves, type Snapshot } from "./snapshot";

export interface JobStatuses {
    /** Order of the poll's start (see clock.ts); pass it as `after` to ask for a newer one. */
    seq: number;
    jobs: ReadonlyMap<string, DrsJobState>;
}

interface Project {
    latest?: Snapshot<Map<string, DrsJobState>>;
    polls: Coalescer<JobStatuses>;
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
        if (!p) this.projects.set(key, (p = this.project(projectId)));
        const latest = p.latest;
        if (serves(latest, jobIds, { after })) return latest.result.then((all) => ({ seq: latest.seq, jobs: pick(all, jobIds) }));
        return p.polls.ask(jobIds);
    }

    /** Waiters not yet answered: zero when nothing is under way. */
    pending(): number {
        let n = 0;
        for (const p of this.projects.values()) n += p.polls.pending();
        return n;
    }

    private project(projectId: string): Project {
        const p: Project = {
            polls: new Coalescer<JobStatuses>({
                gatherMs: this.gatherMs,
                send: (ids) => {
                    const poll = begin(
                        () => this.drs.batchStatus(projectId, ids).then((states) => new Map(states.map((s) => [s.jobId, s]))),
                        Date.now(),
                        new Set(ids),
                    );
                    keepLatest(p, poll);
                    return poll.result.then((all) => (mine) => ({ seq: poll.seq, jobs: pick(all, mine) }));
                },
            }),
        };
        return p;
    }
}
