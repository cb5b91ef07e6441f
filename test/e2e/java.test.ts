// The generated Java SDK in a real Java program: sdk/java built and installed with Maven, and a
// Maven project using it (test/e2e/programs/java) run by the real CLI through the real Java
// language host (`pulumi-language-java`, which builds and starts it with `mvn compile exec:java`),
// with the native plugin named in Pulumi.yaml.
import { strict as assert } from "node:assert";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";
import { REPO, packageFixture } from "../support/package-fixture";
import { tempDir } from "../support/temp";
import { keepArtifact, newProject, resourcesOf, runCommand, succeeded, type CliProject } from "./support/cli";
import { EMULATOR_TOKEN, batchWrites, runningTasks } from "./support/emulator";
import { MAVEN_REPO, mavenArgs } from "./support/maven";

const VERSION = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
const TASKS = ["orders-extract", "orders-clean", "inventory-sync"];

/** The program's stack outputs: each task as `<taskId>=<status>`, from the resource and from getTasks. */
async function outputs(project: CliProject): Promise<{ tasks: string[]; read: string[] }> {
    return JSON.parse((await project.ok(["stack", "output", "--json"])).stdout) as { tasks: string[]; read: string[] };
}

describe("e2e: generated Java SDK in a Maven program (real CLI, real Java host)", function () {
    let emulator: RunningEmulator;

    before(async () => {
        emulator = await startEmulator();
        await emulator.admin.seed(DEMO_SEED);
        // mvn install of sdk/java, from a copy: Maven builds into the source folder (target/).
        const sdk = path.join(tempDir("roma-java-sdk"), "java");
        cpSync(path.join(REPO, "sdk", "java"), sdk, { recursive: true });
        succeeded(await runCommand("mvn", [...mavenArgs(), "install"], { cwd: sdk, env: process.env }));
        assert.ok(existsSync(path.join(MAVEN_REPO, "com", "pulumiromatasks", "roma", VERSION, `roma-${VERSION}.jar`)), "the SDK is in the local repository");
    });
    after(async () => emulator?.close());

    it("docs/java.md: its pom.xml and App.java compile against the installed SDK", async () => {
        const doc = readFileSync(path.join(REPO, "docs", "java.md"), "utf8");
        const blocks = [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] }));
        const pom = blocks.find((b) => b.lang === "xml" && b.text.includes("<project"));
        const app = blocks.find((b) => b.lang === "java");
        assert.ok(pom && app, "the page shows a pom.xml and a Java program");
        const dir = tempDir("roma-java-doc");
        const source = path.join(dir, "src", "main", "java", "com", "example");
        mkdirSync(source, { recursive: true });
        const versions = [...doc.matchAll(/<artifactId>roma<\/artifactId>\s*<version>([^<]*)<\/version>/g)].map((m) => m[1]);
        assert.deepEqual(versions, [VERSION, VERSION], "the page's dependency on the SDK names package.json's version");
        writeFileSync(path.join(dir, "pom.xml"), pom.text);
        writeFileSync(path.join(source, "App.java"), app.text);
        succeeded(await runCommand("mvn", [...mavenArgs(), "compile"], { cwd: dir, env: process.env }));
    });

    it("up, drift fixed by the next up, getTasks, destroy (onDelete restore)", async () => {
        const pluginDir = path.join(packageFixture().dir, "node_modules", ".bin");
        const project = newProject(
            "java",
            {
                "Pulumi.yaml": `name: roma-java\nruntime: java\nplugins:\n  providers:\n    - name: roma\n      path: ${pluginDir}\n`,
                // Read by every `mvn` the Java host runs in the project: the SDK's version and where it was installed.
                ".mvn/maven.config": [`-Droma.version=${VERSION}`, ...mavenArgs()].join("\n") + "\n",
            },
            { kind: "java" },
        );
        cpSync(path.join(REPO, "test", "e2e", "programs", "java"), project.dir, { recursive: true });
        await project.initStack(emulator.url);

        await emulator.admin.clearRequests();
        const up = await project.ok(["up", "--yes"]);
        keepArtifact("java-up.txt", up.stdout);
        assert.match(up.stdout, /\+ {2}roma:fdi:TaskRunState +pipeline +created/);
        for (const t of TASKS) assert.ok((await runningTasks(emulator)).has(t), `${t} runs`);
        assert.deepEqual(await outputs(project), { tasks: TASKS.map((t) => `${t}=started`), read: TASKS.map((t) => `${t}=started`) });
        const stored = resourcesOf(await project.exportStack(), "roma:fdi:TaskRunState");
        assert.equal(stored.length, 1);
        assert.equal(stored[0].outputs?.state, "started");

        // Drift: stopped by hand, seen by refresh (and by getTasks), fixed by the next up with one call for it.
        await emulator.admin.seed({ tasks: [{ projectId: DEMO_PROJECT_ID, instanceId: "roma-nightly-inst", taskId: "orders-clean", status: "stopped" }] });
        await project.ok(["refresh", "--yes"]);
        await emulator.admin.clearRequests();
        const fix = await project.ok(["up", "--yes"]);
        keepArtifact("java-up-drift.txt", fix.stdout);
        assert.deepEqual(await batchWrites(emulator), [{ action: "start", tasks: ["orders-clean"] }]);
        assert.deepEqual(
            (await outputs(project)).read,
            TASKS.map((t) => `${t}=started`),
        );

        await project.ok(["destroy", "--yes"]);
        const running = await runningTasks(emulator);
        for (const t of TASKS) assert.ok(!running.has(t), `${t} restored to stopped`);
        assert.equal(project.backendFiles().includes(EMULATOR_TOKEN), false);
    });
});
