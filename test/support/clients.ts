// API clients against an emulator, as the client suites make them: token-authenticated, with
// short retry delays and a rate high enough that pacing never shows in a call count.
import { createClients, type ApiClients } from "../../provider/api/clients";
import { resolveConfig } from "../../provider/config/resolve";
import type { RunningEmulator } from "../../provider/emulator";

/** Clients for project `proj01` on `emulator`; `env` overrides settings, as the environment would. */
export function clientsFor(emulator: RunningEmulator, env: Record<string, string> = {}, concurrency?: number): ApiClients {
    const config = resolveConfig(() => undefined, {
        ROMA_ENDPOINT: emulator.url,
        DRS_ENDPOINT: emulator.url,
        HW_PROJECT_ID: "proj01",
        HW_AUTH_TOKEN: "emulator-token",
        // Call counts and concurrency, not pacing, are asserted here; flow control has tests of its own.
        ROMA_MAX_REQUESTS_PER_SECOND: "1000",
        ...env,
    });
    return createClients(config, { retryBaseDelayMs: 5, retryMaxDelayMs: 40, concurrency });
}
