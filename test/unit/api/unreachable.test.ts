// A host that cannot be reached is named by the setting behind it: a region that gives a host
// no resolver knows lists ROMA Connect's regions and where to check every service's, and an
// endpoint set by hand says which setting to fix. The network is an undici MockAgent failing
// the way a resolver does, so no DNS is consulted.
import { strict as assert } from "node:assert";
import { MockAgent } from "undici";
import { createClients } from "../../../provider/api/clients";
import { resolve, resolveConfig } from "../../../provider/config/resolve";

function unresolvable(host: string): MockAgent {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    agent
        .get(`https://${host}`)
        .intercept({ path: () => true, method: "GET" })
        .replyWithError(err)
        .persist();
    return agent;
}

async function listingError(config: Record<string, string>, host: string): Promise<string> {
    const getConfig = (key: string) => config[key];
    const clients = createClients(
        { ...resolveConfig(getConfig, {}), maxRetries: 0 },
        { dispatcher: unresolvable(host), endpoints: resolve(getConfig, {}).endpoints },
    );
    try {
        await clients.fdi.listTasks({ projectId: "p1", instanceId: "i1" });
    } catch (err) {
        return err instanceof Error ? err.message : String(err);
    } finally {
        await clients.close();
    }
    return assert.fail("expected the listing to fail");
}

const CREDENTIALS = { "roma:authToken": "t", "roma:projectId": "p1" };

describe("a host that cannot be reached names the setting behind it", () => {
    it("a region whose host does not resolve: names the region's setting and lists ROMA Connect's regions", async () => {
        const message = await listingError({ ...CREDENTIALS, "roma:region": "cn-nrth-4" }, "roma.cn-nrth-4.myhuaweicloud.com");
        assert.match(message, /^ListTasks failed: host name not resolved \(roma\.cn-nrth-4\.myhuaweicloud\.com:443\); /);
        assert.ok(
            message.includes(
                'the host was derived from roma:region "cn-nrth-4" (stack config): check the region; ROMA Connect\'s regions are cn-north-1, cn-north-4,',
            ),
            message,
        );
        assert.ok(message.includes("https://developer.huaweicloud.com/intl/en-us/endpoint"), message);
    });

    it("an endpoint set by hand: names that setting", async () => {
        const message = await listingError(
            { ...CREDENTIALS, "roma:region": "cn-north-4", "roma:endpoint": "https://roma.example.invalid" },
            "roma.example.invalid",
        );
        assert.match(message, /host name not resolved \(roma\.example\.invalid:443\); check the host name in roma:endpoint from stack config$/);
    });
});
