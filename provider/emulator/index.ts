// `pulumi-roma-tasks/emulator`: a local emulator of the ROMA Connect FDI, DRS and IAM APIs for
// tests, examples and users' own CI. Loopback only.
import { EmulatorAdminClient } from "./admin-client";
import { EmulatorServer, type EmulatorOptions } from "./server";

export { EmulatorAdminClient } from "./admin-client";
export { ADMIN_PREFIX, type EmulatorOptions } from "./server";
export { DEFAULT_EMULATOR_CREDENTIALS } from "./model";
export type { EmulatorCredentials, EmulatorState, FaultRule, LoggedRequest, SeedData, SeedJob, SeedProject, SeedTask } from "./model";

export interface RunningEmulator {
    /** http://127.0.0.1:PORT: the ROMA and DRS endpoint; IAM's authUrl is `${url}/v3`. */
    url: string;
    port: number;
    admin: EmulatorAdminClient;
    close(): Promise<void>;
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
    const server = new EmulatorServer(opts);
    const port = await server.listen();
    const url = `http://127.0.0.1:${port}`;
    return { url, port, admin: new EmulatorAdminClient(url), close: () => server.close() };
}
