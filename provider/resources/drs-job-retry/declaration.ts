// DrsJobRetry as the package declares it (see common/declaration.ts).
import type { ResourceDeclaration } from "../common/declaration";
import { drsJobRetry } from "./handler";
import { JobResult } from "./schema";

export const DRS_JOB_RETRY: ResourceDeclaration = {
    definition: drsJobRetry,
    token: "roma:drs:JobRetry",
    folder: "drs-job-retry",
    properties: {
        waitFor: { enumType: "roma:drs:WaitFor" },
        results: { objectType: "roma:drs:JobResult" },
    },
    enums: {
        "roma:drs:WaitFor": {
            description: "What `up` waits for after the retry call.",
            values: {
                none: "Return once DRS has accepted the retry (the default).",
                transferring: "Wait until every retried job is FULL_TRANSFER_STARTED, FULL_TRANSFER_COMPLETE or INCRE_TRANSFER_STARTED.",
            },
        },
    },
    objectTypes: { "roma:drs:JobResult": JobResult },
};
