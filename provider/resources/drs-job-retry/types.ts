// DrsJobRetry's public values and shapes, free of zod (they are part of the package's public
// declarations); schema.ts checks that they match its schemas, and test/unit/jsdoc.test.ts that
// the enum's doc comments are declaration.ts's texts.

/** What `up` waits for after the retry call. */
export const WaitFor = {
    /** Return once DRS has accepted the retry (the default). */
    None: "none",
    /** Wait until every retried job is FULL_TRANSFER_STARTED, FULL_TRANSFER_COMPLETE or INCRE_TRANSFER_STARTED. */
    Transferring: "transferring",
} as const;
export type WaitFor = (typeof WaitFor)[keyof typeof WaitFor];

/** What the retry call said of one job; a `failed` job is retried by the next `up`. */
export interface DrsJobRetryResult {
    /** The job ID. */
    jobId: string;
    /** `success` or `failed`; failed jobs are retried by the next update. */
    status: "success" | "failed";
    /**
     * The API's error code, when the retry failed.
     *
     * Or one of this package's own (`NOT_RETRIED`, `TIMEOUT`, …).
     */
    errorCode?: string;
    /** The API's error message, when the retry failed. */
    errorMessage?: string;
}
