// The table of API operations: each one's name (as the official SDKs call it), method and path
// template. The client builds every URL from it and the emulator routes every request by it,
// so a path is written exactly once.
import { checkId } from "./ids";

export type HttpMethod = "GET" | "POST";
/** Which configured base URL an operation is relative to. */
export type Service = "fdi" | "drs" | "iam";

export interface OperationSpec {
    method: HttpMethod;
    service: Service;
    /** Path template; `{name}` parameters are IDs, checked by the ID rule and URL-encoded. */
    path: string;
    /**
     * Whether sending the call twice leaves the same end state, so an attempt whose answer was
     * lost (5xx, reset, timeout) may be sent again. A DRS retry is not: a second retry of a job
     * the first one resumed is refused, which would hide that the first one worked.
     */
    idempotent: boolean;
}

export const OPERATIONS = {
    ListTasks: { method: "GET", service: "fdi", path: "/v2/{project_id}/fdi/instances/{instance_id}/tasks", idempotent: true },
    ShowTask: { method: "GET", service: "fdi", path: "/v2/{project_id}/fdi/instances/{instance_id}/tasks/{task_id}", idempotent: true },
    // Each task's last run and schedule (https://support.huaweicloud.com/intl/en-us/api-roma/ListMonitorInfos.html).
    ListMonitorInfos: { method: "GET", service: "fdi", path: "/v2/{project_id}/fdi/instances/{instance_id}/task-monitors", idempotent: true },
    // [I] A repeated start answers FDI.3023 ("running"), which callers count as done; a repeated stop leaves the task stopped.
    BatchStartOrStopTasks: { method: "POST", service: "fdi", path: "/v2/{project_id}/fdi/instances/{instance_id}/batch-operation/tasks", idempotent: true },
    // [I] Resetting to the same date_from twice leaves the same progress.
    ResetMultiTaskOffset: {
        method: "POST",
        service: "fdi",
        path: "/v2/{project_id}/fdi/instances/{instance_id}/multi-tasks/{task_id}/reset",
        idempotent: true,
    },
    BatchRestoreTask: { method: "POST", service: "drs", path: "/v3/{project_id}/jobs/batch-retry-task", idempotent: false },
    BatchListJobStatus: { method: "POST", service: "drs", path: "/v3/{project_id}/jobs/batch-status", idempotent: true },
    KeystoneCreateUserTokenByPassword: { method: "POST", service: "iam", path: "/v3/auth/tokens", idempotent: true },
    // One route, two official operations (huaweicloud-sdk-go-v3 services/iam/v3): temporary keys
    // for an agency (`assume_role`) or for a token (`token`); the body's method tells them apart.
    CreateTemporaryAccessKeyByAgency: { method: "POST", service: "iam", path: "/v3.0/OS-CREDENTIAL/securitytokens", idempotent: true },
    CreateTemporaryAccessKeyByToken: { method: "POST", service: "iam", path: "/v3.0/OS-CREDENTIAL/securitytokens", idempotent: true },
    // An OIDC ID token for a federated token (X-Idp-Id names the identity provider).
    CreateTokenWithIdToken: { method: "POST", service: "iam", path: "/v3.0/OS-AUTH/id-token/tokens", idempotent: true },
} as const satisfies Record<string, OperationSpec>;

export type OperationName = keyof typeof OPERATIONS;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

type ParamsOf<P extends string> = P extends `${string}{${infer K}}${infer Rest}` ? K | ParamsOf<Rest> : never;
/** The path parameters an operation needs, e.g. `{ project_id, instance_id }` for ListTasks. */
export type PathParams<O extends OperationName> = Record<ParamsOf<(typeof OPERATIONS)[O]["path"]>, string>;

/** The operation's path with every parameter checked and encoded. */
export function buildPath<O extends OperationName>(operation: O, params: PathParams<O>): string {
    const values = params as Record<string, string>;
    return OPERATIONS[operation].path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const v = values[name];
        if (v === undefined) throw new Error(`${operation}: path parameter ${name} is missing`);
        return encodeURIComponent(checkId(name, v));
    });
}

interface CompiledRoute {
    operation: OperationName;
    method: HttpMethod;
    names: string[];
    pattern: RegExp;
}

const ROUTES: CompiledRoute[] = OPERATION_NAMES.map((operation) => {
    const spec: OperationSpec = OPERATIONS[operation];
    const names: string[] = [];
    const source = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
        names.push(name);
        return "([^/]+)";
    });
    // A trailing slash is tolerated, as the gateway does.
    return { operation, method: spec.method, names, pattern: new RegExp(`^${source}/?$`) };
});

/** A malformed escape stays as it came; the ID rule then refuses it (it contains '%'). */
function safeDecode(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
}

/**
 * The operation a request is for, with its decoded path parameters (not checked: a server
 * answers bad ones with the API's own error). A path can match several templates only if
 * their methods differ, so the first match is the only one.
 */
export function matchOperation(method: string, pathname: string): { operation: OperationName; params: Record<string, string> } | undefined {
    for (const r of ROUTES) {
        if (r.method !== method) continue;
        const m = r.pattern.exec(pathname);
        if (!m) continue;
        const params: Record<string, string> = {};
        r.names.forEach((n, i) => {
            params[n] = safeDecode(m[i + 1]);
        });
        return { operation: r.operation, params };
    }
    return undefined;
}
