// Every resource the package serves, each declared once in its folder (declaration.ts). Adding
// a resource is a folder, one line here, and `npm run resources:gen` for its shim and subpath.
import type { ResourceDeclaration } from "./common/declaration";
import { DRS_JOB_RETRY } from "./drs-job-retry/declaration";
import { TASK_PROGRESS_RESET } from "./task-progress-reset/declaration";
import { TASK_RUN_STATE } from "./task-run-state/declaration";

export type { EnumDoc, ResourceDeclaration } from "./common/declaration";
export { GET_TASKS_FUNCTION } from "./get-tasks/declaration";

export const DECLARATIONS: readonly ResourceDeclaration[] = [TASK_RUN_STATE, TASK_PROGRESS_RESET, DRS_JOB_RETRY];
