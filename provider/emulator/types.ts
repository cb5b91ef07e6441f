// The emulator's public types, written out without zod: `pulumi-roma-tasks/emulator` must
// compile in users' projects under any tsconfig, and zod's own declarations do not under the
// classic `moduleResolution: node` without `skipLibCheck`. The zod schemas in model.ts stay the
// source of truth: each type here is checked there to be exactly what its schema describes.
import type { OperationName } from "../core/operations";

/** A task to create or update (matched by `projectId` + `instanceId` + `taskId`; absent fields keep their value). */
export interface SeedTask {
    projectId: string;
    instanceId: string;
    taskId: string;
    /** Default: the task ID. */
    taskName?: string;
    /** Default `REALTIME`. Decides `executeStatus` on start: RUNNING for realtime, WAITING for timing tasks. */
    taskType?: "REALTIME" | "TIMING";
    /** The task's switch (`status` 1/0 in the API). Default `stopped`. */
    status?: "started" | "stopped";
    /** The last run's state as the API reports it (UNSTARTED, WAITING, RUNNING, SUCCESS, CANCELLED, ERROR). Default: follows `status`. */
    executeStatus?: string;
    /** Non-empty marks a composite ("multi") task, the only kind TaskProgressReset can reset. */
    extType?: string;
    /** `false`: a task without a scheduled plan; starting it fails with FDI.3083. Default `true`. */
    scheduled?: boolean;
    /** The task's tag, served in `task_tag` and matched by ListTasks' `task_tag` filter. Default empty. */
    taskTag?: string;
    /** The last run's start, UTC milliseconds, served by ListMonitorInfos as `last_execute_time`. Default: none. */
    lastExecuteTime?: number;
    /** The schedule's cron expression, served by ListMonitorInfos. Default: none. */
    cron?: string;
    /** The schedule's period, served by ListMonitorInfos. Default: none. */
    period?: "MIN" | "HOUR" | "DAY" | "WEEK" | "MON";
}

/** An IAM project: a token requested for it by name is scoped to its ID. */
export interface SeedProject {
    projectId: string;
    name: string;
}

/** A DRS job to create or replace (matched by `projectId` + `jobId`). */
export interface SeedJob {
    projectId: string;
    jobId: string;
    /** DRS status, e.g. `PAUSING`, `INCRE_TRANSFER_FAILED`, `INCRE_TRANSFER_STARTED`. */
    status: string;
    /** `failed`: a retry of this job fails (DRS.EMU0500). Default: a paused or `*_FAILED` job resumes, any other is refused (DRS.EMU0409). */
    retryOutcome?: "success" | "failed";
    /** Status the job shows once a successful retry has settled. Default `INCRE_TRANSFER_STARTED`. */
    afterRetryStatus?: string;
    /** batch-status polls after a successful retry during which the job still shows `STARTJOBING`. Default 0. */
    settleAfterPolls?: number;
}

/** Body of `POST /__emulator/seed`, and the format of `roma-emulator --seed FILE`. */
export interface SeedData {
    /** `true`: remove every task and job first. Default: upsert into what is there. */
    replace?: boolean;
    tasks?: SeedTask[];
    jobs?: SeedJob[];
    /** Projects IAM tokens can be requested for by name (a token by ID needs none). */
    projects?: SeedProject[];
}

/**
 * One fault rule of `PUT /__emulator/faults` (`{ "rules": [...] }`). A faulted call is answered
 * before it is processed, so it changes nothing (except `latency`, which then processes normally).
 */
export interface FaultRule {
    /** The API operation to match (see `OPERATIONS`); absent matches every operation. */
    operation?: OperationName;
    /**
     * `latency` (wait `latencyMs`), `error5xx` (`status`, `errorCode`), `throttle` (429 APIG.0308
     * with `Retry-After: retryAfterSeconds`), `flowControl` (the gateway's limit: at most
     * `limitPerSecond` matching calls in any second, the rest 429 APIG.0308 with Retry-After),
     * `drop` (socket closed), `malformed` (see `malformed`); answers shaped as the official models
     * allow: `sparse`, `itemStatus`, `resultsError` (DRS 400 with per-job `results[]`), `reply`;
     * `echoCredentials` (401 APIG.0301 quoting the request's credentials, as a careless server would);
     * `removeTasks` (the tasks `ids` of the call's instance are deleted, then the call is processed:
     * a task deleted by someone else while a paged listing is under way).
     */
    kind:
        | "latency"
        | "error5xx"
        | "throttle"
        | "drop"
        | "malformed"
        | "sparse"
        | "itemStatus"
        | "resultsError"
        | "reply"
        | "flowControl"
        | "echoCredentials"
        | "removeTasks";
    /** Apply to the next N matching calls, then the rule is spent. Default: every matching call. */
    times?: number;
    /** Let this many matching calls pass before the rule applies (e.g. 1: from a listing's second page on). */
    skip?: number;
    /** Share (0–1) of matching calls to fault, drawn from a seeded generator (reproducible). */
    rate?: number;
    /** For `latency`. Default 100. */
    latencyMs?: number;
    /** For `error5xx`: 500–599. Default 503. */
    status?: number;
    /** For `error5xx`. Default `FDI.9999`. */
    errorCode?: string;
    /** For `itemStatus` and `resultsError`: the per-item error message. */
    errorMessage?: string;
    /** For `throttle` and `flowControl`. Default 1. */
    retryAfterSeconds?: number;
    /** For `flowControl`: calls a second admitted (per the rule's operation, or all operations together). */
    limitPerSecond?: number;
    /** For `malformed`: an HTML gateway page, truncated JSON, or a documented field of the wrong type. */
    malformed?: "html" | "truncated" | "wrongType";
    /** For `sparse`: optional fields of the answer are omitted (default) or `null`. */
    sparse?: "omit" | "null";
    /** For `itemStatus`: the task or job IDs it applies to (default: every item of the answer); for `removeTasks`, the tasks deleted. */
    ids?: string[];
    /** For `itemStatus`: the status value to answer for them; `null` or absent answers none. */
    value?: string | number | null;
    /** For `reply`: the literal answer; `headers` replace the emulator's own (e.g. `X-Request-Id`, as a server may build it). */
    reply?: { status: number; body: unknown; headers?: Record<string, string> };
}

/** A rule in force, as `GET /__emulator/faults` lists it. */
export interface ActiveFaultRule extends FaultRule {
    /** Calls left before a rule with `times` is spent. */
    remaining?: number;
}

/** A task as the emulator stores it (`GET /__emulator/state`, and the `--state` file). */
export interface StoredTask {
    projectId: string;
    instanceId: string;
    taskId: string;
    taskName: string;
    taskType: "REALTIME" | "TIMING";
    /** The API's switch: 1 started, 0 stopped. */
    status: 0 | 1;
    executeStatus: string;
    extType: string;
    scheduled: boolean;
    taskTag: string;
    lastExecuteTime?: number;
    cron?: string;
    period?: string;
    createdAt: number;
    lastModified: number;
    lastReset?: { dateFrom?: number; at: string };
    resets: number;
}

/** A DRS job as the emulator stores it. */
export interface StoredJob {
    projectId: string;
    jobId: string;
    status: string;
    retryOutcome?: "success" | "failed";
    afterRetryStatus: string;
    settleAfterPolls: number;
    /** Status polls left before a retried job shows afterRetryStatus. */
    pendingPolls?: number;
    retries: number;
}

export interface EmulatorState {
    tasks: StoredTask[];
    jobs: StoredJob[];
    projects: SeedProject[];
}

/** One API call in the emulator's log (`GET /__emulator/requests`). */
export interface LoggedRequest {
    seq: number;
    time: string;
    method: string;
    path: string;
    query: Record<string, string>;
    operation: string;
    status: number;
    requestId: string;
    authKind: "token" | "aksk" | "none";
    body?: unknown;
    fault?: string;
    /** Milliseconds from arrival to answer. */
    durationMs: number;
    /** API requests the emulator was answering when this one arrived, itself included: how many calls a client had in flight. */
    inFlight: number;
}

/** Credentials the emulator accepts; each list replaces the default one. */
export interface EmulatorCredentials {
    /** Static tokens: valid for every project (the emulator's stand-in for "some valid token"). */
    tokens?: string[];
    accessKeys?: { accessKey: string; secretKey: string; securityToken?: string }[];
    users?: { domainName: string; userName: string; password: string }[];
}

/** An IAM agency the emulated IAM lets any authenticated caller assume (by its account's name or ID). */
export interface EmulatorAgency {
    agencyName: string;
    domainName?: string;
    domainId?: string;
}

/**
 * An OIDC identity provider in the emulated IAM: an ID token (a JWT, its signature not checked)
 * is accepted when its `aud` holds `clientId`, its `exp` is ahead and, when set, its `iss` is `issuer`.
 */
export interface EmulatorIdentityProvider {
    idpId: string;
    clientId: string;
    issuer?: string;
}

/** Body of `POST /__emulator/iam`, and `EmulatorOptions.iam`. */
export interface EmulatorIamConfig {
    /** `true`: forget every agency and identity provider first. */
    replace?: boolean;
    agencies?: EmulatorAgency[];
    identityProviders?: EmulatorIdentityProvider[];
}

/** `GET /__emulator/iam`: the emulated IAM's configuration and every secret it issued. */
export interface EmulatorIamState {
    agencies: EmulatorAgency[];
    identityProviders: EmulatorIdentityProvider[];
    issuedKeys: { accessKey: string; secretKey: string; securityToken: string; expiresAt: string }[];
    federatedTokens: string[];
}

export interface EmulatorOptions {
    /** Agencies and OIDC identity providers of the emulated IAM (also `POST /__emulator/iam`). */
    iam?: EmulatorIamConfig;
    /** 0 = any free port. Default 0. */
    port?: number;
    /** Keep tasks and jobs in this JSON file (written atomically after every change); an existing file is loaded. */
    stateFile?: string;
    credentials?: EmulatorCredentials;
    tokenTtlSeconds?: number;
    /** Seed of the generator behind rate-based faults. */
    seed?: number;
    /**
     * Told each exception the emulator caught in itself (a bug, answered 400 EMU.BUG so no
     * client retries it); default: written to stderr. `RunningEmulator.bugs()` lists them too.
     */
    onBug?: (message: string) => void;
}
