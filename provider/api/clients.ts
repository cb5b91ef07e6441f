// Wires configuration into ready API clients: IAM transport, authenticator, API transport.
import type { Dispatcher } from "undici";
import { createAuthenticator, temporaryKeysAuthenticator } from "../auth/authenticators";
import { describeCredentials } from "../config/credentials";
import type { EndpointSource } from "../config/endpoints";
import { STACK_CONFIG, type ConfigOrigin } from "../config/lookup";
import type { EndpointSetting } from "../config/sources";
import type { ResolvedConfig } from "../config/types";
import { RomaApiError } from "../core/errors";
import { createDrsClient } from "./drs-client";
import { createFdiClient } from "./fdi-client";
import { temporaryKeys } from "./federation";
import { requestIamToken } from "./iam";
import { createTransport, type HttpTransport } from "./transport";
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
    /** How errors name the configuration (stack config, or an explicit provider's arguments). */
    origin?: ConfigOrigin;
    /** Where each endpoint came from, named when its host cannot be reached. */
    endpoints?: Partial<Record<EndpointSetting, EndpointSource>>;
    /** The engine's Cancel: aborts requests in flight and ends every wait. */
    signal?: AbortSignal;
    /** Told each IAM token obtained, so it can be redacted wherever a server echoes it. */
    onToken?: (token: string) => void;
    /** The clock that decides when temporary keys are renewed (tests move it; signatures keep the real one). */
    now?: () => number;
}

/**
 * ROMA Connect's regions in the official SDK (huaweicloud-sdk-go-v3
 * `services/roma/v2/region/region.go`), named when a region's host does not resolve.
 */
const ROMA_REGIONS = ["cn-north-1", "cn-north-4", "cn-east-2", "cn-east-3", "cn-south-1", "ap-southeast-1", "ap-southeast-3", "ru-northwest-2"];
const ENDPOINTS_PAGE = "https://developer.huaweicloud.com/intl/en-us/endpoint";

/** The likely cause of a call that got no answer, from the setting that named its host. */
function unreachableHint(err: RomaApiError, source: EndpointSource | undefined): string | undefined {
    // An error already explained (the IAM call inside an FDI or DRS call) keeps its own cause.
    if (source === undefined || err.hint !== undefined || err.httpStatus !== undefined || err.errorMessage === undefined) return undefined;
    if (err.errorMessage.startsWith("connection refused")) {
        return `nothing accepts connections there: check ${source.label} (and, for the emulator, that it is running)`;
    }
    if (!err.errorMessage.startsWith("host name not resolved")) return undefined;
    if (source.region === undefined) return `check the host name in ${source.label}`;
    const roma = ROMA_REGIONS.includes(source.region) ? "" : `; ROMA Connect's regions are ${ROMA_REGIONS.join(", ")}`;
    return `the host was ${source.label}: check the region${roma} (every service's regions: ${ENDPOINTS_PAGE}), or set the endpoint`;
}

/** The transport with every error it throws passed through `map` first. */
function mappingErrors(transport: Transport, map: (err: unknown) => unknown): Transport {
    return {
        reportsDispatch: transport.reportsDispatch,
        async send(req) {
            try {
                return await transport.send(req);
            } catch (err) {
                throw map(err);
            }
        },
    };
}

/**
 * Names in an error what the user set that it is about: the setting behind a host that could not
 * be reached, and in an authentication (401) or permission (403) error which credentials were
 * used and where they came from. One pass over each error, whichever applies.
 */
function naming(transport: Transport, endpoint: EndpointSource | undefined, credentials?: string): Transport {
    if (endpoint === undefined && credentials === undefined) return transport;
    return mappingErrors(transport, (err) => {
        if (!(err instanceof RomaApiError)) return err;
        const refused = credentials !== undefined && (err.httpStatus === 401 || err.httpStatus === 403) && err.credentials === undefined;
        const named = refused ? err.withCredentials(credentials) : err;
        const hint = unreachableHint(named, endpoint);
        return hint === undefined ? named : named.withHint(hint);
    });
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
    const c = config.credentials;
    const base =
        c.kind === "oidc"
            ? undefined
            : createAuthenticator(c, {
                  projectId: config.projectId,
                  fetchToken: async (c, projectId) => {
                      const token = await requestIamToken(naming(iamTransport, opts.endpoints?.authUrl), {
                          authUrl: c.authUrl,
                          domainName: c.domainName,
                          userName: c.userName,
                          password: c.password,
                          projectId,
                          // Without a project ID the token is scoped by the region's default project name.
                          projectName: projectId === undefined ? config.region : undefined,
                      });
                      opts.onToken?.(token.token);
                      return token;
                  },
              });
    const credentials = config.credentialLabel ?? describeCredentials(c.kind, config.credentialSource, opts.origin ?? STACK_CONFIG);
    const transports: HttpTransport[] = [iamTransport];
    const federated = c.kind === "oidc" || config.assumeRole !== undefined;
    let authenticator = base;
    if (federated) {
        const authUrl = config.authUrl ?? (c.kind === "password" ? c.authUrl : undefined);
        if (authUrl === undefined) throw new Error("createClients: an agency or OIDC federation needs the resolved authUrl");
        const baseTransport = base && createTransport({ ...common, authenticator: base });
        if (baseTransport) transports.push(baseTransport);
        const iam = naming(iamTransport, opts.endpoints?.authUrl);
        const keys = temporaryKeys(
            {
                oidc: c.kind === "oidc" ? { ...c, label: credentials } : undefined,
                agency: config.assumeRole && { ...config.assumeRole, label: config.agencyLabel ?? "roma:assumeRole" },
                baseLabel: credentials,
                identity: [c, config.assumeRole, config.projectId],
            },
            {
                authUrl,
                iam,
                base: baseTransport && naming(baseTransport, opts.endpoints?.authUrl),
                signedWith: (k) => {
                    const t = createTransport({ ...common, authenticator: temporaryKeysAuthenticator(async () => k, {}) });
                    transports.push(t);
                    return naming(t, opts.endpoints?.authUrl);
                },
                projectId: config.projectId,
                region: config.region,
                onSecret: opts.onToken,
                now: opts.now,
            },
        );
        authenticator = temporaryKeysAuthenticator(keys.keys, { projectId: config.projectId, invalidate: keys.invalidate });
    }
    const sender = createTransport({ ...common, authenticator });
    transports.push(sender);
    return {
        fdi: createFdiClient({ transport: naming(sender, opts.endpoints?.endpoint, credentials), endpoint: config.endpoint, concurrency: opts.concurrency }),
        drs: createDrsClient({ transport: naming(sender, opts.endpoints?.drsEndpoint, credentials), endpoint: config.drsEndpoint }),
        close: async () => {
            await Promise.all(transports.map((t) => t.close()));
        },
    };
}
