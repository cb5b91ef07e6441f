// What the package entry exports of this resource (provider/index.ts re-exports every declared folder).
export { TaskProgressReset, type DateFrom, type TaskProgressResetArgs } from "./resource";
