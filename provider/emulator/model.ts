// The emulator's own data: zod schemas for what the admin interface accepts and what the state
// file holds, and the types derived from them.
import { z } from "zod";
import type { Assert, Equal } from "../core/type-checks";
import { OPERATION_NAMES } from "../core/operations";
import type * as Public from "./types";

export type { EmulatorCredentials, LoggedRequest } from "./types";

export const EmulatorAgency = z.strictObject({
    agencyName: z.string().min(1),
    domainName: z.string().min(1).optional(),
    domainId: z.string().min(1).optional(),
});
export type EmulatorAgency = z.infer<typeof EmulatorAgency>;
export const EmulatorIdentityProvider = z.strictObject({ idpId: z.string().min(1), clientId: z.string().min(1), issuer: z.string().min(1).optional() });
export type EmulatorIdentityProvider = z.infer<typeof EmulatorIdentityProvider>;
export const EmulatorIamConfig = z.strictObject({
    replace: z.boolean().optional(),
    agencies: z.array(EmulatorAgency).optional(),
    identityProviders: z.array(EmulatorIdentityProvider).optional(),
});
export type EmulatorIamConfig = z.infer<typeof EmulatorIamConfig>;

export const SeedTask = z.strictObject({
    projectId: z.string().min(1),
    instanceId: z.string().min(1),
    taskId: z.string().min(1),
    taskName: z.string().optional(),
    taskType: z.enum(["REALTIME", "TIMING"]).optional(),
    status: z.enum(["started", "stopped"]).optional(),
    executeStatus: z.string().optional(),
    /** Non-empty marks a composite ("multi") task. */
    extType: z.string().optional(),
    /** false: a TIMING or composite task without a scheduled plan (FDI.3083). */
    scheduled: z.boolean().optional(),
    /** Served as `task_tag`; ListTasks filters on it. */
    taskTag: z.string().optional(),
    /** ListMonitorInfos' `last_execute_time`, UTC ms. */
    lastExecuteTime: z.number().int().nonnegative().optional(),
    cron: z.string().optional(),
    period: z.enum(["MIN", "HOUR", "DAY", "WEEK", "MON"]).optional(),
});
export type SeedTask = z.infer<typeof SeedTask>;

export const SeedJob = z.strictObject({
    projectId: z.string().min(1),
    jobId: z.string().min(1),
    status: z.string().min(1),
    retryOutcome: z.enum(["success", "failed"]).optional(),
    afterRetryStatus: z.string().optional(),
    /** batch-status polls after a successful retry before the job shows afterRetryStatus. */
    settleAfterPolls: z.number().int().nonnegative().optional(),
});
export type SeedJob = z.infer<typeof SeedJob>;

/** An IAM project: a token requested for it by name is scoped to its ID. */
export const SeedProject = z.strictObject({ projectId: z.string().min(1), name: z.string().min(1) });
export type SeedProject = z.infer<typeof SeedProject>;

export const SeedData = z.strictObject({
    replace: z.boolean().optional(),
    tasks: z.array(SeedTask).optional(),
    jobs: z.array(SeedJob).optional(),
    projects: z.array(SeedProject).optional(),
});
export type SeedData = z.infer<typeof SeedData>;

export const TaskRef = z.object({ projectId: z.string(), instanceId: z.string(), taskId: z.string() });
export const RemoveTasks = z.object({ tasks: z.array(TaskRef) });

export const FaultRule = z.strictObject({
    /** Operation name to match; absent matches every API operation. */
    operation: z.enum(OPERATION_NAMES).optional(),
    /**
     * Answered before processing (nothing changes): `error5xx`, `throttle`, `drop`, `malformed`,
     * `resultsError`, `reply`, and `flowControl` past its limit (the gateway's own: at most
     * `limitPerSecond` matching requests in any second, the rest 429 APIG.0308 with Retry-After).
     * Processed, then the answer is reshaped: `sparse`, `itemStatus` (which also withholds the
     * matched DRS jobs from a retry). `latency` delays, then processes. `echoCredentials`
     * answers 401 APIG.0301 quoting the request's credentials (the password of an IAM call),
     * as a careless server would, so a client's redaction can be tested. `removeTasks` deletes
     * the tasks `ids` of the request's instance, then processes it.
     */
    kind: z.enum([
        "latency",
        "error5xx",
        "throttle",
        "drop",
        "malformed",
        "sparse",
        "itemStatus",
        "resultsError",
        "reply",
        "flowControl",
        "echoCredentials",
        "removeTasks",
    ]),
    /** Apply to the next N matching requests, then the rule is spent. */
    times: z.number().int().positive().optional(),
    /** Let this many matching requests pass before the rule applies. */
    skip: z.number().int().nonnegative().optional(),
    /** Share of matching requests (seeded RNG). */
    rate: z.number().min(0).max(1).optional(),
    latencyMs: z.number().int().nonnegative().optional(),
    status: z.number().int().min(500).max(599).optional(),
    errorCode: z.string().optional(),
    /** `itemStatus` and `resultsError`: the per-item error message. */
    errorMessage: z.string().optional(),
    retryAfterSeconds: z.number().nonnegative().optional(),
    /** flowControl: requests a second admitted (per the rule's operation, or all operations). */
    limitPerSecond: z.number().int().positive().optional(),
    malformed: z.enum(["html", "truncated", "wrongType"]).optional(),
    /** `sparse`: optional fields of the answer are omitted (default) or `null`, as the official models allow. */
    sparse: z.enum(["omit", "null"]).optional(),
    /** `itemStatus`: the task or job IDs it applies to (default: every item of the answer); `removeTasks`: the tasks deleted. */
    ids: z.array(z.string()).optional(),
    /** `itemStatus`: the status value to answer for them; `null` or absent answers none. */
    value: z.union([z.string(), z.number(), z.null()]).optional(),
    /** `reply`: the literal answer, e.g. a body shaped as an official model allows. */
    reply: z.object({ status: z.number().int().min(200).max(599), body: z.unknown(), headers: z.record(z.string(), z.string()).optional() }).optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;
export const FaultRules = z.strictObject({ rules: z.array(FaultRule) });

/** A task as the emulator stores it. */
export const StoredTask = z.object({
    projectId: z.string(),
    instanceId: z.string(),
    taskId: z.string(),
    taskName: z.string(),
    taskType: z.enum(["REALTIME", "TIMING"]),
    status: z.union([z.literal(0), z.literal(1)]),
    executeStatus: z.string(),
    extType: z.string(),
    scheduled: z.boolean(),
    taskTag: z.string().default(""),
    lastExecuteTime: z.number().optional(),
    cron: z.string().optional(),
    period: z.string().optional(),
    createdAt: z.number(),
    lastModified: z.number(),
    lastReset: z.object({ dateFrom: z.number().optional(), at: z.string() }).optional(),
    resets: z.number().int().nonnegative().default(0),
});
export type StoredTask = z.infer<typeof StoredTask>;

export const StoredJob = z.object({
    projectId: z.string(),
    jobId: z.string(),
    status: z.string(),
    retryOutcome: z.enum(["success", "failed"]).optional(),
    afterRetryStatus: z.string(),
    settleAfterPolls: z.number().int().nonnegative(),
    /** Status polls left before a retried job shows afterRetryStatus. */
    pendingPolls: z.number().int().nonnegative().optional(),
    retries: z.number().int().nonnegative().default(0),
});
export type StoredJob = z.infer<typeof StoredJob>;

export const EmulatorState = z.object({ tasks: z.array(StoredTask), jobs: z.array(StoredJob), projects: z.array(SeedProject).default([]) });
export type EmulatorState = z.infer<typeof EmulatorState>;

/** A token the emulated IAM issued: project-scoped (or domain-scoped, which no API accepts). */
export interface IssuedToken {
    expiresAt: number;
    /** The project the token is scoped to; undefined for a domain-scoped token. */
    projectId?: string;
}

/** Public dummy credentials of the emulator (not secrets: they open nothing but the emulator). */
export const DEFAULT_EMULATOR_CREDENTIALS: Required<Public.EmulatorCredentials> = {
    tokens: ["emulator-token"],
    accessKeys: [{ accessKey: "EMULATORACCESSKEY01", secretKey: "emulator-secret-key" }],
    users: [{ domainName: "emulator-domain", userName: "emulator-user", password: "emulator-password" }],
};

/** The zod-free public types (types.ts) must be exactly what these schemas accept and hold. */
export type PublicTypesMatch = [
    Assert<Equal<Public.SeedTask, z.input<typeof SeedTask>>>,
    Assert<Equal<Public.EmulatorIamConfig, z.input<typeof EmulatorIamConfig>>>,
    Assert<Equal<Public.SeedJob, z.input<typeof SeedJob>>>,
    Assert<Equal<Public.SeedData, z.input<typeof SeedData>>>,
    Assert<Equal<Public.FaultRule, z.input<typeof FaultRule>>>,
    Assert<Equal<Public.StoredTask, StoredTask>>,
    Assert<Equal<Public.StoredJob, StoredJob>>,
    Assert<Equal<Public.EmulatorState, EmulatorState>>,
];
