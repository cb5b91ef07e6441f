// The provider process's context: the stack config handed to configure(), and API clients
// built lazily from it (and the environment) on first use, then shared by every resource the
// host serves. Handlers get it as a HandlerContext; nothing else reads it.
import { createClients } from "../api/clients";
import { resolveConfig, resolveProjectId, type ConfigGetter } from "../config/resolve";
import { CONFIG_SOURCES } from "../config/sources";
import { coordinate, type Coordinated } from "../coordinator";
import type { HandlerContext } from "../resources/common/handler";
import type { ConfigureRequest } from "./types";

let stackConfig: Record<string, string | undefined> = {};
let api: Coordinated | undefined;

const getConfig: ConfigGetter = (key) => stackConfig[key];

/**
 * The host calls this once per distinct `__provider` it loads, so three times in a stack that
 * uses all three resources, each time with the same stack config: only a change of config
 * replaces the clients (the old ones close once their requests are answered).
 */
export async function configure(req: ConfigureRequest): Promise<void> {
    const next: Record<string, string | undefined> = {};
    for (const s of Object.values(CONFIG_SOURCES)) next[s.key] = req.config.get(s.key);
    if (JSON.stringify(next) === JSON.stringify(stackConfig)) return;
    stackConfig = next;
    const replaced = api;
    api = undefined;
    await replaced?.clients.close();
}

/** Milliseconds between status polls; tests and the example shorten it. */
function pollIntervalMs(): number {
    const v = Number(process.env.ROMA_POLL_INTERVAL_MS);
    return process.env.ROMA_POLL_INTERVAL_MS !== undefined && Number.isFinite(v) && v >= 0 ? v : 2000;
}

function connect(): Coordinated {
    const config = resolveConfig(getConfig, process.env);
    return coordinate(createClients(config), { fdiEndpoint: config.endpoint, drsEndpoint: config.drsEndpoint, listingMaxAgeMs: config.listingMaxAgeMs });
}

export function handlerContext(): HandlerContext {
    return {
        api: () => (api ??= connect()),
        projectId: (input) => resolveProjectId(input, getConfig, process.env),
        now: () => Date.now(),
        sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
        pollIntervalMs: pollIntervalMs(),
        log: (message) => console.log(message),
    };
}
