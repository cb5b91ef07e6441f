// A handler context resolves its configuration in one pass: the project of every resource, the
// clients and the errors all read that one resolution, so no setting is looked up again per
// resource (and no problem is worked out twice).
import { strict as assert } from "node:assert";
import { SETTINGS } from "../../../provider/config/sources";
import { createHandlerContext } from "../../../provider/resources/common/context";

describe("configuration resolved once per handler context", () => {
    it("each setting is read once, however many resources ask for their project and the API", async () => {
        const config: Record<string, string> = { "roma:region": "cn-north-4", "roma:authToken": "t0k3n-value", "roma:projectId": "p-conf" };
        const reads = new Map<string, number>();
        const handle = createHandlerContext(
            (key) => {
                reads.set(key, (reads.get(key) ?? 0) + 1);
                return config[key];
            },
            {},
            () => {},
        );
        reads.clear(); // what the redactor reads when the context is made is its own concern
        for (let i = 0; i < 5; i++) assert.equal(handle.context.projectId(undefined), "p-conf");
        assert.equal(handle.context.projectId("p-own"), "p-own");
        handle.context.api();
        handle.context.api();
        try {
            assert.deepEqual(
                [...reads.values()],
                SETTINGS.map(() => 1),
            );
            assert.equal(reads.size, SETTINGS.length);
        } finally {
            await handle.close();
        }
    });

    it("a resource that names its project needs nothing configured; a missing project names every configuration problem", () => {
        const handle = createHandlerContext(
            () => undefined,
            {},
            () => {},
        );
        assert.equal(handle.context.projectId("p-own"), "p-own", "a resource that names its project needs no configuration");
        assert.throws(() => handle.context.projectId(undefined), /3 problems:[\s\S]*no endpoints[\s\S]*no credentials[\s\S]*no project/);
        assert.throws(() => handle.context.api(), /2 problems:[\s\S]*no endpoints[\s\S]*no credentials/);
    });
});
