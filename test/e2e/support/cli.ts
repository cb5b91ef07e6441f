// The real Pulumi CLI, as the end-to-end suite runs it: built by `npm run pulumi:where` (or the
// folder ROMA_PULUMI_DIR names), a local file backend and PULUMI_HOME in a temp folder, every
// command `--non-interactive` with the environment that keeps the CLI offline
// (sdk/go/common/util/env/env.go in pulumi/pulumi), and a new `pulumi` process per command.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_EMULATOR_CREDENTIALS, DEMO_PROJECT_ID } from "../../../provider/emulator";
import { REPO, installInto, packageFixture } from "../../support/package-fixture";
import { tempDir } from "../../support/temp";

let toolchain: string | undefined;

/** The folder holding `pulumi` and the tools beside it: the last line `pulumi:where` prints. */
export function toolchainDir(): string {
    if (toolchain) return toolchain;
    let out: string;
    try {
        out = execFileSync("bash", [path.join(REPO, "scripts", "pulumi-where.sh")], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "inherit"],
            maxBuffer: 1 << 20,
        });
    } catch (err) {
        throw new Error(`npm run pulumi:where failed, so the end-to-end suite cannot run the Pulumi CLI: ${(err as Error).message}`);
    }
    const lines = out.trim().split("\n");
    toolchain = lines[lines.length - 1];
    return toolchain;
}

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
    /** The command line as run, for assertion messages. */
    command: string;
}

export type Runtime = { kind: "nodejs"; program: string } | { kind: "yaml" } | { kind: "python" } | { kind: "go" } | { kind: "java" };

/** A Pulumi project in a temp folder, with its own backend and PULUMI_HOME. */
export class CliProject {
    readonly home: string;
    readonly backend: string;
    constructor(
        readonly dir: string,
        readonly runtime: Runtime,
        readonly extraEnv: NodeJS.ProcessEnv = {},
    ) {
        const root = path.dirname(dir);
        this.home = path.join(root, "pulumi-home");
        this.backend = path.join(root, "backend");
        mkdirSync(this.home, { recursive: true });
        mkdirSync(this.backend, { recursive: true });
    }

    env(): NodeJS.ProcessEnv {
        const env: NodeJS.ProcessEnv = {};
        // Credentials of the developer's shell must not reach the stack under test.
        for (const [k, v] of Object.entries(process.env)) if (!/^(HW_|ROMA_|PULUMI_)/.test(k)) env[k] = v;
        return {
            ...env,
            PATH: `${toolchainDir()}${path.delimiter}${process.env.PATH ?? ""}`,
            PULUMI_HOME: this.home,
            PULUMI_BACKEND_URL: `file://${this.backend}`,
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            ROMA_POLL_INTERVAL_MS: "50",
            ...this.extraEnv,
        };
    }

    /** Runs `pulumi <args>`; a Node.js program runs through scripts/run-node-program.ts. */
    run(args: string[], opts: { stdin?: string } = {}): Promise<CliResult> {
        const pulumiArgs = [...args, "--non-interactive", "--color=never"];
        const [cmd, cmdArgs] =
            this.runtime.kind === "nodejs"
                ? [
                      process.execPath,
                      [
                          "-r",
                          require.resolve("ts-node/register/transpile-only"),
                          path.join(REPO, "scripts", "run-node-program.ts"),
                          this.runtime.program,
                          "--",
                          "pulumi",
                          ...pulumiArgs,
                      ],
                  ]
                : ["pulumi", pulumiArgs];
        return runCommand(cmd, cmdArgs, { cwd: this.dir, env: this.env(), stdin: opts.stdin, label: `pulumi ${args.join(" ")}` });
    }

    /** Runs `pulumi <args>` and fails with its whole output unless it exits 0. */
    async ok(args: string[], opts: { stdin?: string } = {}): Promise<CliResult> {
        return succeeded(await this.run(args, opts));
    }

    /**
     * `pulumi stack init e2e` with the default provider pointed at the emulator: its endpoints,
     * the demo project and the emulator's token as a secret, as a user sets them.
     */
    async initStack(emulatorUrl: string): Promise<void> {
        await this.ok(["stack", "init", "e2e"]);
        await this.ok(["config", "set", "roma:endpoint", emulatorUrl]);
        await this.ok(["config", "set", "roma:drsEndpoint", emulatorUrl]);
        await this.ok(["config", "set", "roma:projectId", DEMO_PROJECT_ID]);
        await this.ok(["config", "set", "--secret", "roma:authToken", DEFAULT_EMULATOR_CREDENTIALS.tokens[0]]);
    }

    /** `pulumi stack export`: the deployment as the engine stored it. */
    async exportStack(): Promise<StackExport> {
        return JSON.parse((await this.ok(["stack", "export", "--show-secrets=false"])).stdout) as StackExport;
    }

    /**
     * Every file of the backend and PULUMI_HOME, concatenated: what a leak audit reads. Installed
     * plugins are left out: they are what the user installed, not what the stack wrote (the plugin
     * archive's README.md shows the emulator's public dummy token in its quick start).
     */
    backendFiles(): string {
        return execFileSync("sh", ["-c", 'find "$0" "$1" -path "$1/plugins" -prune -o -type f -exec cat {} + 2>/dev/null || true', this.backend, this.home], {
            encoding: "utf8",
            maxBuffer: 256 << 20,
        });
    }
}

/**
 * Runs a command without blocking this process: the emulator serves from this process, so a
 * synchronous child (execFileSync) would stall every API call the command makes.
 */
export function runCommand(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string; label?: string }): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.stdin.end(opts.stdin ?? "");
        child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr, command: opts.label ?? `${cmd} ${args.join(" ")}` }));
    });
}

/** The result, or an error with the command's whole output when it did not exit 0. */
export function succeeded(r: CliResult): CliResult {
    if (r.code !== 0) throw new Error(`${r.command} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    return r;
}

export interface StackResource {
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    provider?: string;
    initErrors?: string[];
    aliases?: string[];
}

export interface StackExport {
    version: number;
    deployment: { resources?: StackResource[] };
}

/** A new project folder `<tmp>/project` with these files. */
export function newProject(name: string, files: Record<string, string>, runtime: Runtime, extraEnv: NodeJS.ProcessEnv = {}): CliProject {
    const root = tempDir(`roma-e2e-${name}`);
    const dir = path.join(root, "project");
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), text);
    }
    return new CliProject(dir, runtime.kind === "nodejs" ? { kind: "nodejs", program: path.join(dir, runtime.program) } : runtime, extraEnv);
}

/** The resources of one type in an export. */
export function resourcesOf(exp: StackExport, type: string): StackResource[] {
    return (exp.deployment.resources ?? []).filter((r) => r.type === type);
}

/** The tsconfig.json of `pulumi new typescript`'s template: what the program compiles under. */
const TEMPLATE_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2020",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts"],
};

/**
 * A TypeScript project (`index.ts`) with this package installed from its tarball: its
 * node_modules are the packed fixture's, as after `npm install pulumi-roma-tasks`.
 */
export function nodeProject(name: string, pulumiYaml: string, program: string, dependencies?: Record<string, string>): CliProject {
    const project = newProject(
        name,
        {
            "Pulumi.yaml": pulumiYaml,
            "index.ts": program,
            "package.json": JSON.stringify({ name: `roma-e2e-${name}`, private: true }),
            "tsconfig.json": JSON.stringify(TEMPLATE_TSCONFIG, null, 2),
        },
        { kind: "nodejs", program: "index.ts" },
    );
    const fixture = packageFixture();
    // With dependencies of its own, the project installs the package and them as a user would.
    if (dependencies) installInto(project.dir, fixture.tarball, dependencies);
    else symlinkSync(path.join(fixture.dir, "node_modules"), path.join(project.dir, "node_modules"), "dir");
    return project;
}

/**
 * Keeps what a run printed or stored, for the README and the state fixtures: written to the
 * folder ROMA_E2E_ARTIFACTS names, when it is set (nothing is written otherwise).
 */
export function keepArtifact(name: string, text: string): void {
    const dir = process.env.ROMA_E2E_ARTIFACTS;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, name), text);
}
