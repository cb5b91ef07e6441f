// The cost of credentials without long-lived keys: the first call of a process with an agency or
// OIDC federation pays for the exchange at IAM, every other call of the process pays nothing, and
// however many resources (clients) share an identity, IAM is asked once.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { createClients } from "../provider/api/clients";
import { resolveConfig } from "../provider/config/resolve";
import { DEFAULT_EMULATOR_CREDENTIALS, startEmulator } from "../provider/emulator";
import { idToken, GITHUB_ISSUER } from "../test/support/id-token";
import { INSTANCE, PROJECT } from "../test/support/engine";
import { tempDir } from "../test/support/temp";

type Row = (metric: string, value: string, reference: string) => void;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function federationCosts(row: Row): Promise<void> {
    const emulator = await startEmulator({
        iam: { agencies: [{ agencyName: "bench", domainName: "acme" }], identityProviders: [{ idpId: "github", clientId: "bench", issuer: GITHUB_ISSUER }] },
    });
    const [key] = DEFAULT_EMULATOR_CREDENTIALS.accessKeys;
    const file = path.join(tempDir("bench-oidc"), "id-token");
    writeFileSync(file, idToken("bench", 3600));
    await emulator.admin.seed({ replace: true, tasks: [{ projectId: PROJECT, instanceId: INSTANCE, taskId: "t1" }] });
    const env = (extra: Record<string, string>, run: number) => ({
        ROMA_ENDPOINT: emulator.url,
        DRS_ENDPOINT: emulator.url,
        HW_AUTH_URL: `${emulator.url}/v3`,
        HW_PROJECT_ID: PROJECT,
        ROMA_MAX_REQUESTS_PER_SECOND: "10000",
        // A new identity each run (the exchange is shared per identity per process): another duration.
        HW_ASSUME_ROLE_DURATION: String(1000 + run),
        ...extra,
    });
    const AKSK = { HW_ACCESS_KEY: key.accessKey, HW_SECRET_KEY: key.secretKey };
    const kinds = {
        aksk: AKSK,
        agency: { ...AKSK, HW_ASSUME_ROLE_AGENCY_NAME: "bench", HW_ASSUME_ROLE_DOMAIN_NAME: "acme" },
        oidc: { HW_ASSUME_ROLE_IDP_ID: "github", HW_ASSUME_ROLE_ID_TOKEN_FILE: file, HW_ASSUME_ROLE_DOMAIN_NAME: "acme" },
    };
    const scope = { projectId: PROJECT, instanceId: INSTANCE };
    try {
        const first: Record<string, number[]> = { aksk: [], agency: [], oidc: [] };
        const after: Record<string, number[]> = { aksk: [], agency: [], oidc: [] };
        // The first runs warm the code paths up (JIT, the pools' first connections) and are not counted.
        for (let run = -3; run < 15; run++) {
            for (const [kind, extra] of Object.entries(kinds)) {
                const c = createClients(resolveConfig(() => undefined, env(extra, run)));
                let t = performance.now();
                await c.fdi.listTasks(scope);
                const firstMs = performance.now() - t;
                t = performance.now();
                await c.fdi.listTasks(scope);
                if (run >= 0) {
                    first[kind].push(firstMs);
                    after[kind].push(performance.now() - t);
                }
                await c.close();
            }
        }
        const [aksk, agency, oidc] = [median(first.aksk), median(first.agency), median(first.oidc)];
        row(
            "first call of a process with an agency / with AK/SK (median of 15; includes the exchange)",
            `${ms(agency)} / ${ms(aksk)} = ${(agency / aksk).toFixed(2)}×`,
            "one IAM call more, once per process",
        );
        row(
            "first call with OIDC federation / with AK/SK (ID token, then keys: two IAM calls)",
            `${ms(oidc)} / ${ms(aksk)} = ${(oidc / aksk).toFixed(2)}×`,
            "two IAM calls more, once per process",
        );
        row(
            "a later call with the agency's keys / with AK/SK",
            `${(median(after.agency) / median(after.aksk)).toFixed(2)}×`,
            "1× (signed the same way, nothing exchanged)",
        );
        await emulator.admin.clearRequests();
        const shared = Array.from({ length: 20 }, () => createClients(resolveConfig(() => undefined, env(kinds.agency, 99))));
        await Promise.all(shared.flatMap((c) => Array.from({ length: 10 }, () => c.fdi.listTasks(scope))));
        await Promise.all(shared.map((c) => c.close()));
        const iamCalls = (await emulator.admin.requests()).filter((r) => r.operation.startsWith("CreateTemporary")).length;
        row("IAM calls for 20 provider instances × 10 calls, one identity", String(iamCalls), "1 (once per identity per process)");
    } finally {
        await emulator.close();
    }
}
