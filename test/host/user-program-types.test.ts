// A user's program compiles against the packed package under the tsconfig of the long-standing
// `pulumi new typescript` template (`module: commonjs`, `moduleResolution: node`, no
// `skipLibCheck`): the public declarations load no zod, `pulumi-roma-tasks/emulator` and
// `/dynamic` resolve without `exports` support, enum-like inputs take strings from config, and
// every input is an Output on its class. The README's quick-start program compiles there too.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { packageFixture, REPO } from "../support/package-fixture";

const CLASSIC_TSCONFIG = {
    compilerOptions: {
        strict: true,
        outDir: "bin",
        target: "es2016",
        module: "commonjs",
        moduleResolution: "node",
        sourceMap: true,
        experimentalDecorators: true,
        pretty: true,
        noFallthroughCasesInSwitch: true,
        noImplicitReturns: true,
        forceConsistentCasingInFileNames: true,
    },
    files: ["index.ts", "quick-start.ts"],
};

/** The README's quick-start program, as a user would paste it. */
function quickStart(): string {
    const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Quick start"));
    const block = /```ts\n([\s\S]*?)```/.exec(section);
    assert.ok(block, "the README's quick start has a TypeScript block");
    return block[1];
}

const PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import { DrsJobRetry, OnDelete, RunState, TaskProgressReset, TaskRunState, WaitFor, type ObservedTaskState } from "pulumi-roma-tasks";
import { DEMO_SEED, startEmulator, type FaultRule } from "pulumi-roma-tasks/emulator";
import { providers } from "pulumi-roma-tasks/dynamic";

const cfg = new pulumi.Config();
const pipeline = new TaskRunState("pipeline", {
    instanceId: cfg.require("instanceId"),
    taskIds: cfg.requireObject<string[]>("taskIds"),
    state: cfg.require("state"),
    onDelete: cfg.get("onDelete"),
});
new TaskRunState("typed", { instanceId: "i", taskIds: ["t"], state: RunState.Stopped, onDelete: OnDelete.Restore, settleTimeoutSeconds: 120 });
// @ts-expect-error a number is not a run state
new TaskRunState("wrong", { instanceId: "i", taskIds: ["t"], state: 1 });
new TaskProgressReset("reset", { instanceId: "i", taskId: "m", dateFrom: new Date(Date.UTC(2026, 10, 1)) });
new TaskProgressReset("reset-later", { instanceId: "i", taskId: "m", dateFrom: pipeline.id.apply(() => new Date()) });
const feeds = new DrsJobRetry("feeds", { jobIds: ["j"], waitFor: WaitFor.Transferring });

export const waitFor: pulumi.Output<WaitFor> = feeds.waitFor;
export const timeout: pulumi.Output<number> = feeds.timeoutSeconds;
export const settle: pulumi.Output<number> = pipeline.settleTimeoutSeconds;
export const version: pulumi.Output<number> = pipeline.stateVersion;
export const tasks: pulumi.Output<ObservedTaskState[]> = pipeline.tasks;
const rule: FaultRule = { operation: "ListTasks", kind: "drop", times: 1 };
export const unused = [rule, DEMO_SEED, startEmulator, providers.TaskRunState];
`;

/** A tsconfig from `pulumi new typescript`'s template, as TypeScript 6 needs it, or the one README suggests instead. */
const TSCONFIGS = {
    classic: CLASSIC_TSCONFIG,
    // TypeScript 6 refuses `moduleResolution: node` (node10) unless deprecations are ignored.
    "classic + ignoreDeprecations 6.0": { ...CLASSIC_TSCONFIG, compilerOptions: { ...CLASSIC_TSCONFIG.compilerOptions, ignoreDeprecations: "6.0" } },
    node16: { ...CLASSIC_TSCONFIG, compilerOptions: { ...CLASSIC_TSCONFIG.compilerOptions, module: "node16", moduleResolution: "node16" } },
} as const;

const COMPILERS = [
    { version: "5.9", dir: "typescript", tsconfigs: ["classic", "node16"] },
    { version: "6", dir: "typescript6", tsconfigs: ["classic + ignoreDeprecations 6.0", "node16"] },
] as const;

function compile(tsconfig: object, compilerDir: string): { stdout: string; stderr: string; status: number | null } {
    const dir = path.join(packageFixture().dir, `user-program-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
        writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
        writeFileSync(path.join(dir, "index.ts"), PROGRAM);
        writeFileSync(path.join(dir, "quick-start.ts"), quickStart());
        const tsc = path.join(REPO, "node_modules", compilerDir, "bin", "tsc");
        return spawnSync(process.execPath, [tsc, "-p", dir, "--pretty", "false", "--listFiles"], { encoding: "utf8" });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

describe("a user program against the packed package, under TypeScript 5.9 and 6", function () {
    this.timeout(180_000);

    for (const compiler of COMPILERS) {
        for (const name of compiler.tsconfigs) {
            it(`TypeScript ${compiler.version}, ${name} tsconfig: compiles with no error (also the README's quick start), and no zod declaration is loaded`, () => {
                const installed = JSON.parse(readFileSync(path.join(REPO, "node_modules", compiler.dir, "package.json"), "utf8")) as { version: string };
                assert.ok(installed.version.startsWith(compiler.version), `${compiler.dir} is TypeScript ${installed.version}`);
                const r = compile(TSCONFIGS[name], compiler.dir);
                const errors = r.stdout.split("\n").filter((l) => l.includes("error TS"));
                assert.deepEqual(errors, [], r.stdout.slice(0, 4000));
                assert.equal(r.status, 0, r.stderr);
                const loaded = r.stdout.split("\n").filter((l) => l.startsWith("/"));
                assert.ok(
                    loaded.some((f) => f.endsWith("pulumi-roma-tasks/dist/emulator/index.d.ts")),
                    "the emulator entry resolved",
                );
                assert.deepEqual(
                    loaded.filter((f) => f.includes("/node_modules/zod/")),
                    [],
                );
            });
        }
    }

    it("TypeScript 6 refuses the classic tsconfig as the template wrote it, naming ignoreDeprecations (what the README answers)", () => {
        const r = compile(CLASSIC_TSCONFIG, "typescript6");
        assert.notEqual(r.status, 0);
        assert.match(r.stdout, /moduleResolution[\s\S]*ignoreDeprecations/);
        const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
        assert.ok(readme.includes('"ignoreDeprecations": "6.0"'), "the README says what to add");
    });
});
