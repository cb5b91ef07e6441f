// Credentials without long-lived keys, against the emulated IAM on loopback: an agency assumed
// with the configured credentials, OIDC federation from an ID token file, KooCLI's profile; one
// exchange per identity per process, renewed before expires_at (on a moved clock), and refusals
// that name the source and what IAM said, with no FDI call made.
import { strict as assert } from "node:assert";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { createClients } from "../../provider/api/clients";
import { resolveConfig } from "../../provider/config/resolve";
import { ConfigError, RomaApiError } from "../../provider/core/errors";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { GITHUB_ISSUER, idToken } from "../support/id-token";
import { tempDir } from "../support/temp";
import { rejection } from "../support/expect";

const P = "proj01";
const scope = { projectId: P, instanceId: "inst01" };
const AKSK = { "roma:accessKey": "EMULATORACCESSKEY01", "roma:secretKey": "emulator-secret-key" };
const CLIENT_ID = "huaweicloud-ci";

describe("temporary keys: agencies, OIDC federation and KooCLI's profile", function () {
    this.timeout(30_000);
    let emulator: RunningEmulator;
    beforeEach(async () => {
        emulator = await startEmulator({
            tokenTtlSeconds: 1200,
            iam: {
                agencies: [{ agencyName: "ci-readonly", domainName: "acme" }],
                identityProviders: [{ idpId: "github", clientId: CLIENT_ID, issuer: GITHUB_ISSUER }],
            },
        });
        await emulator.admin.seed({ replace: true, tasks: [{ projectId: P, instanceId: "inst01", taskId: "t1" }] });
    });
    afterEach(async () => emulator.close());

    const base = () => ({ "roma:endpoint": emulator.url, "roma:drsEndpoint": emulator.url, "roma:authUrl": `${emulator.url}/v3`, "roma:projectId": P });
    const clients = (stack: Record<string, string>, env: Record<string, string> = {}, now?: () => number) =>
        createClients(
            resolveConfig((k) => ({ ...base(), ...stack })[k], env),
            { retryBaseDelayMs: 5, now },
        );
    const operations = async () => (await emulator.admin.requests()).map((r) => `${r.operation} ${r.status} ${r.authKind}`);
    const refused = async (c: ReturnType<typeof clients>): Promise<Error> => {
        try {
            return await rejection(c.fdi.listTasks(scope), Error);
        } finally {
            await c.close();
        }
    };

    it("an agency from stack config: one exchange for two clients of the same identity, every call signed with its keys", async () => {
        const stack = { ...AKSK, "roma:assumeRole": JSON.stringify({ agencyName: "ci-readonly", domainName: "acme", durationSeconds: 900 }) };
        const [a, b] = [clients(stack), clients(stack)];
        try {
            await Promise.all([a.fdi.listTasks(scope), b.fdi.listTasks(scope), a.fdi.listTasks(scope)]);
        } finally {
            await Promise.all([a.close(), b.close()]);
        }
        const ops = await operations();
        assert.deepEqual(
            ops.filter((o) => !o.startsWith("ListTasks")),
            ["CreateTemporaryAccessKeyByAgency 201 none"],
        );
        assert.deepEqual(
            ops.filter((o) => o.startsWith("ListTasks")),
            ["ListTasks 200 aksk", "ListTasks 200 aksk", "ListTasks 200 aksk"],
        );
    });

    it("an agency from the environment (Terraform's HW_ASSUME_ROLE_* variables)", async () => {
        const c = clients({ ...AKSK }, { HW_ASSUME_ROLE_AGENCY_NAME: "ci-readonly", HW_ASSUME_ROLE_DOMAIN_NAME: "acme" });
        try {
            await c.fdi.listTasks(scope);
        } finally {
            await c.close();
        }
        assert.deepEqual(await operations(), ["CreateTemporaryAccessKeyByAgency 201 none", "ListTasks 200 aksk"]);
    });

    it("a refused agency: names the agency, its source and the credentials, with IAM's message, and makes no FDI call", async () => {
        const err = await refused(clients({ ...AKSK, "roma:assumeRole": JSON.stringify({ agencyName: "ci-admin", domainName: "acme" }) }));
        assert.ok(err instanceof RomaApiError, String(err));
        assert.match(
            err.message,
            /^IAM refused agency "ci-admin" of account acme \(roma:assumeRole from stack config\) to AK\/SK from stack config \(roma:accessKey, roma:secretKey\): CreateTemporaryAccessKeyByAgency failed \(HTTP 403, request ID \w+\): The agency ci-admin of domain acme does not exist or does not trust the caller\.$/,
        );
        assert.deepEqual(await operations(), ["CreateTemporaryAccessKeyByAgency 403 none"]);
        assert.ok(!err.message.includes("emulator-secret-key"));
    });

    it("OIDC from a token file: the ID token for a federated token, that for keys; the file read at the exchange", async () => {
        const file = path.join(tempDir("oidc"), "id-token");
        const c = clients({ "roma:assumeRoleWithOidc": JSON.stringify({ idpId: "github", idTokenFile: file, domainName: "acme" }) });
        // The file is written after the provider was configured, as a CI step does.
        writeFileSync(file, idToken(CLIENT_ID) + "\n");
        try {
            await c.fdi.listTasks(scope);
        } finally {
            await c.close();
        }
        assert.deepEqual(await operations(), ["CreateTokenWithIdToken 201 none", "CreateTemporaryAccessKeyByToken 201 none", "ListTasks 200 aksk"]);
    });

    it("OIDC with an agency: the federated identity assumes it", async () => {
        const c = clients({
            "roma:assumeRoleWithOidc": JSON.stringify({ idpId: "github", idToken: idToken(CLIENT_ID), agencyName: "ci-readonly", domainName: "acme" }),
        });
        try {
            await c.fdi.listTasks(scope);
        } finally {
            await c.close();
        }
        assert.deepEqual(await operations(), [
            "CreateTokenWithIdToken 201 none",
            "CreateTemporaryAccessKeyByToken 201 none",
            "CreateTemporaryAccessKeyByAgency 201 none",
            "ListTasks 200 aksk",
        ]);
    });

    it("a refused ID token: names the identity provider and the file, with IAM's message, and makes no FDI call", async () => {
        const file = path.join(tempDir("oidc"), "id-token");
        writeFileSync(file, idToken(CLIENT_ID, -60));
        const err = await refused(clients({}, { HW_ASSUME_ROLE_IDP_ID: "github", HW_ASSUME_ROLE_ID_TOKEN_FILE: file }));
        assert.ok(err instanceof RomaApiError, String(err));
        assert.equal(
            err.message.replace(/request ID \w+/, "request ID R"),
            `IAM refused the ID token in ${file} for identity provider "github" of OIDC federation (HW_ASSUME_ROLE_IDP_ID, HW_ASSUME_ROLE_ID_TOKEN_FILE from the environment): ` +
                "CreateTokenWithIdToken failed (HTTP 401, request ID R): The ID token has expired.",
        );
        assert.deepEqual(await operations(), ["CreateTokenWithIdToken 401 none"]);
    });

    it("an ID token file not written yet: a configuration error naming it, and no call", async () => {
        const file = path.join(tempDir("oidc"), "missing");
        const err = await refused(clients({ "roma:assumeRoleWithOidc": JSON.stringify({ idpId: "github", idTokenFile: file }) }));
        assert.ok(err instanceof ConfigError, String(err));
        assert.match(err.message, new RegExp(`cannot read the ID token file ${file}: ENOENT`));
        assert.deepEqual(await operations(), []);
    });

    it("renews the agency's keys before expires_at, not sooner (on a moved clock)", async () => {
        let now = Date.now();
        const c = clients(
            { ...AKSK, "roma:assumeRole": JSON.stringify({ agencyName: "ci-readonly", domainName: "acme", durationSeconds: 900 }) },
            {},
            () => now,
        );
        const exchanges = async () => (await operations()).filter((o) => o.startsWith("CreateTemporary")).length;
        try {
            await c.fdi.listTasks(scope);
            // 900 s keys are renewed a quarter of their life (225 s) before they expire: at 675 s.
            now += 670_000;
            await c.fdi.listTasks(scope);
            assert.equal(await exchanges(), 1);
            now += 10_000;
            await c.fdi.listTasks(scope);
            assert.equal(await exchanges(), 2);
        } finally {
            await c.close();
        }
        assert.ok((await operations()).every((o) => !o.includes(" 401 ")));
    });

    it("OIDC renewal: keys from the federated token while it lasts, then the ID token file read again", async () => {
        let now = Date.now();
        const file = path.join(tempDir("oidc"), "id-token");
        writeFileSync(file, idToken(CLIENT_ID));
        const c = clients(
            { "roma:assumeRoleWithOidc": JSON.stringify({ idpId: "github", idTokenFile: file, domainName: "acme", durationSeconds: 900 }) },
            {},
            () => now,
        );
        try {
            await c.fdi.listTasks(scope);
            now += 700_000;
            await c.fdi.listTasks(scope);
            // The federated token (1,200 s here) still lasts: new keys from it, the ID token not sent again.
            assert.deepEqual(
                (await operations()).filter((o) => !o.startsWith("ListTasks")),
                ["CreateTokenWithIdToken 201 none", "CreateTemporaryAccessKeyByToken 201 none", "CreateTemporaryAccessKeyByToken 201 none"],
            );
            // The CI step writes a token for another audience, which only a re-read can have sent.
            await emulator.admin.configureIam({ replace: true, identityProviders: [{ idpId: "github", clientId: "second-audience" }] });
            writeFileSync(file, idToken("second-audience"));
            now += 500_000;
            await c.fdi.listTasks(scope);
        } finally {
            await c.close();
        }
        assert.equal((await operations()).filter((o) => o === "CreateTokenWithIdToken 201 none").length, 2);
    });

    it("an inline ID token cannot be renewed: the refusal says what expired and to use idTokenFile", async () => {
        let now = Date.now();
        const c = clients({ "roma:assumeRoleWithOidc": JSON.stringify({ idpId: "github", idToken: idToken(CLIENT_ID), domainName: "acme" }) }, {}, () => now);
        try {
            await c.fdi.listTasks(scope);
            await emulator.admin.configureIam({ replace: true, identityProviders: [{ idpId: "github", clientId: "second-audience" }] });
            now += 1_000_000;
            const err = await rejection(c.fdi.listTasks(scope), Error);
            assert.match(err.message, /the federated token expired and an ID token given inline cannot be renewed: use idTokenFile/);
            assert.match(err.message, /The ID token's audience does not match the identity provider's client ID\./);
        } finally {
            await c.close();
        }
    });

    describe("KooCLI's shared config file", () => {
        const write = (profiles: object[], current = "ci") => {
            const home = tempDir("home");
            mkdirSync(path.join(home, ".hcloud"));
            writeFileSync(path.join(home, ".hcloud", "config.json"), JSON.stringify({ current, profiles }));
            return home;
        };

        it("the current profile of the default file, with its agency", async () => {
            const home = write([
                { name: "other", mode: "AKSK", accessKeyId: "OTHERKEY0000000000", secretAccessKey: "other-secret-key-0" },
                {
                    name: "ci",
                    mode: "AKSK",
                    accessKeyId: "EMULATORACCESSKEY01",
                    secretAccessKey: "emulator-secret-key",
                    agencyName: "ci-readonly",
                    agencyDomainName: "acme",
                },
            ]);
            const c = clients({}, { HOME: home });
            try {
                await c.fdi.listTasks(scope);
            } finally {
                await c.close();
            }
            assert.deepEqual(await operations(), ["CreateTemporaryAccessKeyByAgency 201 none", "ListTasks 200 aksk"]);
        });

        it("a profile named by HW_PROFILE; stack config or environment credentials win over the file", async () => {
            const home = write([
                { name: "ci", mode: "AKSK", accessKeyId: "EMULATORACCESSKEY01", secretAccessKey: "wrong-secret-key" },
                { name: "good", mode: "AKSK", accessKeyId: "EMULATORACCESSKEY01", secretAccessKey: "emulator-secret-key" },
            ]);
            const c = clients({}, { HOME: home, HW_PROFILE: "good" });
            try {
                await c.fdi.listTasks(scope);
            } finally {
                await c.close();
            }
            const err = await refused(clients({}, { HOME: home }));
            assert.match(
                err.message,
                new RegExp(`^AK/SK of profile "ci" in ${path.join(home, ".hcloud", "config.json")} was refused: ListTasks failed \\(HTTP 401`),
            );
        });

        it("an encrypted profile is refused with what to run", () => {
            const home = write([
                {
                    name: "ci",
                    mode: "AKSK",
                    accessKeyId: "q83vEjRWeJC4P4S5qqHyWEXgX0Fvm4h2UOJHuK9nRxM=",
                    secretAccessKey: "hZ6w0YkY0Zb6sWm1fJ1u3yJ7R3ZzL1p0q2w8c4YbZ4yQ9oV1dE6wZg==",
                },
            ]);
            assert.throws(
                () => resolveConfig((k) => base()[k as keyof ReturnType<typeof base>], { HOME: home }),
                (e: Error) =>
                    e instanceof ConfigError &&
                    e.message.includes(`profile "ci" in ${path.join(home, ".hcloud", "config.json")} holds its keys encrypted by KooCLI`) &&
                    e.message.includes("hcloud configure set --cli-auth-encrypt=false"),
            );
        });
    });
});
