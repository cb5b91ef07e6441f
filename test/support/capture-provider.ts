// Runs a program under `pulumi.runtime.setMocks` in the fixture project, with the fixture's own
// installed @pulumi/pulumi and pulumi-roma-tasks, and returns what the engine would store as
// each resource's type token and `__provider`.
import { execFileSync } from "node:child_process";

export interface CapturedResource {
    type: string;
    name: string;
    provider: string;
    /** Whether __provider arrived secret-wrapped (it must not). */
    secret: boolean;
}

/** The resources the program declares: one of each of this package's. */
const OURS = `
const roma = require("pulumi-roma-tasks");
new roma.TaskRunState("runstate", { instanceId: "inst-1", taskIds: ["t1", "t2"], state: "started" });
new roma.TaskProgressReset("reset", { instanceId: "inst-1", taskId: "m1", dateFrom: "2026-11-01T00:00:00Z" });
new roma.DrsJobRetry("retry", { jobIds: ["j1"] });
`;

const program = (resources: string) => `
const pulumi = require("@pulumi/pulumi");
const { specialSigKey, specialSecretSig } = pulumi.runtime;
const out = [];
pulumi.runtime.setMocks({
  newResource: (a) => {
    const p = a.inputs.__provider;
    const secret = typeof p === "object" && p !== null && p[specialSigKey] === specialSecretSig;
    out.push({ type: a.type, name: a.name, provider: secret ? p.value : p, secret });
    return { id: a.name + "-id", state: a.inputs };
  },
  call: () => ({}),
}, "fixture", "dev", false);
${resources}
setTimeout(() => process.stdout.write(JSON.stringify(out)), 500);
`;

/** `resources`: code declaring the resources (with `pulumi` in scope); default one of each of ours. Keyed by the type's last part. */
export function captureProviders(fixtureDir: string, resources = OURS): Record<string, CapturedResource> {
    const text = execFileSync(process.execPath, ["-e", program(resources)], { cwd: fixtureDir, encoding: "utf8" });
    const list = JSON.parse(text) as CapturedResource[];
    return Object.fromEntries(list.map((r) => [r.type.split(":").pop() as string, r]));
}
