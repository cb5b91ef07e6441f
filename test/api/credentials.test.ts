// Authentication errors name the credentials in use and where they came from, against the
// emulator over loopback: a user with a stale variable in the shell learns which one was sent.
import { strict as assert } from "node:assert";
import { rejection } from "../support/expect";
import { createClients } from "../../provider/api/clients";
import { resolveConfig } from "../../provider/config/resolve";
import { RomaApiError } from "../../provider/core/errors";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";

const P = "proj01";
const scope = { projectId: P, instanceId: "inst01" };

describe("authentication errors name the credentials and their source", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startEmulator();
        await emulator.admin.seed({ replace: true, tasks: [{ projectId: P, instanceId: "inst01", taskId: "t1" }] });
    });
    after(async () => emulator.close());

    async function failure(stack: Record<string, string>, env: Record<string, string>): Promise<RomaApiError> {
        const base = { "roma:endpoint": emulator.url, "roma:drsEndpoint": emulator.url, "roma:authUrl": `${emulator.url}/v3`, "roma:projectId": P };
        const clients = createClients(
            resolveConfig((k) => ({ ...base, ...stack })[k], env),
            { retryBaseDelayMs: 5 },
        );
        try {
            return await rejection(clients.fdi.listTasks(scope), RomaApiError);
        } finally {
            await clients.close();
        }
    }

    it("AK/SK from stack config, refused: says so, and not the stale token in the environment", async () => {
        const err = await failure({ "roma:accessKey": "EMULATORACCESSKEY01", "roma:secretKey": "wrong-secret" }, { HW_AUTH_TOKEN: "stale-token" });
        assert.equal(err.httpStatus, 401);
        assert.match(
            err.message,
            /^AK\/SK from stack config \(roma:accessKey, roma:secretKey\) was refused: ListTasks failed \(HTTP 401, APIG\.0301, request ID \w+\)/,
        );
        assert.equal(err.credentials, "AK/SK from stack config (roma:accessKey, roma:secretKey)");
        assert.ok(!err.message.includes("wrong-secret") && !err.message.includes("stale-token"));
    });

    it("a token from the environment, refused: names the variable", async () => {
        const err = await failure({}, { HW_AUTH_TOKEN: "stale-token" });
        assert.match(err.message, /^the IAM token from the environment \(HW_AUTH_TOKEN\) was refused: ListTasks failed \(HTTP 401/);
    });

    it("user name and password refused by IAM: the token call's error names them and their source", async () => {
        const err = await failure({ "roma:userName": "emulator-user", "roma:password": "wrong-password", "roma:domainName": "emulator-domain" }, {});
        assert.match(
            err.message,
            /^user name and password from stack config \(roma:userName, roma:password, roma:domainName\) was refused: KeystoneCreateUserTokenByPassword failed \(HTTP 401/,
        );
        assert.ok(!err.message.includes("wrong-password"));
    });
});
