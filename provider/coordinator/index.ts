// The API as handlers see it: the clients of one configuration, with task reads and writes and
// DRS status polls coordinated across every resource the process serves.
import type { ApiClients } from "../api/clients";
import { ClaimRegistry } from "./claims";
import { JobCoordinator } from "./jobs";
import { SelectionCoordinator } from "./selections";
import { TaskCoordinator } from "./tasks";

export interface Coordinated {
    clients: ApiClients;
    tasks: TaskCoordinator;
    /** Reads of tasks chosen by a selector (tag, name, type). */
    selections: SelectionCoordinator;
    jobs: JobCoordinator;
    /** Which resource wants which task in which state: two that want one task in opposite states are refused. */
    claims: ClaimRegistry;
}

export interface CoordinationOptions {
    fdiEndpoint: string;
    drsEndpoint: string;
    listingMaxAgeMs: number;
    gatherMs?: number;
    /** The process's claims, which outlive the clients a Configure replaces; absent: a registry of these clients' own. */
    claims?: ClaimRegistry;
}

export function coordinate(clients: ApiClients, opts: CoordinationOptions): Coordinated {
    return {
        clients,
        tasks: new TaskCoordinator(clients.fdi, opts.fdiEndpoint, { listingMaxAgeMs: opts.listingMaxAgeMs, gatherMs: opts.gatherMs }),
        selections: new SelectionCoordinator(clients.fdi, opts.fdiEndpoint, { listingMaxAgeMs: opts.listingMaxAgeMs, gatherMs: opts.gatherMs }),
        jobs: new JobCoordinator(clients.drs, opts.drsEndpoint, opts.gatherMs),
        claims: opts.claims ?? new ClaimRegistry(),
    };
}

export { ClaimRegistry, type ClaimConflict } from "./claims";
export { JobCoordinator, type JobStatuses } from "./jobs";
export { SelectionCoordinator, type Selection } from "./selections";
export { TaskCoordinator, type Listing, type WriteResult } from "./tasks";
