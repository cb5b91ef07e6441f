// One emulator per suite, put back to the suite's seed before each test (faults and the
// request log cleared), and raw HTTP calls to it as any client would make them.
import { DEFAULT_EMULATOR_CREDENTIALS, startEmulator, type RunningEmulator, type SeedData } from "../../provider/emulator";

/** Registers mocha hooks; the returned getter is valid inside tests and later hooks. */
export function useEmulator(seed: SeedData): () => RunningEmulator {
    let emulator: RunningEmulator | undefined;
    const current = () => {
        if (!emulator) throw new Error("emulator not started");
        return emulator;
    };
    before(async () => {
        emulator = await startEmulator();
    });
    after(async () => emulator?.close());
    // A bug in the emulator is answered 400 EMU.BUG: fail the test that met it, not a later one.
    afterEach(() => {
        const bugs = emulator?.bugs() ?? [];
        if (bugs.length > 0) throw new Error(`the emulator logged a bug:\n${bugs.join("\n")}`);
    });
    beforeEach(async () => {
        const admin = current().admin;
        await admin.clearFaults();
        await admin.seed({ replace: true, ...seed });
        await admin.clearRequests();
    });
    return current;
}

/** A raw JSON call, authenticated with the emulator's static token unless `headers` say otherwise. */
export async function callEmulator(
    emulator: RunningEmulator,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = { "X-Auth-Token": "emulator-token" },
) {
    const res = await fetch(emulator.url + path, {
        method,
        headers: { "Content-Type": "application/json", ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, requestId: res.headers.get("x-request-id") };
}

/** An IAM token for the emulator's default user, scoped as `scope` says (`{ project: { id } }`, `{ project: { name } }`, …). */
export async function requestToken(emulator: RunningEmulator, scope: Record<string, unknown>) {
    const u = DEFAULT_EMULATOR_CREDENTIALS.users[0];
    const res = await fetch(`${emulator.url}/v3/auth/tokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
            auth: {
                identity: { methods: ["password"], password: { user: { domain: { name: u.domainName }, name: u.userName, password: u.password } } },
                scope,
            },
        }),
    });
    return { status: res.status, token: res.headers.get("x-subject-token"), body: (await res.json()) as Record<string, unknown> };
}

/** The stack's `roma:*` config that points a program at `emulator`, with its static token. */
export function emulatorStackConfig(emulator: RunningEmulator, projectId: string): Record<string, string> {
    return {
        "roma:endpoint": emulator.url,
        "roma:drsEndpoint": emulator.url,
        "roma:projectId": projectId,
        "roma:authToken": DEFAULT_EMULATOR_CREDENTIALS.tokens[0],
    };
}
