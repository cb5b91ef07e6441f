// The TaskProgressReset provider object stored in each resource's `__provider`. This module's exports ARE
// the provider: installed from npm, the serializer stores it as one
// `require("pulumi-roma-tasks/shims/task-progress-reset")` (this subpath must stay exported forever), and each
// method loads the implementation when the host runs it. Import nothing here: whatever these
// functions reference would be serialized with them.
/* eslint-disable @typescript-eslint/no-require-imports */
type P = Record<string, unknown>;
export const configure = (req: unknown) => require("pulumi-roma-tasks/dynamic").configure(req);
export const check = (olds: P, news: P) => require("pulumi-roma-tasks/dynamic").providers.TaskProgressReset.check(olds, news);
export const diff = (id: string, olds: P, news: P) => require("pulumi-roma-tasks/dynamic").providers.TaskProgressReset.diff(id, olds, news);
export const create = (inputs: P) => require("pulumi-roma-tasks/dynamic").providers.TaskProgressReset.create(inputs);
export const read = (id: string, props: P) => require("pulumi-roma-tasks/dynamic").providers.TaskProgressReset.read(id, props);
export const update = (id: string, olds: P, news: P) => require("pulumi-roma-tasks/dynamic").providers.TaskProgressReset.update(id, olds, news);
const del = (id: string, props: P) => require("pulumi-roma-tasks/dynamic").providers.TaskProgressReset.delete(id, props);
export { del as delete };
