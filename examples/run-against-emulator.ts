// `npm run example [-- <pulumi command...>]`: runs the example stack (Pulumi.yaml at the repo
// root, program in examples/) against the bundled emulator, with a local file backend so no
// Pulumi Cloud account is needed. Default command: `up --yes`; pass e.g. `-- preview`,
// `-- refresh --yes` or `-- destroy --yes`.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, DEFAULT_EMULATOR_CREDENTIALS, DEMO_SEED } from "pulumi-roma-tasks/emulator";

const root = path.resolve(__dirname, "..");
// Must match Pulumi.emulator.yaml.
const PORT = 18080;

/** `pulumi` from PATH, else the npm `pulumi` package, which fetches the CLI on first use. */
function pulumiCommand(): string[] {
    const probe = spawnSync("pulumi", ["version"], { stdio: "ignore" });
    return probe.status === 0 ? ["pulumi"] : ["npx", "--yes", "pulumi@3"];
}

function run(cmd: string[], env: NodeJS.ProcessEnv): number {
    const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, env, stdio: "inherit" });
    if (r.error) throw r.error;
    return r.status ?? 1;
}

async function main(): Promise<number> {
    const args = process.argv.slice(2);
    const command = args.length > 0 ? args : ["up", "--yes"];
    const emulator = await startEmulator({ port: PORT, stateFile: path.join(root, ".roma-emulator-state.json") });
    try {
        const existing = await emulator.admin.state();
        // Seed once; later runs keep what earlier runs changed, like a real account would.
        if (existing.tasks.length === 0) await emulator.admin.seed(DEMO_SEED);
        const backend = path.join(root, ".pulumi-local");
        mkdirSync(backend, { recursive: true });
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PULUMI_BACKEND_URL: `file://${backend}`,
            PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
            // The emulator's public dummy token; real stacks use `pulumi config set --secret` or HW_* variables.
            HW_AUTH_TOKEN: DEFAULT_EMULATOR_CREDENTIALS.tokens[0],
            ROMA_POLL_INTERVAL_MS: "200",
        };
        const pulumi = pulumiCommand();
        const selected = run([...pulumi, "stack", "select", "--create", "emulator"], env);
        if (selected !== 0) {
            console.error(
                "Could not run the Pulumi CLI. Install it (https://www.pulumi.com/docs/iac/download-install/) or make sure `npx pulumi@3` can download it.",
            );
            return selected;
        }
        const status = run([...pulumi, ...command], env);
        const calls = await emulator.admin.requests();
        const byOperation = new Map<string, number>();
        for (const c of calls) byOperation.set(c.operation, (byOperation.get(c.operation) ?? 0) + 1);
        console.log(`\nEmulator received ${calls.length} API calls:`, Object.fromEntries(byOperation));
        return status;
    } finally {
        await emulator.close();
    }
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(1);
    },
);
