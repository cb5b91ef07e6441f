// `npm run example [-- <pulumi command...>]`: runs the example stack (Pulumi.yaml at the repo
// root, program in examples/) against the bundled emulator, with a local file backend so no
// Pulumi Cloud account is needed. Default command: `up --yes`; pass e.g. `-- preview`,
// `-- refresh --yes` or `-- destroy --yes`.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, DEFAULT_EMULATOR_CREDENTIALS, DEMO_SEED } from "pulumi-roma-tasks/emulator";

const root = path.resolve(__dirname, "..");
// Must match Pulumi.emulator.yaml.
const PORT = 18080;

/**
 * The Pulumi CLI from `npm run pulumi:where` (built from Go modules on first use, then cached;
 * ROMA_PULUMI_DIR points it at an installed CLI instead). Without the Node.js language host
 * beside it, which the module proxy does not serve, the program runs through
 * scripts/run-node-program.ts (the SDK's own language server, `pulumi ... --client`).
 */
function pulumiCommand(): { cmd: string[]; dir: string } {
    const out = execFileSync("bash", [path.join(root, "scripts", "pulumi-where.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    const dir = out.trim().split("\n").pop() as string;
    if (existsSync(path.join(dir, "pulumi-language-nodejs"))) return { cmd: ["pulumi"], dir };
    const runner = ["-r", require.resolve("ts-node/register/transpile-only"), path.join(root, "scripts", "run-node-program.ts")];
    return { cmd: [process.execPath, ...runner, path.join(root, "examples", "index.ts"), "--", "pulumi"], dir };
}

/** Not spawnSync: the emulator answers from this process, so it must keep running meanwhile. */
function run(cmd: string[], env: NodeJS.ProcessEnv): Promise<number> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd[0], cmd.slice(1), { cwd: root, env, stdio: "inherit" });
        child.on("error", reject);
        child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
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
        env.PATH = `${pulumi.dir}${path.delimiter}${process.env.PATH ?? ""}`;
        env.PULUMI_SKIP_UPDATE_CHECK = "true";
        env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
        const selected = await run(["pulumi", "stack", "select", "--create", "emulator", "--non-interactive"], env);
        if (selected !== 0) return selected;
        const status = await run([...pulumi.cmd, ...command], env);
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
