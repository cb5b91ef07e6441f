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

/** A host that refuses every connection, counting the attempts. */
function refusing(origin: string): { agent: MockAgent; attempts: () => number } {
    const agent = new MockAgent();
    agent.disableNetConnect();
    let attempts = 0;
    agent
        .get(origin)
        .intercept({ path: () => true, method: "GET" })
        .replyWithError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }))
        .persist();
    const dispatch = agent.dispatch.bind(agent);
    agent.dispatch = (opts, handler) => {
        attempts++;
        return dispatch(opts, handler);
    };
    return { agent, attempts: () => attempts };
}

describe("a port where nothing listens is not retried as a 503 is", () => {
    async function refusedListing(endpoint: string): Promise<{ message: string; attempts: number }> {
        const config = { ...CREDENTIALS, "roma:region": "cn-north-4", "roma:endpoint": endpoint };
        const getConfig = (key: string) => config[key as keyof typeof config];
        const { agent, attempts } = refusing(endpoint);
        // The default retries (5): only the refusal decides how few attempts are made.
        const clients = createClients(resolveConfig(getConfig, {}), { dispatcher: agent, endpoints: resolve(getConfig, {}).endpoints, retryBaseDelayMs: 1 });
        try {
            await clients.fdi.listTasks({ projectId: "p1", instanceId: "i1" });
        } catch (err) {
            return { message: err instanceof Error ? err.message : String(err), attempts: attempts() };
        } finally {
            await clients.close();
        }
        return assert.fail("expected the listing to fail");
    }

    it("on loopback (an emulator or proxy that is not running): one attempt, naming the setting", async () => {
        const r = await refusedListing("http://127.0.0.1:9");
        assert.equal(r.attempts, 1);
        assert.match(r.message, /^ListTasks failed: connection refused \(127\.0\.0\.1:9\); nothing accepts connections there: check roma:endpoint/);
    });

    it("elsewhere (a gateway node restarting refuses for a moment): one retry, then the same message", async () => {
        const r = await refusedListing("https://roma.example.test");
        assert.equal(r.attempts, 2);
        assert.match(r.message, /^ListTasks failed \(after 2 attempts\): connection refused \(roma\.example\.test:443\); nothing accepts connections there/);
    });
});
