// The README's quick start as a new user follows it, through the real CLI: the project laid out by
// hand from the README's three files (for when `pulumi new` cannot reach its templates), its
// program and its `pulumi config set` lines, the package installed from its tarball, against the
// emulator's demo data (`roma-emulator --demo`). The first `up` runs with the package's policy
// pack and must draw no advice; no task is held by two of its TaskRunStates; a second run plans
// nothing (nothing in the program changes between runs); the drift steps and destroy work.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { parseUrn } from "../../provider/core/urn";
import { dynamicType } from "../../provider/resources/common/module";
import { packageFixture, REPO } from "../support/package-fixture";
import { keepArtifact, newProject, resourcesOf, type CliProject } from "./support/cli";
import { INSTANCE } from "./support/programs";
import { policyPackExecutable } from "./support/policy";

const README = readFileSync(path.join(REPO, "README.md"), "utf8");
const QUICK_START = README.slice(README.indexOf("## Quick start"), README.indexOf("## Drift and refresh"));

/** The fenced blocks of the quick start, in order, with their language. */
const blocks = [...QUICK_START.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, text]) => ({ lang, text }));
const block = (test: (b: { lang: string; text: string }) => boolean, what: string): string => {
    const found = blocks.find(test)?.text;
    assert.ok(found, `the README's quick start has ${what}`);
    return found;
};

describe("e2e: the README's quick start, with a project laid out by hand (real CLI)", function () {
    let emulator: RunningEmulator;
    let project: CliProject;
    const tasksOf = async () => {
        const held = resourcesOf(await project.exportStack(), dynamicType("TaskRunState")).map((r) => ({
            name: parseUrn(r.urn).name,
            tasks: ((r.outputs?.tasks ?? []) as { taskId: string }[]).map((t) => t.taskId),
        }));
        return held;
    };

    before(async () => {
        emulator = await startEmulator();
        await emulator.admin.seed(DEMO_SEED);
        // The by-hand files, as the README's `cat > <file> <<'EOF'` lines write them.
        const byHand = block((b) => b.lang === "sh" && b.text.includes("cat > Pulumi.yaml"), "the project by hand");
        const files = Object.fromEntries([...byHand.matchAll(/^cat > (\S+) <<'EOF'\n([\s\S]*?)^EOF$/gm)].map(([, file, text]) => [file, text]));
        assert.deepEqual(Object.keys(files).sort(), ["Pulumi.yaml", "package.json", "tsconfig.json"]);
        const pkg = JSON.parse(files["package.json"]) as { dependencies: Record<string, string> };
        const program = block((b) => b.lang === "ts", "a TypeScript program");
        // `npm install pulumi-roma-tasks`, from the tarball until it is published.
        const dependencies = { ...pkg.dependencies, "pulumi-roma-tasks": `file:${packageFixture().tarball}` };
        project = newProject(
            "quick-start",
            {
                "Pulumi.yaml": files["Pulumi.yaml"],
                "package.json": JSON.stringify({ ...pkg, dependencies }, null, 2),
                "tsconfig.json": files["tsconfig.json"],
                "index.ts": program,
            },
            { kind: "nodejs", program: "index.ts" },
        );
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project.dir, stdio: ["ignore", "pipe", "pipe"] });
        // tsc as the project's own typescript and tsconfig judge the program.
        execFileSync(process.execPath, [path.join(project.dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", project.dir], {
            encoding: "utf8",
        });
        await project.ok(["stack", "init", "dev"]);
        const configLines = block((b) => b.lang === "sh" && b.text.includes("pulumi config set roma:endpoint"), "the config lines")
            .split("\n")
            .filter((l) => l.startsWith("pulumi config set "));
        assert.ok(configLines.length >= 4);
        for (const line of configLines) await project.ok(line.replace("http://127.0.0.1:8080", emulator.url).split(/\s+/).slice(1));
    });
    after(async () => emulator?.close());

    it("up with the package's policy pack: no advice, and no task held by two TaskRunStates", async () => {
        const r = await project.ok(["up", "--yes", "--policy-pack", policyPackExecutable()]);
        keepArtifact("quick-start-up.txt", r.stdout + r.stderr);
        assert.doesNotMatch(r.stdout + r.stderr, /roma-reset-range|roma-drs-wait|roma-protected-instances|advisory/);
        const held = await tasksOf();
        assert.equal(held.length, 2, JSON.stringify(held));
        const all = held.flatMap((h) => h.tasks);
        assert.ok(
            held.every((h) => h.tasks.length > 0),
            JSON.stringify(held),
        );
        assert.equal(new Set(all).size, all.length, `a task in two TaskRunStates: ${JSON.stringify(held)}`);
    });

    it("a second run plans nothing: no input changes between runs", async () => {
        const r = await project.run(["preview", "--expect-no-changes", "--policy-pack", policyPackExecutable()]);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.doesNotMatch(r.stdout, /roma-reset-range/);
    });

    it("the drift steps: a task stopped by hand is named by preview --refresh --diff, and up --refresh starts it; destroy works", async () => {
        await emulator.admin.seed({ tasks: [{ projectId: DEMO_PROJECT_ID, instanceId: INSTANCE, taskId: "orders-clean", status: "stopped" }] });
        const preview = await project.ok(["preview", "--refresh", "--diff"]);
        assert.match(preview.stdout, /orders-clean/);
        await project.ok(["up", "--refresh", "--yes"]);
        await project.ok(["destroy", "--yes"]);
    });
});
