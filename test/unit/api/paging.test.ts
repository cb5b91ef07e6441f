// ListTasks paging against servers that bend the rules the official model leaves open: pages
// smaller than asked for (trust `total` when it is sent) and an `offset` that is ignored (stop
// when a page brings nothing new instead of looping).
import { strict as assert } from "node:assert";
import { createFdiClient } from "../../../provider/api/fdi-client";
import type { ApiRequest, ApiResponse, Transport } from "../../../provider/api/transport-types";
import type { OperationName } from "../../../provider/core/operations";

function serve(page: (offset: number) => { total?: number; ids: string[] }): Transport & { calls: number } {
    const t = {
        calls: 0,
        send<T, O extends OperationName>(req: ApiRequest<T, O>): Promise<ApiResponse<T>> {
            t.calls++;
            const { total, ids } = page(Number(req.query?.offset ?? 0));
            const body = req.schema.parse({ total, entities: ids.map((task_id) => ({ task_id, status: 0 })) });
            return Promise.resolve({ status: 200, body, headers: {}, attempts: 1 });
        },
    };
    return t;
}
const scope = { projectId: "p", instanceId: "i" };
const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => `t${from + i}`);

describe("ListTasks paging", () => {
    it("trusts `total` when pages come back smaller than asked for", async () => {
        const transport = serve((offset) => ({ total: 1200, ids: range(offset, Math.min(500, 1200 - offset)) }));
        const tasks = await createFdiClient({ transport, endpoint: "https://roma.test" }).listTasks(scope);
        assert.equal(tasks.length, 1200);
        assert.equal(transport.calls, 3);
    });

    it("without `total`, ends on a page that brings nothing new (a server that ignores offset)", async () => {
        const transport = serve(() => ({ ids: range(0, 999) }));
        const tasks = await createFdiClient({ transport, endpoint: "https://roma.test" }).listTasks(scope);
        assert.equal(tasks.length, 999);
        assert.equal(transport.calls, 2);
    });

    it("without `total`, a short page is the last", async () => {
        const transport = serve((offset) => ({ ids: range(offset, offset === 0 ? 999 : 5) }));
        assert.equal((await createFdiClient({ transport, endpoint: "https://roma.test" }).listTasks(scope)).length, 1004);
        assert.equal(transport.calls, 2);
    });
});
