// Maven as the end-to-end suite runs it: batch mode, no colours or transfer log, and a local
// repository of its own beside the Pulumi toolchain's cache (`npm run pulumi:where`), so the
// suite's builds of sdk/java never land in the developer's ~/.m2, where they would shadow the
// released artifact of the same version. Its downloads from Maven Central persist between runs;
// a cold repository is filled on the first run.
import { homedir } from "node:os";
import * as path from "node:path";

/** ROMA_MAVEN_REPO, or pulumi-roma-tasks/m2 under $XDG_CACHE_HOME or ~/.cache. */
export const MAVEN_REPO = process.env.ROMA_MAVEN_REPO ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache"), "pulumi-roma-tasks", "m2");

/** The options of every `mvn` the suite runs or has the Java host run. */
export function mavenArgs(): string[] {
    return ["--batch-mode", "--no-transfer-progress", "-Dstyle.color=never", `-Dmaven.repo.local=${MAVEN_REPO}`];
}
