// Moving a TypeScript stack from the dynamic resources to the native provider's types: the same
// resource names, now from the generated Node.js SDK (sdk/nodejs), whose classes carry the
// schema's alias of the dynamic type. The real engine must see no change, and the API no write.
import { strict as assert } from "node:assert";
import { copyFileSync, cpSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { REPO, packageFixture } from "../support/package-fixture";
import { nodeProject, resourcesOf, runCommand, succeeded, type CliProject } from "./support/cli";
import { batchWrites } from "./support/emulator";

const DYNAMIC = `import { TaskRunState, DrsJobRetry } from "pulumi-roma-tasks";
export const pipeline = new TaskRunState("nightly", {
    instanceId: "roma-nightly-inst",
    taskIds: ["orders-extract", "orders-clean"],
    state: "started",
    onDelete: "restore",
}).tasks;
export const feeds = new DrsJobRetry("feeds", { jobIds: ["5d1c2b3a-0000-4000-8000-00000000a001"], waitFor: "transferring" }).results;
`;

// No \`aliases\` option: the generated classes add the dynamic type's alias themselves.
const NATIVE = `import * as roma from "./sdk-nodejs/bin";
export const pipeline = new roma.fdi.TaskRunState("nightly", {
    instanceId: "roma-nightly-inst",
    taskIds: ["orders-extract", "orders-clean"],
    state: roma.fdi.RunState.Started,
    onDelete: roma.fdi.OnDelete.Restore,
}).tasks;
export const feeds = new roma.drs.JobRetry("feeds", { jobIds: ["5d1c2b3a-0000-4000-8000-00000000a001"], waitFor: roma.drs.WaitFor.Transferring }).results;
`;

describe("e2e: dynamic resources taken over by the native types through aliases (real CLI)", function () {
    let emulator: RunningEmulator;
    let project: CliProject;

    before(async () => {
        emulator = await startEmulator();
        await emulator.admin.seed(DEMO_SEED);
        const pluginDir = path.join(packageFixture().dir, "node_modules", ".bin");
        // The generated SDK's own @pulumi/pulumi range (newer than this package's), as installing
        // both into one project gives.
        const sdkPackage = JSON.parse(readFileSync(path.join(REPO, "sdk", "nodejs", "package.json"), "utf8")) as { dependencies: Record<string, string> };
        project = nodeProject("alias", `name: roma-alias\nruntime: nodejs\nplugins:\n  providers:\n    - name: roma\n      path: ${pluginDir}\n`, DYNAMIC, {
            "@pulumi/pulumi": sdkPackage.dependencies["@pulumi/pulumi"],
        });
        // The generated Node.js SDK, compiled as its own package.json says (`tsc`).
        const sdk = path.join(project.dir, "sdk-nodejs");
        cpSync(path.join(REPO, "sdk", "nodejs"), sdk, { recursive: true });
        succeeded(await runCommand(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", sdk], { cwd: sdk, env: process.env }));
        // As Pulumi providers publish their SDK: package.json beside the compiled code (the SDK
        // reads its own version from it).
        copyFileSync(path.join(sdk, "package.json"), path.join(sdk, "bin", "package.json"));
        await project.initStack(emulator.url);
    });
    after(async () => emulator?.close());

    it("up with the native types shows no change and writes nothing", async () => {
        await project.ok(["up", "--yes"]);
        const before = await project.exportStack();
        assert.equal(resourcesOf(before, "pulumi-nodejs:dynamic/roma:TaskRunState").length, 1);

        writeFileSync(path.join(project.dir, "index.ts"), NATIVE);
        await emulator.admin.clearRequests();
        const preview = JSON.parse((await project.ok(["preview", "--json"])).stdout) as { changeSummary: Record<string, number> };
        // The stack and its two resources, nothing created, updated, replaced or deleted.
        assert.deepEqual(preview.changeSummary, { same: 3 });

        const up = await project.ok(["up", "--yes"]);
        assert.deepEqual(await batchWrites(emulator), [], "no start or stop");
        assert.equal((await emulator.admin.requests()).filter((r) => r.operation === "BatchRestoreTask").length, 0, "no DRS retry");
        assert.doesNotMatch(up.stdout, /[+~-]\s+\d+ to (create|update|delete|replace)/);
        const after = await project.exportStack();
        const native = resourcesOf(after, "roma:fdi:TaskRunState");
        assert.equal(native.length, 1);
        assert.equal(resourcesOf(after, "pulumi-nodejs:dynamic/roma:TaskRunState").length, 0);
        assert.deepEqual(native[0].outputs?.tasks, resourcesOf(before, "pulumi-nodejs:dynamic/roma:TaskRunState")[0].outputs?.tasks);
    });
});
