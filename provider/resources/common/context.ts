// Builds what handlers get from outside (HandlerContext) out of one configuration: the API
// clients and their coordinator, made on first use and shared by every resource served under
// that configuration. The dynamic host keeps one per process; the plugin one per provider
// instance (the default provider and each explicit `roma.Provider`).
import type { Credentials } from "../../auth/types";
import { createClients } from "../../api/clients";
import { CONFIG_SOURCES, objectField, SECRET_FIELDS } from "../../config/sources";
import { STACK_CONFIG, type ConfigGetter, type ConfigOrigin, type Environment } from "../../config/lookup";
import { resolve, type Resolution } from "../../config/resolve";
import { ConfigError } from "../../core/errors";
import { coordinate, type ClaimRegistry, type Coordinated } from "../../coordinator";
import { sleepUnlessCancelled } from "../../core/cancel";
import { Redactor } from "../../core/redact";
import type { HandlerContext } from "./handler";

export interface ContextHandle {
    readonly context: HandlerContext;
    /**
     * Holds the clients open for one engine call; call the returned function when it ends. A
     * Configure that replaces this context closes the clients only once every call held is over,
     * so calls in flight finish on the clients they started with.
     */
    hold(): () => void;
    /** The engine's Cancel: every wait ends and every request in flight is aborted. */
    cancel(): void;
    /** Closes the clients, if any were made, once the calls held are over. */
    close(): Promise<void>;
}

/** Milliseconds between status polls; tests and the example shorten it. */
function pollIntervalMs(env: Environment): number {
    const raw = env.ROMA_POLL_INTERVAL_MS;
    const v = Number(raw);
    return raw !== undefined && Number.isFinite(v) && v >= 0 ? v : 2000;
}

/**
 * Settings whose values must never be shown, wherever they were set: the table's secret ones,
 * the access key ID among them (the schema stores it as a secret, so an error must not print it).
 */
const SECRET_SETTINGS = Object.values(CONFIG_SOURCES).filter((s) => s.secret);

/** The secrets credentials hold, wherever they came from. */
function secretsOf(c: Credentials): (string | undefined)[] {
    switch (c.kind) {
        case "aksk":
            return [c.accessKey, c.secretKey, c.securityToken];
        case "token":
            return [c.token];
        case "password":
            return [c.password];
        case "oidc":
            return [c.idToken];
    }
}

/** `origin`: how errors name the configuration `getConfig` reads (default: stack config). */
export function createHandlerContext(
    getConfig: ConfigGetter,
    env: Environment,
    log: (message: string) => void,
    origin: ConfigOrigin = STACK_CONFIG,
    /** The provider process's claims (ctx.api().claims), which Check and Diff record before any context connects. */
    claims?: ClaimRegistry,
): ContextHandle {
    let api: Coordinated | undefined;
    const cancelled = new AbortController();
    const redactor = new Redactor();
    // Every secret that is configured, used or not: an answer may quote any of them.
    for (const s of SECRET_SETTINGS) redactor.add(getConfig(s.key), ...s.env.map((e) => env[e]));
    for (const f of SECRET_FIELDS) redactor.add(objectField(getConfig(CONFIG_SOURCES[f.setting].key), f.field), ...f.env.map((e) => env[e]));
    // Resolved once, at the first call that needs a setting: the getter and the environment of a
    // context do not change (a Configure with other values makes a new context).
    let resolution: Resolution | undefined;
    const resolved = (): Resolution => {
        if (resolution) return resolution;
        resolution = resolve(getConfig, env, origin);
        // Credentials read from a KooCLI profile are no setting the redactor knows: an answer may quote them too.
        if (!(resolution.config instanceof ConfigError)) redactor.add(...secretsOf(resolution.config.credentials));
        return resolution;
    };
    const connect = (): Coordinated => {
        const { config, endpoints } = resolved();
        if (config instanceof ConfigError) throw config;
        const clients = createClients(config, {
            origin,
            endpoints,
            signal: cancelled.signal,
            onToken: (token) => redactor.add(token),
        });
        return coordinate(clients, { fdiEndpoint: config.endpoint, drsEndpoint: config.drsEndpoint, listingMaxAgeMs: config.listingMaxAgeMs, claims });
    };
    let held = 0;
    let drained: (() => void) | undefined;
    const release = () => {
        held--;
        if (held === 0) drained?.();
    };
    return {
        context: {
            api: () => (api ??= connect()),
            projectId: (input) => {
                if (input !== undefined && input !== "") return input;
                const { project } = resolved();
                if (project instanceof ConfigError) throw project;
                return project;
            },
            now: () => Date.now(),
            sleep: (ms) => sleepUnlessCancelled(ms, cancelled.signal),
            pollIntervalMs: pollIntervalMs(env),
            log: (message) => log(redactor.text(message)),
            signal: cancelled.signal,
            redactor,
        },
        hold() {
            held++;
            let released = false;
            return () => {
                if (released) return;
                released = true;
                release();
            };
        },
        cancel: () => cancelled.abort(),
        async close() {
            if (held > 0) await new Promise<void>((resolve) => (drained = resolve));
            const open = api;
            api = undefined;
            await open?.clients.close();
        },
    };
}

/** The configured project, or undefined when none is: Check and Diff do not fail for want of it (a write does). */
export function configuredProject(ctx: Pick<HandlerContext, "projectId">): string | undefined {
    try {
        return ctx.projectId(undefined);
    } catch {
        return undefined;
    }
}
