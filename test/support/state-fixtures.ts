// State written by a released version through the real provider host (test/fixtures/state-<v>/),
// as the state tests load it: the fixture's shape, and the resource as the engine holds it.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { RunningEmulator } from "../../provider/emulator";
import type { SeedData } from "../../provider/emulator/model";
import { ResourceFlow, type Stack } from "./engine";

type Obj = Record<string, unknown>;
export type Kind = ResourceFlow["kind"];

export interface StateFixture {
    description?: string;
    type: string;
    kind: Kind;
    id: string;
    inputs: Obj;
    state: Obj & { __provider: string; stateVersion: number };
    initError: boolean;
    emulatorSeed: SeedData;
    config: Record<string, string>;
}

/** The body of a start/stop call, as the emulator logs it. */
export interface BatchOperateBody {
    action_id: string;
    list: { task_id: string }[];
}

/** The states every release captures (test/fixtures/state-<version>/<name>.json). */
export const STATE_FIXTURE_NAMES = [
    "task-run-state-started",
    "task-run-state-stopped-keep",
    "task-run-state-partial",
    "task-progress-reset",
    "drs-job-retry-waited",
    "drs-job-retry-partial",
] as const;
export type StateFixtureName = (typeof STATE_FIXTURE_NAMES)[number];

export function loadStateFixture(version: string, name: StateFixtureName): StateFixture {
    return JSON.parse(readFileSync(path.resolve(__dirname, "..", "fixtures", `state-${version}`, `${name}.json`), "utf8")) as StateFixture;
}

/** The module a resource kind's stored `__provider` requires. */
export const shimOf = (kind: Kind) => `pulumi-roma-tasks/shims/${kind.replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase())}`;

/** The resource as the engine holds it after that version wrote it: id, stored outputs, init error. */
export function fromState(stack: Stack, fx: StateFixture, name: string): ResourceFlow {
    const flow = new ResourceFlow(stack, fx.kind, name);
    flow.id = fx.id;
    flow.state = structuredClone(fx.state);
    flow.initError = fx.initError;
    return flow;
}

/** The emulator put back to the cloud as the fixture captured it: no faults, an empty request log. */
export async function cloudAsCaptured(emulator: RunningEmulator, fx: StateFixture): Promise<void> {
    await emulator.admin.clearFaults();
    await emulator.admin.seed(fx.emulatorSeed);
    await emulator.admin.clearRequests();
}
