// Agencies, OIDC federation and KooCLI profiles through the dynamic provider host (the process
// the engine starts for the TypeScript classes), against the emulated IAM on loopback: the
// exchange happens at the first call and once for every resource of the process, a refusal
// names its source and makes no FDI call, and no issued secret reaches a resource's outputs.
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { startFakeEngine, type FakeEngine } from "../support/fake-engine";
import { GITHUB_ISSUER, idToken } from "../support/id-token";
import { INSTANCE, ResourceFlow, seedTasks, startStack, type Stack } from "../support/engine";
import { HostCallError } from "../support/host";
import { packageFixture } from "../support/package-fixture";
import { tempDir } from "../support/temp";
import { rejection } from "../support/expect";
import { CLEAN_ENV } from "../support/clean-env";

const NO_TOKEN = { "roma:authToken": "", "roma:authUrl": "" };
const AKSK = { "roma:accessKey": "EMULATORACCESSKEY01", "roma:secretKey": "emulator-secret-key" };
const CLIENT_ID = "huaweicloud-ci";
const run = (n: number) => ({ instanceId: INSTANCE, taskIds: [`task-00${n}`], state: "started" });

describe("agencies, OIDC federation and profiles through the dynamic provider host", function () {
    this.timeout(180_000);
    let stack: Stack | undefined;
    afterEach(async () => {
        await stack?.close();
        stack = undefined;
    });

    async function start(config: Record<string, string>, env: Record<string, string> = {}, engineAddress?: string): Promise<Stack> {
        // The IAM endpoint is the emulator's, known once it runs: the stack starts without it, then is configured again.
        const s = await startStack({ config: { ...NO_TOKEN, ...config }, env: { ...CLEAN_ENV, ...env }, engineAddress });
        await s.emulator.admin.configureIam({
            agencies: [{ agencyName: "ci-readonly", domainName: "acme" }],
            identityProviders: [{ idpId: "github", clientId: CLIENT_ID, issuer: GITHUB_ISSUER }],
        });
        await s.emulator.admin.seed({ replace: true, tasks: seedTasks(3, "stopped") });
        await s.host.configure({ ...s.config, "roma:authUrl": `${s.emulator.url}/v3` });
        return s;
    }

    const operations = async (s: Stack) => (await s.emulator.admin.requests()).map((r) => r.operation);

    /** Three resources, one process: the agency is assumed once, and no issued secret is in their outputs. */
    async function upThree(s: Stack): Promise<void> {
        const outs = await Promise.all([0, 1, 2].map((n) => new ResourceFlow(s, "TaskRunState", `r${n}`).up(run(n))));
        const iam = await s.emulator.admin.iam();
        const text = JSON.stringify(outs);
        for (const secret of [...iam.issuedKeys.flatMap((k) => [k.accessKey, k.secretKey, k.securityToken]), ...iam.federatedTokens]) {
            assert.ok(!text.includes(secret), "an issued secret is in the outputs");
        }
    }

    it("an agency from stack config: one exchange for every resource of the process, none at preview", async () => {
        stack = await start({ ...AKSK, "roma:assumeRole": JSON.stringify({ agencyName: "ci-readonly", domainName: "acme" }) });
        await new ResourceFlow(stack, "TaskRunState", "p").preview(run(0));
        assert.deepEqual(await operations(stack), [], "a preview exchanges nothing");
        await upThree(stack);
        const ops = await operations(stack);
        assert.equal(ops.filter((o) => o === "CreateTemporaryAccessKeyByAgency").length, 1, ops.join(", "));
        assert.deepEqual(
            [...new Set((await stack.emulator.admin.requests()).filter((r) => r.operation !== "CreateTemporaryAccessKeyByAgency").map((r) => r.authKind))],
            ["aksk"],
        );
    });

    it("an agency from the environment", async () => {
        stack = await start(
            {},
            {
                HW_ACCESS_KEY: AKSK["roma:accessKey"],
                HW_SECRET_KEY: AKSK["roma:secretKey"],
                HW_ASSUME_ROLE_AGENCY_NAME: "ci-readonly",
                HW_ASSUME_ROLE_DOMAIN_NAME: "acme",
            },
        );
        await upThree(stack);
        assert.equal((await operations(stack)).filter((o) => o === "CreateTemporaryAccessKeyByAgency").length, 1);
    });

    it("a refused agency names it, its source and the credentials, with IAM's message, and no FDI call is made", async () => {
        stack = await start({ ...AKSK, "roma:assumeRole": JSON.stringify({ agencyName: "ci-admin", domainName: "acme" }) });
        const err = await rejection(new ResourceFlow(stack, "TaskRunState", "refused").up(run(0)), HostCallError);
        assert.match(
            err.message,
            /IAM refused agency "ci-admin" of account acme \(roma:assumeRole from stack config\) to AK\/SK from stack config \(roma:accessKey, roma:secretKey\): CreateTemporaryAccessKeyByAgency failed \(HTTP 403, request ID \w+\): The agency ci-admin of domain acme does not exist or does not trust the caller\./,
        );
        assert.deepEqual(await operations(stack), ["CreateTemporaryAccessKeyByAgency"]);
    });

    it("OIDC from an ID token file, once for the process", async () => {
        const file = path.join(tempDir("oidc"), "id-token");
        writeFileSync(file, idToken(CLIENT_ID));
        stack = await start({ "roma:assumeRoleWithOidc": JSON.stringify({ idpId: "github", idTokenFile: file, domainName: "acme" }) });
        await upThree(stack);
        const ops = await operations(stack);
        assert.deepEqual(
            ops.filter((o) => o.startsWith("Create")),
            ["CreateTokenWithIdToken", "CreateTemporaryAccessKeyByToken"],
        );
    });

    it("a refused ID token names the identity provider and its source, and no FDI call is made", async () => {
        stack = await start({ "roma:assumeRoleWithOidc": JSON.stringify({ idpId: "github", idToken: idToken(CLIENT_ID, -30) }) });
        const err = await rejection(new ResourceFlow(stack, "TaskRunState", "refused").up(run(0)), HostCallError);
        assert.match(
            err.message,
            /IAM refused the inline ID token \(idToken\) for identity provider "github" of OIDC federation \(roma:assumeRoleWithOidc from stack config\): CreateTokenWithIdToken failed \(HTTP 401, request ID \w+\): The ID token has expired\./,
        );
        assert.deepEqual(await operations(stack), ["CreateTokenWithIdToken"]);
        assert.ok(!err.message.includes("eyJ"), "the ID token is not quoted");
    });

    it("a KooCLI profile from HW_SHARED_CONFIG_FILE and HW_PROFILE", async () => {
        const file = path.join(tempDir("hcloud"), "config.json");
        writeFileSync(
            file,
            JSON.stringify({
                current: "x",
                profiles: [{ name: "ci", mode: "AKSK", accessKeyId: AKSK["roma:accessKey"], secretAccessKey: AKSK["roma:secretKey"] }],
            }),
        );
        stack = await start({}, { HW_SHARED_CONFIG_FILE: file, HW_PROFILE: "ci" });
        await upThree(stack);
        assert.deepEqual([...new Set((await stack.emulator.admin.requests()).map((r) => r.authKind))], ["aksk"]);
    });

    it("an unknown roma:* key: a warning naming it and the nearest known one, once", async () => {
        const engine: FakeEngine = await startFakeEngine(packageFixture().dir);
        try {
            stack = await start({ "roma:authToken": "emulator-token", "roma:asumeRole": "ci" }, {}, engine.address);
            await upThree(stack);
            const warnings = (await engine.waitFor((lines) => lines.some((l) => l.warning))).filter((l) => l.warning).map((l) => l.message);
            assert.deepEqual(warnings, ["pulumi-roma-tasks: roma:asumeRole is not a setting of this provider and is ignored; did you mean roma:assumeRole?"]);
        } finally {
            engine.close();
        }
    });
});
