// State as the real engine writes it, kept as fixtures (test/fixtures/engine-state/): a
// `pulumi stack export` of a scenario's stack right after its first `up`, with the cloud as it
// then stood, so a later version can import it and run refresh, preview and destroy on it.
import type { RunningEmulator, SeedData } from "../../../provider/emulator";
import { keepArtifact, type CliProject, type StackExport } from "./cli";

export interface EngineStateFixture {
    description: string;
    /** The package and CLI versions that wrote it. */
    writtenBy: { package: string; pulumi: string };
    /** The emulator's URL when it was written; stored provider inputs name it. */
    emulatorUrl: string;
    /** The tasks and jobs as they stood, as a seed. */
    cloud: SeedData;
    deployment: StackExport;
}

/** The emulator's tasks and jobs as a seed that recreates them. */
export async function cloudAsSeed(emulator: RunningEmulator): Promise<SeedData> {
    const { tasks, jobs } = await emulator.admin.state();
    return {
        replace: true,
        tasks: tasks.map((t) => ({
            projectId: t.projectId,
            instanceId: t.instanceId,
            taskId: t.taskId,
            taskName: t.taskName,
            taskType: t.taskType,
            status: t.status === 1 ? "started" : "stopped",
            executeStatus: t.executeStatus,
            extType: t.extType,
            scheduled: t.scheduled,
            taskTag: t.taskTag,
        })),
        jobs: jobs.map((j) => ({
            projectId: j.projectId,
            jobId: j.jobId,
            status: j.status,
            retryOutcome: j.retryOutcome,
            afterRetryStatus: j.afterRetryStatus,
        })),
    };
}

/** Keeps the stack as the engine stored it (ROMA_E2E_ARTIFACTS), as `<name>.json`. */
export async function keepEngineState(name: string, description: string, project: CliProject, emulator: RunningEmulator, pkgVersion: string): Promise<void> {
    if (!process.env.ROMA_E2E_ARTIFACTS) return;
    const version = (await project.ok(["version"])).stdout.trim();
    const fixture: EngineStateFixture = {
        description,
        writtenBy: { package: pkgVersion, pulumi: version },
        emulatorUrl: emulator.url,
        cloud: await cloudAsSeed(emulator),
        deployment: await project.exportStack(),
    };
    keepArtifact(`${name}.json`, `${JSON.stringify(fixture, null, 2)}\n`);
}
