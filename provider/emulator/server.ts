// The emulator's HTTP server: routing, auth, the request log and the admin interface; what a
// fault answers is faults.ts's.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { z } from "zod";
import { idProblem } from "../core/ids";
import { matchOperation, OPERATIONS, type OperationName } from "../core/operations";
import { batchRetry, batchStatus } from "./drs-routes";
import { answerReshaped, Faults, runFaults, type FaultAnswer } from "./faults";
import { batchOperate, listMonitors, listTasks, resetMultiTask, showTask, type FdiParams } from "./fdi-routes";
import { EmulatedIam, issueToken } from "./iam-routes";
import { ADMIN_PREFIX, ADMIN_ROUTES, isAdminRoute } from "./admin-api";
import {
    DEFAULT_EMULATOR_CREDENTIALS,
    EmulatorIamConfig,
    FaultRules,
    RemoveTasks,
    SeedData,
    type EmulatorCredentials,
    type FaultRule,
    type IssuedToken,
    type LoggedRequest,
} from "./model";
import { apiError, type Reply } from "./reply";
import { StateWriteError, Store } from "./store";
import type { EmulatorOptions } from "./types";
import { formatProblems, parseWith, type Problem } from "./validation";
import { verifyAuth, type AuthResult } from "./verify-auth";

export { ADMIN_PREFIX } from "./admin-api";
export type { EmulatorOptions } from "./types";
const validId = (s: string | undefined) => s !== undefined && idProblem(s) === undefined;

type RouteHandler = (ctx: {
    params: Record<string, string>;
    query: URLSearchParams;
    body: unknown;
    headers: Record<string, string | string[] | undefined>;
    /** Checks the call's credentials as any API call's (the IAM routes that need a caller). */
    authenticate: () => AuthResult;
}) => Reply;

function fdi(params: Record<string, string>): FdiParams | Reply {
    const { project_id: projectId, instance_id: instanceId, task_id: taskId } = params;
    if (!validId(projectId)) return apiError(400, "FDI.3039", "Project ID empty or not matching the URL.");
    if (!validId(instanceId) || (taskId !== undefined && !validId(taskId))) return apiError(400, "FDI.3002", "Invalid parameters.");
    return { projectId, instanceId, taskId };
}
const isReply = (x: FdiParams | Reply): x is Reply => "status" in x;

/** The securitytokens route serves two operations; the body's method says which one a call is. */
function securityTokensOperation(operation: OperationName, body: unknown): OperationName {
    if (operation !== "CreateTemporaryAccessKeyByAgency") return operation;
    const methods = (body as { auth?: { identity?: { methods?: unknown } } } | undefined)?.auth?.identity?.methods;
    return Array.isArray(methods) && methods[0] === "token" ? "CreateTemporaryAccessKeyByToken" : operation;
}

/** A request's method, URL and body (as text, and as JSON when it parses). */
async function readRequest(req: IncomingMessage): Promise<{ raw: string; url: URL; method: string; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: unknown;
    if (raw !== "") {
        try {
            body = JSON.parse(raw);
        } catch {
            body = undefined;
        }
    }
    return { raw, url: new URL(req.url ?? "/", "http://emulator"), method: req.method ?? "GET", body };
}

export class EmulatorServer {
    readonly store: Store;
    readonly faults: Faults;
    readonly log: LoggedRequest[] = [];
    private readonly server: Server;
    private readonly sockets = new Set<Socket>();
    private readonly issued = new Map<string, IssuedToken>();
    /** Agencies, identity providers and the temporary keys the emulated IAM issued. */
    readonly iam: EmulatedIam;
    private readonly creds: Required<EmulatorCredentials>;
    private readonly routes: Record<OperationName, RouteHandler>;
    private seq = 0;
    private inFlight = 0;
    /** Exceptions the emulator caught in itself: bugs, which the tests fail on. */
    readonly bugs: string[] = [];

    constructor(private readonly opts: EmulatorOptions = {}) {
        this.store = new Store(opts.stateFile);
        this.faults = new Faults(opts.seed);
        this.creds = {
            tokens: opts.credentials?.tokens ?? DEFAULT_EMULATOR_CREDENTIALS.tokens,
            accessKeys: opts.credentials?.accessKeys ?? DEFAULT_EMULATOR_CREDENTIALS.accessKeys,
            users: opts.credentials?.users ?? DEFAULT_EMULATOR_CREDENTIALS.users,
        };
        this.iam = new EmulatedIam(this.issued, opts.tokenTtlSeconds ?? 86400);
        if (opts.iam) this.iam.configure(opts.iam);
        const s = this.store;
        const withFdi = (params: Record<string, string>, f: (p: FdiParams) => Reply): Reply => {
            const p = fdi(params);
            return isReply(p) ? p : f(p);
        };
        const withProject = (params: Record<string, string>, f: (projectId: string) => Reply): Reply =>
            validId(params.project_id) ? f(params.project_id) : apiError(400, "DRS.EMU0001", "Invalid project ID.");
        this.routes = {
            ListTasks: (c) => withFdi(c.params, (p) => listTasks(s, p, c.query)),
            ShowTask: (c) => withFdi(c.params, (p) => showTask(s, p)),
            ListMonitorInfos: (c) => withFdi(c.params, (p) => listMonitors(s, p, c.query)),
            BatchStartOrStopTasks: (c) => withFdi(c.params, (p) => batchOperate(s, p, c.body)),
            ResetMultiTaskOffset: (c) => withFdi(c.params, (p) => resetMultiTask(s, p, c.body)),
            KeystoneCreateUserTokenByPassword: (c) =>
                issueToken(c.body, {
                    creds: this.creds,
                    issued: this.issued,
                    ttlSeconds: opts.tokenTtlSeconds ?? 86400,
                    now: Date.now(),
                    projectIdByName: (name) => s.projectIdByName(name),
                }),
            CreateTemporaryAccessKeyByAgency: (c) => this.iam.securityTokens(c.body, c.headers, c.authenticate, Date.now()),
            CreateTemporaryAccessKeyByToken: (c) => this.iam.securityTokens(c.body, c.headers, c.authenticate, Date.now()),
            CreateTokenWithIdToken: (c) => this.iam.idToken(c.body, c.headers, Date.now()),
            BatchRestoreTask: (c) => withProject(c.params, (p) => batchRetry(s, p, c.body)),
            BatchListJobStatus: (c) => withProject(c.params, (p) => batchStatus(s, p, c.body)),
        };
        this.server = createServer((req, res) => {
            this.handle(req, res).catch((err: unknown) => {
                const reply = this.bug(`${req.method ?? "?"} ${req.url ?? "?"}`, err);
                if (!res.headersSent) this.send(res, reply, "emulator-bug");
                else res.destroy();
            });
        });
        this.server.on("connection", (sock) => {
            this.sockets.add(sock);
            sock.on("close", () => this.sockets.delete(sock));
        });
    }

    listen(): Promise<number> {
        return new Promise((resolve, reject) => {
            this.server.once("error", reject);
            this.server.listen(this.opts.port ?? 0, "127.0.0.1", () => resolve((this.server.address() as AddressInfo).port));
        });
    }

    close(): Promise<void> {
        for (const s of this.sockets) s.destroy();
        return new Promise((resolve) => this.server.close(() => resolve()));
    }

    private send(res: ServerResponse, reply: Reply, requestId: string): void {
        const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { "Content-Type": "application/json;charset=UTF-8", "X-Request-Id": requestId, ...(reply.headers ?? {}) });
        res.end(text);
    }

    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const started = Date.now();
        const { raw, url, method, body } = await readRequest(req);
        if (url.pathname.startsWith(ADMIN_PREFIX)) return this.admin(method, url.pathname.slice(ADMIN_PREFIX.length), raw, res);

        const requestId = randomBytes(16).toString("hex");
        const route = matchOperation(method, url.pathname);
        // Every operation but the IAM token call itself needs credentials.
        const needsAuth = route !== undefined && OPERATIONS[route.operation].service !== "iam";
        const entry = this.logged({
            started,
            method,
            url,
            operation: route === undefined ? undefined : securityTokensOperation(route.operation, body),
            requestId,
            body: route !== undefined && !needsAuth ? undefined : body,
        });
        let answered = false;
        const done = () => {
            if (answered) return;
            answered = true;
            this.inFlight--;
            entry.durationMs = Date.now() - started;
        };
        const finish = (reply: Reply) => {
            done();
            entry.status = reply.status;
            this.send(res, reply, requestId);
        };
        res.once("close", done);
        if (!route) return finish(apiError(404, "APIG.0101", "The API does not exist or has not been published in the environment."));
        // What a signature covers: the call as it came.
        const signed = { method, rawUrl: req.url ?? "/", headers: req.headers, body: raw };
        if (needsAuth) {
            const refused = this.authenticate(signed, route.params.project_id, entry);
            if (refused) return finish(refused);
        }
        const { answer, reshaping } = await runFaults(this.faults.pick(route.operation), {
            operation: route.operation,
            params: route.params,
            headers: req.headers,
            body,
            removeTasks: (tasks) => this.store.removeTasks(tasks),
            mark: (label, replace) => (entry.fault = replace || !entry.fault ? label : `${entry.fault},${label}`),
        });
        if (answer && "reply" in answer) return finish(answer.reply);
        if (answer) {
            done();
            return this.answerRaw(answer, res, entry, requestId);
        }
        const request = {
            params: route.params,
            query: url.searchParams,
            body,
            headers: req.headers,
            authenticate: () => verifyAuth(signed, this.known(), Date.now()),
        };
        finish(this.process(route.operation, request, reshaping));
    }

    /** The request's entry in the log (the IAM body, which holds a password, is never kept). */
    private logged(r: { started: number; method: string; url: URL; operation?: OperationName; requestId: string; body: unknown }): LoggedRequest {
        const entry: LoggedRequest = {
            seq: ++this.seq,
            time: new Date(r.started).toISOString(),
            method: r.method,
            path: r.url.pathname,
            query: Object.fromEntries(r.url.searchParams),
            operation: r.operation ?? "Unknown",
            status: 0,
            requestId: r.requestId,
            authKind: "none",
            body: r.body,
            durationMs: 0,
            inFlight: ++this.inFlight,
        };
        this.log.push(entry);
        return entry;
    }

    /** What a caller's credentials are checked against: the configured ones and what the emulated IAM issued. */
    private known(): Parameters<typeof verifyAuth>[1] {
        return { creds: this.creds, issuedTokens: this.issued, issuedKeys: this.iam.keys };
    }

    /** The refusal of a request whose signature or token does not hold, or undefined (its kind then logged). */
    private authenticate(request: Parameters<typeof verifyAuth>[0], projectId: string | undefined, entry: LoggedRequest): Reply | undefined {
        const auth = verifyAuth(request, this.known(), Date.now(), projectId);
        if (!auth.ok && auth.forbidden) return apiError(403, "APIG.0302", `The IAM user is not authorized to access the API: ${auth.reason}.`); // [I]
        if (!auth.ok) return apiError(401, "APIG.0301", `Incorrect IAM authentication information: ${auth.reason}.`);
        entry.authKind = auth.kind;
        return undefined;
    }

    /** The API's answer to a request no fault answered, reshaped by the faults kept for it. */
    private process(operation: OperationName, request: Parameters<RouteHandler>[0], reshaping: readonly FaultRule[]): Reply {
        try {
            return answerReshaped(reshaping, operation, request.body, (body) => this.routes[operation]({ ...request, body }));
        } catch (err) {
            // [I] A store that could not persist answers as a gateway whose backend failed: retryable, and nothing changed.
            return err instanceof StateWriteError ? apiError(503, "EMU.STATE_WRITE", err.message) : this.bug(operation, err);
        }
    }

    /**
     * An exception in the emulator itself is logged and answered with a code no client retries:
     * a 500 FDI.9999 would read as a flaky cloud and be retried, hiding the bug.
     */
    private bug(where: string, err: unknown): Reply {
        const what = err instanceof Error ? (err.stack ?? err.message) : String(err);
        const message = `roma-emulator bug in ${where}: ${what}`;
        this.bugs.push(message);
        (this.opts.onBug ?? ((m: string) => process.stderr.write(`${m}\n`)))(message);
        return apiError(400, "EMU.BUG", `emulator bug in ${where} (see the emulator's log): ${err instanceof Error ? err.message : String(err)}`);
    }

    /** What no JSON API sends: a closed connection, or text the client must cope with. */
    private answerRaw(answer: Exclude<FaultAnswer, { reply: Reply }>, res: ServerResponse, entry: LoggedRequest, requestId: string): void {
        if ("drop" in answer) {
            entry.status = 0;
            res.socket?.destroy();
            return;
        }
        entry.status = answer.raw.status;
        res.writeHead(answer.raw.status, { "Content-Type": answer.raw.contentType, "X-Request-Id": requestId });
        res.end(answer.raw.text);
    }

    private admin(method: string, path: string, raw: string, res: ServerResponse): void {
        const ok = (b: unknown = { ok: true }) => this.send(res, { status: 200, body: b }, "admin");
        // A readable sentence for people, and the same problems field by field for programs.
        const bad = (error: string, problems: Problem[]) => this.send(res, { status: 400, body: { error, problems } }, "admin");
        const key = `${method} ${path}`;
        if (!isAdminRoute(key)) {
            const routes = Object.keys(ADMIN_ROUTES).join(", ");
            return this.send(res, { status: 404, body: { error: `no admin route ${key}; the routes under ${ADMIN_PREFIX} are: ${routes}` } }, "admin");
        }
        let body: unknown;
        try {
            body = raw === "" ? undefined : JSON.parse(raw);
        } catch {
            return bad(`${key}: the body is not JSON: ${JSON.stringify(raw.slice(0, 80))}`, [{ field: "(body)", problem: "is not JSON" }]);
        }
        const parse = <T>(schema: z.ZodType<T>, f: (d: T) => void, hint = "") => {
            const p = parseWith(schema, body);
            if (!p.ok) return bad(`${key}: invalid body${hint}: ${formatProblems(p.problems)}`, p.problems);
            try {
                f(p.data);
            } catch (err) {
                if (!(err instanceof StateWriteError)) throw err;
                return this.send(res, { status: 503, body: { error: `${key}: ${err.message}` } }, "admin");
            }
            ok();
        };
        switch (key) {
            case "POST seed":
                return parse(SeedData, (d) => this.store.seed(d));
            case "POST remove-tasks":
                return parse(RemoveTasks, (d) => this.store.removeTasks(d.tasks));
            case "GET requests":
                return ok(this.log);
            case "DELETE requests":
                this.log.length = 0;
                return ok();
            case "GET faults":
                return ok({ rules: this.faults.active() });
            case "PUT faults":
                return parse(FaultRules, (d) => this.faults.set(d.rules), Array.isArray(body) ? ' (PUT faults takes { "rules": [...] }, not a bare list)' : "");
            case "DELETE faults":
                this.faults.set([]);
                return ok();
            case "GET iam":
                return ok(this.iam.snapshot());
            case "POST iam":
                return parse(EmulatorIamConfig, (d) => this.iam.configure(d));
            case "GET state":
                return ok(this.store.snapshot());
        }
    }
}
