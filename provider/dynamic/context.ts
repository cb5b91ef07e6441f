// The provider process's context: the stack config handed to configure(), and the handler
// context built from it (resources/common/context.ts), shared by every resource the host
// serves. Handlers get it as a HandlerContext; nothing else reads it.
import { CONFIG_SOURCES } from "../config/sources";
import { unknownKeyWarnings } from "../config/unknown-keys";
import { ClaimRegistry } from "../coordinator";
import { engineAddress, engineLog, type EngineLog } from "./engine-log";
import { createHandlerContext, type ContextHandle } from "../resources/common/context";
import type { HandlerContext } from "../resources/common/handler";
import type { ConfigureRequest } from "./types";

let stackConfig: Record<string, string | undefined> = {};
/** The claims of every resource this host serves, for the life of the process (one command): a Configure does not replace them. */
export const claims = new ClaimRegistry();
let current: ContextHandle | undefined;

/**
 * The host calls this once per distinct `__provider` it loads, so three times in a stack that
 * uses all three resources, each time with the same stack config: only a change of config
 * replaces the clients (the old ones close once their requests are answered).
 */
export async function configure(req: ConfigureRequest): Promise<void> {
    const next: Record<string, string | undefined> = {};
    for (const s of Object.values(CONFIG_SOURCES)) {
        const v: unknown = req.config.get(s.key);
        // An object setting may come parsed; it is read as the JSON text stack config holds.
        next[s.key] = v !== null && typeof v === "object" ? JSON.stringify(v) : (v as string | undefined);
    }
    warnUnknownKeys(Object.keys(req.config.rawConfig ?? {}));
    if (JSON.stringify(next) === JSON.stringify(stackConfig)) return;
    stackConfig = next;
    const replaced = current;
    current = undefined;
    await replaced?.close();
}

export function handlerContext(): HandlerContext {
    current ??= createHandlerContext(
        (key) => stackConfig[key],
        process.env,
        (message) => console.log(message),
        undefined,
        claims,
    );
    return current.context;
}

let engine: EngineLog | undefined;
const warned = new Set<string>();

/** Each `roma:*` key that is no setting, said once per process as a warning naming the nearest known one. */
function warnUnknownKeys(keys: readonly string[]): void {
    for (const warning of unknownKeyWarnings(keys, true)) {
        if (warned.has(warning)) continue;
        warned.add(warning);
        engine ??= engineLog(engineAddress(), (message) => console.log(message));
        engine(warning, { warning: true });
    }
}

/**
 * A resource's progress, sent to the engine this host was started for (its first argument):
 * an ephemeral line is the resource's status, a final one stays. A final line the engine cannot
 * take goes to stdout, as every other line of the provider does; a status line is dropped.
 */
export function statusFor(urn: string | undefined): (message: string, final: boolean) => void {
    engine ??= engineLog(engineAddress(), (message, line) => {
        if (!line.ephemeral) console.log(message);
    });
    const send = engine;
    return (message, final) => send(message, { ...(urn !== undefined && { urn }), ephemeral: !final });
}
