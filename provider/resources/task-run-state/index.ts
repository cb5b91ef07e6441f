// What the package entry exports of this resource (provider/index.ts re-exports every declared folder).
export { TaskRunState, type TaskRunStateArgs, type TaskSelectorArgs } from "./resource";
export { OnDelete, RunState, TaskType, type ObservedTaskState, type TaskSelector, type TaskStatusEntry } from "./types";
