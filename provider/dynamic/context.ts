// Per-process provider context: the stack config handed to configure(), and API clients built
// lazily from it (and the environment) on first use, then shared by every resource.
import { createClients, type ApiClients } from "../api/clients";
import { ConfigError } from "../api/errors";
import { CONFIG_SOURCES } from "../config/schema";
import { resolveConfig } from "../config/resolve";
import type { ConfigureRequest } from "./provider-types";

let stackConfig: Record<string, string | undefined> = {};
let clients: ApiClients | undefined;
let factory: () => ApiClients = () => createClients(resolveConfig((key) => stackConfig[key], process.env));

export function configure(req: ConfigureRequest): void {
    const next: Record<string, string | undefined> = {};
    for (const s of Object.values(CONFIG_SOURCES)) next[s.key] = req.config.get(s.key);
    stackConfig = next;
    clients = undefined;
}

export function getClients(): ApiClients {
    clients ??= factory();
    return clients;
}

/** The project of a resource: its own input, else config, else a clear error. */
export function projectIdFor(input: unknown): string {
    if (typeof input === "string" && input !== "") return input;
    const fromConfig = stackConfig[CONFIG_SOURCES.projectId.key] ?? process.env[CONFIG_SOURCES.projectId.env[0]];
    if (fromConfig) return fromConfig;
    throw new ConfigError(`no project: set the resource's projectId, or ${CONFIG_SOURCES.projectId.key} (${CONFIG_SOURCES.projectId.env.join(", ")})`);
}

/** Milliseconds between status polls; tests and the example shorten it. */
export function pollIntervalMs(): number {
    const v = Number(process.env.ROMA_POLL_INTERVAL_MS);
    return Number.isFinite(v) && v >= 0 ? v : 2000;
}

/** For unit tests: serve fake clients instead of real ones. */
export function setClientFactoryForTests(f: () => ApiClients): void {
    factory = f;
    clients = undefined;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
