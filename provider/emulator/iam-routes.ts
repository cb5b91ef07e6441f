// The emulated IAM token call (password method), enough for the provider's token exchange.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { EmulatorCredentials, IssuedToken } from "./model";
import type { Reply } from "./reply";

const TokenBody = z.object({
    auth: z.object({
        identity: z.object({
            methods: z.array(z.string()),
            password: z.object({ user: z.object({ domain: z.object({ name: z.string() }), name: z.string(), password: z.string() }) }),
        }),
        scope: z.object({
            project: z.object({ id: z.string().optional(), name: z.string().optional() }).optional(),
            domain: z.object({ name: z.string().optional() }).optional(),
        }),
    }),
});

const unauthorized = (message: string): Reply => ({ status: 401, body: { error: { code: 401, message, title: "Unauthorized" } } });

/**
 * Issues a token scoped as asked: to a project by ID (any ID [I]: the emulator keeps no project
 * list of its own), to a project by name (seeded under `projects`; an unknown name is refused as
 * IAM refuses it), or to the domain (which no ROMA or DRS URL accepts).
 */
/** What the emulator's IAM issues tokens from, and where it keeps them. */
export interface TokenIssuer {
    creds: Required<EmulatorCredentials>;
    issued: Map<string, IssuedToken>;
    ttlSeconds: number;
    now: number;
    projectIdByName: (name: string) => string | undefined;
}

export function issueToken(raw: unknown, { creds, issued, ttlSeconds, now, projectIdByName }: TokenIssuer): Reply {
    const parsed = TokenBody.safeParse(raw);
    if (!parsed.success || !parsed.data.auth.identity.methods.includes("password")) {
        return { status: 400, body: { error: { code: 400, message: "The request body is invalid.", title: "Bad Request" } } };
    }
    const u = parsed.data.auth.identity.password.user;
    const ok = creds.users.some((x) => x.domainName === u.domain.name && x.userName === u.name && x.password === u.password);
    if (!ok) return unauthorized("The username or password is wrong.");
    const project = parsed.data.auth.scope.project;
    let projectId: string | undefined;
    if (project) {
        projectId = project.id ?? (project.name === undefined ? undefined : projectIdByName(project.name));
        if (projectId === undefined) {
            // [I] Keystone answers an unknown scope with 401; the hint names the emulator's seed.
            return unauthorized(`The project ${JSON.stringify(project.name ?? "")} does not exist (emulator: seed it under "projects").`);
        }
    }
    const token = "emu-" + randomBytes(24).toString("hex");
    const expires = now + ttlSeconds * 1000;
    issued.set(token, { expiresAt: expires, projectId });
    return {
        status: 201,
        headers: { "X-Subject-Token": token },
        body: {
            token: {
                expires_at: new Date(expires).toISOString(),
                issued_at: new Date(now).toISOString(),
                methods: ["password"],
                user: { name: u.name, domain: { name: u.domain.name } },
                project: projectId === undefined ? undefined : { id: projectId, name: project?.name ?? projectId },
            },
        },
    };
}
