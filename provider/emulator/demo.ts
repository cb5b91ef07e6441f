// The demo data (`roma-emulator --demo`): the account the example stack (examples/index.ts)
// manages, so the example runs against a fresh emulator with no file to find. Instance
// `roma-nightly-inst` holds a nightly pipeline of seven tasks, partly stopped (the five scheduled
// ones tagged `nightly`, with schedules and last runs), and a composite task; two DRS jobs feed it, one paused and one failed.
import type { SeedData } from "./types";

/** The project every demo task and job is in (set `roma:projectId` to it). */
export const DEMO_PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
export const DEMO_INSTANCE_ID = "roma-nightly-inst";

export const DEMO_SEED: SeedData = {
    replace: true,
    tasks: [
        {
            projectId: DEMO_PROJECT_ID,
            instanceId: DEMO_INSTANCE_ID,
            taskId: "orders-extract",
            taskName: "orders: extract from OLTP",
            taskType: "TIMING",
            status: "stopped",
            taskTag: "nightly",
            cron: "0 0 1 * * ?",
            period: "DAY",
            lastExecuteTime: Date.UTC(2026, 10, 30, 1, 0),
        },
        {
            projectId: DEMO_PROJECT_ID,
            instanceId: DEMO_INSTANCE_ID,
            taskId: "orders-clean",
            taskName: "orders: clean and dedupe",
            taskType: "TIMING",
            status: "stopped",
            taskTag: "nightly",
            cron: "0 30 1 * * ?",
            period: "DAY",
            lastExecuteTime: Date.UTC(2026, 10, 30, 1, 30),
        },
        {
            projectId: DEMO_PROJECT_ID,
            instanceId: DEMO_INSTANCE_ID,
            taskId: "orders-load-dwh",
            taskName: "orders: load warehouse",
            taskType: "TIMING",
            status: "started",
            taskTag: "nightly",
            cron: "0 0 2 * * ?",
            period: "DAY",
            lastExecuteTime: Date.UTC(2026, 10, 30, 2, 0),
        },
        {
            projectId: DEMO_PROJECT_ID,
            instanceId: DEMO_INSTANCE_ID,
            taskId: "customers-extract",
            taskName: "customers: extract from CRM",
            taskType: "TIMING",
            status: "stopped",
            taskTag: "nightly",
            cron: "0 0 3 * * ?",
            period: "DAY",
            lastExecuteTime: Date.UTC(2026, 10, 29, 3, 0),
        },
        {
            projectId: DEMO_PROJECT_ID,
            instanceId: DEMO_INSTANCE_ID,
            taskId: "customers-load-dwh",
            taskName: "customers: load warehouse",
            taskType: "TIMING",
            status: "stopped",
            taskTag: "nightly",
            cron: "0 30 3 * * ?",
            period: "DAY",
        },
        {
            projectId: DEMO_PROJECT_ID,
            instanceId: DEMO_INSTANCE_ID,
            taskId: "inventory-sync",
            taskName: "inventory: realtime sync",
            taskType: "REALTIME",
            status: "stopped",
        },
        {
            projectId: DEMO_PROJECT_ID,
            instanceId: DEMO_INSTANCE_ID,
            taskId: "pricing-sync",
            taskName: "pricing: realtime sync",
            taskType: "REALTIME",
            status: "started",
        },
        {
            projectId: DEMO_PROJECT_ID,
            instanceId: DEMO_INSTANCE_ID,
            taskId: "orders-composite",
            taskName: "orders: composite CDC",
            taskType: "REALTIME",
            status: "started",
            extType: "MULTI",
        },
    ],
    jobs: [
        { projectId: DEMO_PROJECT_ID, jobId: "5d1c2b3a-0000-4000-8000-00000000a001", status: "PAUSING", settleAfterPolls: 2 },
        { projectId: DEMO_PROJECT_ID, jobId: "5d1c2b3a-0000-4000-8000-00000000a002", status: "INCRE_TRANSFER_FAILED" },
    ],
};
