// Builds what handlers get from outside (HandlerContext) out of one configuration: the API
// clients and their coordinator, made on first use and shared by every resource served under
// that configuration. The dynamic host keeps one per process; the plugin one per provider
// instance (the default provider and each explicit `roma.Provider`).
import { createClients } from "../../api/clients";
import { endpointSources, resolveConfig, resolveProjectId, STACK_CONFIG, type ConfigGetter, type ConfigOrigin, type Environment } from "../../config/resolve";
import { coordinate, type Coordinated } from "../../coordinator";
import type { HandlerContext } from "./handler";

export interface ContextHandle {
    readonly context: HandlerContext;
    /** Closes the clients, if any were made, once their requests are answered. */
    close(): Promise<void>;
}

/** Milliseconds between status polls; tests and the example shorten it. */
function pollIntervalMs(env: Environment): number {
    const raw = env.ROMA_POLL_INTERVAL_MS;
    const v = Number(raw);
    return raw !== undefined && Number.isFinite(v) && v >= 0 ? v : 2000;
}

/** `origin`: how errors name the configuration `getConfig` reads (default: stack config). */
export function createHandlerContext(
    getConfig: ConfigGetter,
    env: Environment,
    log: (message: string) => void,
    origin: ConfigOrigin = STACK_CONFIG,
): ContextHandle {
    let api: Coordinated | undefined;
    const connect = (): Coordinated => {
        const config = resolveConfig(getConfig, env);
        const clients = createClients(config, { origin, endpoints: endpointSources(getConfig, env, origin) });
        return coordinate(clients, { fdiEndpoint: config.endpoint, drsEndpoint: config.drsEndpoint, listingMaxAgeMs: config.listingMaxAgeMs });
    };
    return {
        context: {
            api: () => (api ??= connect()),
            projectId: (input) => resolveProjectId(input, getConfig, env),
            now: () => Date.now(),
            sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
            pollIntervalMs: pollIntervalMs(env),
            log,
        },
        async close() {
            const open = api;
            api = undefined;
            await open?.clients.close();
        },
    };
}
