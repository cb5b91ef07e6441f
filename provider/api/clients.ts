// Wires configuration into ready API clients: IAM transport, authenticator, API transport.
import type { Dispatcher } from "undici";
import { createAuthenticator } from "../auth/authenticators";
import type { ResolvedConfig } from "../config/schema";
import { createDrsClient } from "./drs-client";
import { createFdiClient } from "./fdi-client";
import { requestIamToken } from "./iam";
import { createTransport } from "./transport";
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
}

export function createClients(config: ResolvedConfig, opts: ClientOptions = {}): ApiClients {
    const common = {
        maxRetries: config.maxRetries,
        requestTimeoutMs: config.requestTimeoutMs,
        maxRequestsPerSecond: config.maxRequestsPerSecond,
        retryBaseDelayMs: opts.retryBaseDelayMs,
        retryMaxDelayMs: opts.retryMaxDelayMs,
        dispatcher: opts.dispatcher,
    };
    const iamTransport = createTransport(common);
    const authenticator = createAuthenticator(config.credentials, {
        projectId: config.projectId,
        fetchToken: (c) =>
            requestIamToken(iamTransport, {
                authUrl: c.authUrl,
                domainName: c.domainName,
                userName: c.userName,
                password: c.password,
                projectId: config.projectId,
                // Without a project ID the token is scoped by the region's default project name.
                projectName: config.projectId === undefined ? config.region : undefined,
            }),
    });
    const transport = createTransport({ ...common, authenticator });
    return {
        fdi: createFdiClient({ transport, endpoint: config.endpoint, concurrency: opts.concurrency }),
        drs: createDrsClient({ transport, endpoint: config.drsEndpoint }),
        close: async () => {
            await Promise.all([transport.close(), iamTransport.close()]);
        },
    };
}
