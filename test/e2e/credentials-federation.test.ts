// Credentials without long-lived keys through the real CLI and the native provider (YAML):
// an agency from stack config and from the environment, a refused agency, OIDC federation from
// an ID token file (and an explicit provider holding the ID token), a refused ID token, a KooCLI
// profile, and an unknown `roma:*` key. Against the emulated IAM on loopback; every ID token,
// federated token and temporary key it issued is looked for in what the CLI printed and in
// every file of the backend and PULUMI_HOME.
import { strict as assert } from "node:assert";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_EMULATOR_CREDENTIALS, DEMO_PROJECT_ID, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { packageFixture } from "../support/package-fixture";
import { GITHUB_ISSUER, idToken } from "../support/id-token";
import { tempDir } from "../support/temp";
import { keepArtifact, newProject, nodeProject, type CliProject, type CliResult } from "./support/cli";
import { yamlWithPlugin } from "./support/programs";

const INSTANCE = "fed-inst";
const CLIENT_ID = "huaweicloud-ci";
const [KEY] = DEFAULT_EMULATOR_CREDENTIALS.accessKeys;

const pluginDir = () => path.join(packageFixture().dir, "node_modules", ".bin");
const RESOURCE = `  pipeline:
    type: roma:fdi:TaskRunState
    properties:
      instanceId: ${INSTANCE}
      taskIds: [fed-task]
      state: started
`;

/** The emulated IAM both suites use: an agency, and GitHub as an identity provider. */
const startIam = () =>
    startEmulator({
        iam: {
            agencies: [{ agencyName: "ci-readonly", domainName: "acme" }],
            identityProviders: [{ idpId: "github", clientId: CLIENT_ID, issuer: GITHUB_ISSUER }],
        },
    });

/** `pulumi stack init` with the endpoints, IAM and project on the emulator, and no credentials yet. */
async function onEmulator(project: CliProject, emulator: RunningEmulator): Promise<CliProject> {
    await project.ok(["stack", "init", "e2e"]);
    for (const [k, v] of [
        ["roma:endpoint", emulator.url],
        ["roma:drsEndpoint", emulator.url],
        ["roma:authUrl", `${emulator.url}/v3`],
        ["roma:projectId", DEMO_PROJECT_ID],
    ]) {
        await project.ok(["config", "set", k, v]);
    }
    return project;
}

describe("e2e: agencies, OIDC federation and KooCLI profiles (real CLI, YAML)", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startIam();
    });
    after(async () => emulator?.close());
    beforeEach(async () => {
        await emulator.admin.seed({ replace: true, tasks: [{ projectId: DEMO_PROJECT_ID, instanceId: INSTANCE, taskId: "fed-task", status: "stopped" }] });
        await emulator.admin.clearRequests();
    });

    const stack = (name: string, env: NodeJS.ProcessEnv = {}, resources = RESOURCE) =>
        onEmulator(newProject(name, { "Pulumi.yaml": yamlWithPlugin(`roma-${name}`, pluginDir(), resources) }, { kind: "yaml" }, env), emulator);

    const operations = async () => (await emulator.admin.requests()).map((r) => `${r.operation} ${r.status}`);

    /** No ID token, federated token or temporary key in what the CLI printed or in any file it kept. */
    async function audit(project: CliProject, results: CliResult[], extra: string[] = []): Promise<void> {
        const iam = await emulator.admin.iam();
        const secrets = [...iam.issuedKeys.flatMap((k) => [k.accessKey, k.secretKey, k.securityToken]), ...iam.federatedTokens, ...extra];
        const printed = results.map((r) => r.stdout + r.stderr).join("\n");
        const files = project.backendFiles();
        for (const s of secrets) {
            assert.ok(!printed.includes(s), `the CLI printed a secret (${s.slice(0, 8)}…)`);
            assert.ok(!files.includes(s), `a state file holds a secret (${s.slice(0, 8)}…)`);
        }
    }

    it("an agency from stack config (pulumi config set --path): one exchange, the resources signed with its keys", async () => {
        const project = await stack("agency");
        await project.ok(["config", "set", "--secret", "roma:accessKey", KEY.accessKey]);
        await project.ok(["config", "set", "--secret", "roma:secretKey", KEY.secretKey]);
        await project.ok(["config", "set", "--path", "roma:assumeRole.agencyName", "ci-readonly"]);
        await project.ok(["config", "set", "--path", "roma:assumeRole.domainName", "acme"]);
        const preview = await project.ok(["preview"]);
        assert.deepEqual(await operations(), [], "a preview exchanges nothing");
        const up = await project.ok(["up", "--yes"]);
        const ops = await operations();
        assert.equal(ops.filter((o) => o.startsWith("CreateTemporaryAccessKeyByAgency")).length, 1, ops.join("\n"));
        assert.ok(
            ops.some((o) => o === "BatchStartOrStopTasks 200"),
            ops.join("\n"),
        );
        assert.ok((await emulator.admin.requests()).filter((r) => r.operation !== "CreateTemporaryAccessKeyByAgency").every((r) => r.authKind === "aksk"));
        await audit(project, [preview, up]);
    });

    it("an agency from the environment (HW_ASSUME_ROLE_AGENCY_NAME, HW_ASSUME_ROLE_DOMAIN_NAME)", async () => {
        const project = await stack("agency-env", {
            HW_ACCESS_KEY: KEY.accessKey,
            HW_SECRET_KEY: KEY.secretKey,
            HW_ASSUME_ROLE_AGENCY_NAME: "ci-readonly",
            HW_ASSUME_ROLE_DOMAIN_NAME: "acme",
        });
        const up = await project.ok(["up", "--yes"]);
        assert.equal((await operations()).filter((o) => o === "CreateTemporaryAccessKeyByAgency 201").length, 1);
        await audit(project, [up]);
    });

    it("a refused agency: the error names the agency, its source and the credentials, with IAM's message; no FDI call", async () => {
        const project = await stack("agency-refused");
        await project.ok(["config", "set", "--secret", "roma:accessKey", KEY.accessKey]);
        await project.ok(["config", "set", "--secret", "roma:secretKey", KEY.secretKey]);
        await project.ok(["config", "set", "--path", "roma:assumeRole.agencyName", "ci-admin"]);
        await project.ok(["config", "set", "--path", "roma:assumeRole.domainName", "acme"]);
        const up = await project.run(["up", "--yes"]);
        keepArtifact("federation-agency-refused.txt", up.stdout + up.stderr);
        assert.notEqual(up.code, 0);
        assert.match(
            up.stdout,
            /IAM refused agency "ci-admin" of account acme \(roma:assumeRole from stack config\) to AK\/SK from stack config \(roma:accessKey, roma:secretKey\): CreateTemporaryAccessKeyByAgency failed \(HTTP 403, request ID \w+\): The agency ci-admin of domain acme does not exist or does not trust the caller\./,
            up.stdout,
        );
        assert.deepEqual(
            (await operations()).filter((o) => !o.startsWith("CreateTemporaryAccessKeyByAgency")),
            [],
            "no FDI or DRS call",
        );
        await audit(project, [up], [KEY.secretKey]);
    });

    it("OIDC from an ID token file written after configuration, and no token anywhere it must not be", async () => {
        const file = path.join(tempDir("oidc"), "id-token");
        const project = await stack("oidc");
        await project.ok(["config", "set", "--path", "roma:assumeRoleWithOidc.idpId", "github"]);
        await project.ok(["config", "set", "--plaintext", "--path", "roma:assumeRoleWithOidc.idTokenFile", file]);
        await project.ok(["config", "set", "--path", "roma:assumeRoleWithOidc.domainName", "acme"]);
        const token = idToken(CLIENT_ID);
        writeFileSync(file, token);
        const up = await project.ok(["up", "--yes"]);
        const ops = await operations();
        assert.deepEqual(ops.slice(0, 2), ["CreateTokenWithIdToken 201", "CreateTemporaryAccessKeyByToken 201"], ops.join("\n"));
        assert.equal(ops.filter((o) => o.startsWith("Create")).length, 2, "one exchange for the whole run");
        await audit(project, [up], [token]);
    });

    it("an explicit provider holding the ID token in plain text: CheckConfig returns it as a secret, so the state holds none", async () => {
        const token = idToken(CLIENT_ID);
        const resources = `  federated:
    type: pulumi:providers:roma
    properties:
      endpoint: ${emulator.url}
      drsEndpoint: ${emulator.url}
      authUrl: ${emulator.url}/v3
      projectId: ${DEMO_PROJECT_ID}
      assumeRoleWithOidc:
        idpId: github
        idToken: ${token}
        domainName: acme
${RESOURCE}    options:
      provider: \${federated}
`;
        const project = await stack("oidc-explicit", {}, resources);
        const up = await project.ok(["up", "--yes"]);
        keepArtifact("federation-explicit-provider.txt", up.stdout + up.stderr);
        assert.ok((await operations()).includes("CreateTokenWithIdToken 201"));
        const exported = JSON.stringify(await project.exportStack());
        assert.ok(exported.includes(`"idToken":{"${specialSigKey}":"${specialSecretSig}","ciphertext"`), "the ID token is stored as a secret");
        await audit(project, [up], [token]);
    });

    it("a refused ID token: the error names the identity provider and the file, with IAM's message; no FDI call", async () => {
        const file = path.join(tempDir("oidc"), "id-token");
        writeFileSync(file, idToken("another-audience"));
        const project = await stack("oidc-refused", { HW_ASSUME_ROLE_IDP_ID: "github", HW_ASSUME_ROLE_ID_TOKEN_FILE: file });
        const up = await project.run(["up", "--yes"]);
        keepArtifact("federation-id-token-refused.txt", up.stdout + up.stderr);
        assert.notEqual(up.code, 0);
        assert.ok(
            up.stdout.includes(
                `IAM refused the ID token in ${file} for identity provider "github" of OIDC federation (HW_ASSUME_ROLE_IDP_ID, HW_ASSUME_ROLE_ID_TOKEN_FILE from the environment): CreateTokenWithIdToken failed (HTTP 401, request ID `,
            ),
            up.stdout,
        );
        assert.match(up.stdout, /The ID token's audience does not match the identity provider's client ID\./);
        assert.deepEqual(await operations(), ["CreateTokenWithIdToken 401"]);
    });

    it("a KooCLI profile (HW_SHARED_CONFIG_FILE, HW_PROFILE) with its agency", async () => {
        const file = path.join(tempDir("hcloud"), "config.json");
        writeFileSync(
            file,
            JSON.stringify({
                current: "default",
                profiles: [
                    { name: "default", mode: "AKSK", accessKeyId: "UNUSEDKEY000000000", secretAccessKey: "unused-secret-key" },
                    {
                        name: "ci",
                        mode: "AKSK",
                        accessKeyId: KEY.accessKey,
                        secretAccessKey: KEY.secretKey,
                        agencyName: "ci-readonly",
                        agencyDomainName: "acme",
                    },
                ],
            }),
        );
        const project = await stack("profile", { HW_SHARED_CONFIG_FILE: file, HW_PROFILE: "ci" });
        const up = await project.ok(["up", "--yes"]);
        const ops = await operations();
        assert.equal(ops[0], "CreateTemporaryAccessKeyByAgency 201", ops.join("\n"));
        assert.ok(ops.includes("BatchStartOrStopTasks 200"), ops.join("\n"));
        await audit(project, [up], [KEY.secretKey]);
    });

    it("an unknown roma:* key: a warning naming it and the nearest known one", async () => {
        const project = await stack("unknown-key");
        await project.ok(["config", "set", "--secret", "roma:authToken", DEFAULT_EMULATOR_CREDENTIALS.tokens[0]]);
        await project.ok(["config", "set", "roma:assumeRol", "ci-readonly"]);
        const preview = await project.ok(["preview"]);
        keepArtifact("federation-unknown-key.txt", preview.stdout + preview.stderr);
        assert.match(
            preview.stdout,
            /\n {4}warning: pulumi-roma-tasks: roma:assumeRol is not a setting of this provider and is ignored; did you mean roma:assumeRole\?\n/,
        );
    });
});

describe("e2e: an agency, OIDC federation and an unknown key with the dynamic resources (real CLI, TypeScript)", function () {
    let emulator: RunningEmulator;
    before(async () => {
        emulator = await startIam();
    });
    after(async () => emulator?.close());
    beforeEach(async () => {
        await emulator.admin.seed({
            replace: true,
            tasks: ["a", "b"].map((t) => ({ projectId: DEMO_PROJECT_ID, instanceId: INSTANCE, taskId: `fed-${t}`, status: "stopped" as const })),
        });
        await emulator.admin.clearRequests();
    });

    const PROGRAM = `import { TaskRunState } from "pulumi-roma-tasks";
new TaskRunState("a", { instanceId: "${INSTANCE}", taskIds: ["fed-a"], state: "started" });
new TaskRunState("b", { instanceId: "${INSTANCE}", taskIds: ["fed-b"], state: "started" });
`;

    const stack = (name: string, env: NodeJS.ProcessEnv = {}) => {
        const project = nodeProject(name, `name: roma-${name}\nruntime: nodejs\n`, PROGRAM);
        Object.assign(project.extraEnv, env);
        return onEmulator(project, emulator);
    };

    it("an agency set with --path, and an unknown key warned about: one exchange for both resources, no issued secret anywhere", async () => {
        const project = await stack("ts-agency");
        await project.ok(["config", "set", "--secret", "roma:accessKey", KEY.accessKey]);
        await project.ok(["config", "set", "--secret", "roma:secretKey", KEY.secretKey]);
        await project.ok(["config", "set", "--path", "roma:assumeRole.agencyName", "ci-readonly"]);
        await project.ok(["config", "set", "--path", "roma:assumeRole.domainName", "acme"]);
        await project.ok(["config", "set", "--path", "roma:assumeRole.durationSeconds", "900"]);
        await project.ok(["config", "set", "roma:asumeRole", "typo"]);
        const up = await project.ok(["up", "--yes"]);
        keepArtifact("federation-typescript-up.txt", up.stdout + up.stderr);
        assert.match(
            up.stdout,
            /\n {4}warning: pulumi-roma-tasks: roma:asumeRole is not a setting of this provider and is ignored; did you mean roma:assumeRole\?\n/,
            up.stdout,
        );
        const ops = (await emulator.admin.requests()).map((r) => `${r.operation} ${r.status}`);
        assert.equal(ops.filter((o) => o === "CreateTemporaryAccessKeyByAgency 201").length, 1, ops.join("\n"));
        const iam = await emulator.admin.iam();
        const files = project.backendFiles();
        for (const secret of [...iam.issuedKeys.flatMap((k) => [k.accessKey, k.secretKey, k.securityToken]), KEY.secretKey]) {
            assert.ok(!files.includes(secret) && !up.stdout.includes(secret), `a secret (${secret.slice(0, 6)}…) leaked`);
        }
    });

    it("OIDC from an ID token file in the environment (as the GitHub Actions workflow of docs/previews.md sets it)", async () => {
        const file = path.join(tempDir("oidc"), "id-token");
        const token = idToken(CLIENT_ID);
        writeFileSync(file, token);
        const project = await stack("ts-oidc", { HW_ASSUME_ROLE_IDP_ID: "github", HW_ASSUME_ROLE_ID_TOKEN_FILE: file, HW_ASSUME_ROLE_DOMAIN_NAME: "acme" });
        const up = await project.ok(["up", "--yes"]);
        const ops = (await emulator.admin.requests()).map((r) => r.operation);
        assert.deepEqual(
            ops.filter((o) => o.startsWith("Create")),
            ["CreateTokenWithIdToken", "CreateTemporaryAccessKeyByToken"],
        );
        const iam = await emulator.admin.iam();
        const files = project.backendFiles();
        for (const secret of [token, ...iam.federatedTokens, ...iam.issuedKeys.flatMap((k) => [k.secretKey, k.securityToken])]) {
            assert.ok(!files.includes(secret) && !up.stdout.includes(secret), `a secret (${secret.slice(0, 6)}…) leaked`);
        }
    });
});
