// What the package entry exports of this resource (provider/index.ts re-exports every declared folder).
export { DrsJobRetry, type DrsJobRetryArgs } from "./resource";
export { WaitFor, type DrsJobRetryResult } from "./types";
