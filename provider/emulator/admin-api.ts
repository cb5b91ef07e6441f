// The emulator's admin interface (no auth, loopback only): where it lives and what it offers.
// The server routes by this table, and the CLI's --help and the 404 answer list it.

export const ADMIN_PREFIX = "/__emulator/";

export const ADMIN_ROUTES = {
    "GET state": "every task and job as stored",
    "POST seed": 'add or update tasks and jobs: { "replace"?: boolean, "tasks"?: [...], "jobs"?: [...] }',
    "POST remove-tasks": 'delete tasks: { "tasks": [{ "projectId", "instanceId", "taskId" }] }',
    "GET requests": "the log of API calls",
    "DELETE requests": "clear the log",
    "GET faults": 'the fault rules in force: { "rules": [...] }, each with "remaining" when it has "times"',
    "PUT faults": 'replace the fault rules: { "rules": [{ "operation"?, "kind", "times"?, "rate"?, ... }] }',
    "DELETE faults": "remove every fault rule",
    "GET iam": "the agencies and identity providers, and every temporary key and federated token issued (for leak audits)",
    "POST iam":
        'add agencies and OIDC identity providers: { "replace"?: boolean, "agencies"?: [{ "agencyName", "domainName"?, "domainId"? }], "identityProviders"?: [{ "idpId", "clientId", "issuer"? }] }',
} as const;

export type AdminRoute = keyof typeof ADMIN_ROUTES;

export const isAdminRoute = (key: string): key is AdminRoute => Object.hasOwn(ADMIN_ROUTES, key);
