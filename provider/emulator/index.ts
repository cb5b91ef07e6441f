// `pulumi-roma-tasks/emulator`: a local emulator of the ROMA Connect FDI, DRS and IAM APIs for
// tests, examples and users' own CI. Loopback only. Every type this entry exposes comes from
// zod-free modules (types.ts, admin-api.ts), so users' compilers never load zod.
import { EmulatorAdminClient } from "./admin-client";
import { DEFAULT_EMULATOR_CREDENTIALS as DEFAULTS } from "./model";
import { EmulatorServer } from "./server";
import type { EmulatorCredentials, EmulatorOptions } from "./types";

export { EmulatorAdminClient } from "./admin-client";
export { ADMIN_PREFIX, ADMIN_ROUTES, type AdminRoute } from "./admin-api";
export { DEMO_INSTANCE_ID, DEMO_PROJECT_ID, DEMO_SEED } from "./demo";
export type {
    ActiveFaultRule,
    EmulatorAgency,
    EmulatorCredentials,
    EmulatorIamConfig,
    EmulatorIamState,
    EmulatorIdentityProvider,
    EmulatorOptions,
    EmulatorState,
    FaultRule,
    LoggedRequest,
    SeedData,
    SeedJob,
    SeedProject,
    SeedTask,
    StoredJob,
    StoredTask,
} from "./types";

/** Public dummy credentials the emulator accepts unless `startEmulator({ credentials })` says otherwise. */
export const DEFAULT_EMULATOR_CREDENTIALS: Readonly<Required<EmulatorCredentials>> = DEFAULTS;

/** An emulator started by `startEmulator()`. */
export interface RunningEmulator {
    /** http://127.0.0.1:PORT: the ROMA and DRS endpoint; IAM's authUrl is `${url}/v3`. */
    url: string;
    /** The port it listens on (the one picked, with `port: 0`). */
    port: number;
    /** Seeds data, injects faults and reads the request log. */
    admin: EmulatorAdminClient;
    /** Stops the server and closes open connections. */
    close(): Promise<void>;
    /** Exceptions the emulator caught in itself (each also given to `onBug`): empty unless it has a bug. */
    bugs(): string[];
}

/** Starts the emulator on 127.0.0.1 (`port: 0`, the default, picks a free port). */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
    const server = new EmulatorServer(opts);
    const port = await server.listen();
    const url = `http://127.0.0.1:${port}`;
    return { url, port, admin: new EmulatorAdminClient(url), close: () => server.close(), bugs: () => [...server.bugs] };
}
