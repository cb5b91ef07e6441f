// The TaskProgressReset provider object stored in each resource's `__provider`. This module's exports ARE
// the provider: installed from npm, the serializer stores it as one
// `require("pulumi-roma-tasks/shims/task-progress-reset")` (this subpath must stay exported forever), and
// each method loads the implementation when the host runs it. Import nothing here: whatever
// these functions reference would be serialized with them (the type below vanishes at compile).
type Impl = typeof import("../../dynamic");
type P = Record<string, unknown>;
export const configure = (req: Parameters<Impl["configure"]>[0]) => (require("pulumi-roma-tasks/dynamic") as Impl).configure(req);
export const check = (olds: P, news: P) => (require("pulumi-roma-tasks/dynamic") as Impl).providers.TaskProgressReset.check(olds, news);
export const diff = (id: string, olds: P, news: P) => (require("pulumi-roma-tasks/dynamic") as Impl).providers.TaskProgressReset.diff(id, olds, news);
export const create = (inputs: P) => (require("pulumi-roma-tasks/dynamic") as Impl).providers.TaskProgressReset.create(inputs);
export const read = (id: string, props: P) => (require("pulumi-roma-tasks/dynamic") as Impl).providers.TaskProgressReset.read(id, props);
export const update = (id: string, olds: P, news: P) => (require("pulumi-roma-tasks/dynamic") as Impl).providers.TaskProgressReset.update(id, olds, news);
const del = (id: string, props: P) => (require("pulumi-roma-tasks/dynamic") as Impl).providers.TaskProgressReset.delete(id, props);
export { del as delete };
