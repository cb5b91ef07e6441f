// Wires configuration into ready API clients: IAM transport, authenticator, API transport.
import type { Dispatcher } from "undici";
import { createAuthenticator } from "../auth/authenticators";
import { describeCredentials } from "../config/resolve";
import type { ResolvedConfig } from "../config/types";
import { RomaApiError } from "../core/errors";
import { createDrsClient } from "./drs-client";
import { createFdiClient } from "./fdi-client";
import { requestIamToken } from "./iam";
import { createTransport } from "./transport";
import type { Transport } from "./transport-types";
import type { DrsClient, FdiClient } from "./types";

export interface ApiClients {
    fdi: FdiClient;
    drs: DrsClient;
    close(): Promise<void>;
}

export interface ClientOptions {
    dispatcher?: Dispatcher;
    retryBaseDelayMs?: number;
    retryMaxDelayMs?: number;
    concurrency?: number;
    /** The engine's Cancel: aborts requests in flight and ends every wait. */
    signal?: AbortSignal;
    /** Told each IAM token obtained, so it can be redacted wherever a server echoes it. */
    onToken?: (token: string) => void;
}

/**
 * Says in every authentication (401) or permission (403) error which credentials were used and
 * where they came from; the IAM token exchange of user/password sign-in fails through here too.
 */
function namingCredentials(transport: Transport, credentials: string): Transport {
    return {
        async send(req) {
            try {
                return await transport.send(req);
            } catch (err) {
                const authError = err instanceof RomaApiError && (err.httpStatus === 401 || err.httpStatus === 403) && err.credentials === undefined;
                throw authError ? err.withCredentials(credentials) : err;
            }
        },
    };
}

export function createClients(config: ResolvedConfig, opts: ClientOptions = {}): ApiClients {
    const common = {
        maxRetries: config.maxRetries,
        requestTimeoutMs: config.requestTimeoutMs,
        maxRequestsPerSecond: config.maxRequestsPerSecond,
        retryBaseDelayMs: opts.retryBaseDelayMs,
        retryMaxDelayMs: opts.retryMaxDelayMs,
        dispatcher: opts.dispatcher,
        signal: opts.signal,
    };
    const iamTransport = createTransport(common);
    const authenticator = createAuthenticator(config.credentials, {
        projectId: config.projectId,
        fetchToken: async (c) => {
            const token = await requestIamToken(iamTransport, {
                authUrl: c.authUrl,
                domainName: c.domainName,
                userName: c.userName,
                password: c.password,
                projectId: config.projectId,
                // Without a project ID the token is scoped by the region's default project name.
                projectName: config.projectId === undefined ? config.region : undefined,
            });
            opts.onToken?.(token.token);
            return token;
        },
    });
    const sender = createTransport({ ...common, authenticator });
    const transport = namingCredentials(sender, describeCredentials(config.credentials.kind, config.credentialSource));
    return {
        fdi: createFdiClient({ transport, endpoint: config.endpoint, concurrency: opts.concurrency }),
        drs: createDrsClient({ transport, endpoint: config.drsEndpoint }),
        close: async () => {
            await Promise.all([sender.close(), iamTransport.close()]);
        },
    };
}
