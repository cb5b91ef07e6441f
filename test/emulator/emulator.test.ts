// The emulator's documented behaviours over raw HTTP, independent of our client.
import { strict as assert } from "node:assert";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { signRequest } from "../../provider/auth/sign";
import { DEFAULT_EMULATOR_CREDENTIALS, startEmulator, type EmulatorState, type RunningEmulator } from "../../provider/emulator";
import { EmulatorServer } from "../../provider/emulator/server";
import { callEmulator, requestToken, useEmulator } from "../support/emulator";
import { tempDir } from "../support/temp";

const P = "proj01";
const I = "inst01";
const AK = DEFAULT_EMULATOR_CREDENTIALS.accessKeys[0];

describe("emulator", function () {
    this.timeout(20_000);
    const current = useEmulator({
        tasks: [
            { projectId: P, instanceId: I, taskId: "t1" },
            { projectId: P, instanceId: I, taskId: "t2", status: "started" },
        ],
    });
    let emu: RunningEmulator;
    before(() => (emu = current()));

    const call = (method: string, p: string, body?: unknown, headers?: Record<string, string>) => callEmulator(emu, method, p, body, headers);
    const batch = (body: unknown) => call("POST", `/v2/${P}/fdi/instances/${I}/batch-operation/tasks`, body);

    it("answers batch start/stop errors with the documented shapes and codes", async () => {
        assert.deepEqual(await batch({ action_id: "start", list: [] }).then((r) => [r.status, r.body]), [
            400,
            { error_code: "FDI.3150", error_msg: "The task list is empty." },
        ]);
        assert.equal((await batch({ action_id: "start", list: Array.from({ length: 11 }, (_, i) => ({ task_id: `x${i}` })) })).body.error_code, "FDI.3033");
        assert.equal((await batch({ action_id: "restart", list: [{ task_id: "t1" }] })).body.error_code, "FDI.3002");
        assert.equal((await batch({ action_id: "stop", list: [{ task_id: "" }] })).body.error_code, "FDI.3022");
        const long = await call("GET", `/v2/${P}/fdi/instances/${"i".repeat(65)}/tasks`);
        assert.deepEqual([long.status, long.body.error_code], [400, "FDI.3002"]);
    });

    it("reports per-task results inside a 200 and changes state", async () => {
        const r = await batch({ action_id: "start", list: [{ task_id: "t1" }, { task_id: "t2" }, { task_id: "zz" }] });
        assert.equal(r.status, 200);
        assert.equal(r.body.success_count, 1);
        assert.deepEqual(
            (r.body.failure as { task_id: string; error_code: string }[]).map((f) => [f.task_id, f.error_code]),
            [
                ["t2", "FDI.3023"],
                ["zz", "FDI.3021"],
            ],
        );
        assert.equal((await emu.admin.state()).tasks.find((t) => t.taskId === "t1")?.status, 1);
        assert.equal(
            (await batch({ action_id: "stop", list: [{ task_id: "t1" }, { task_id: "t1" }] })).body.success_count,
            2,
            "stopping a stopped task succeeds [I]",
        );
    });

    it("ShowTask: string status, 404 FDI.3081", async () => {
        assert.equal(((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks/t2`)).body.task as { status: string }).status, "running");
        assert.deepEqual((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks/none`)).body, { error_code: "FDI.3081", error_msg: "The task does not exist." });
    });

    it("pages ListTasks with 0-based offsets, caps limit at 999, rejects bad limits", async () => {
        const page = await call("GET", `/v2/${P}/fdi/instances/${I}/tasks?limit=1&offset=1`);
        assert.deepEqual([page.body.total, (page.body.entities as { task_id: string }[]).map((e) => e.task_id)], [2, ["t2"]]);
        assert.equal((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks?limit=0`)).status, 400);
        assert.equal((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks?offset=-5`)).body.size, 2, "negative offset is 0");
    });

    it("refuses calls without valid credentials with 401 APIG.0301", async () => {
        const url = `/v2/${P}/fdi/instances/${I}/tasks`;
        for (const headers of [{}, { "X-Auth-Token": "nope" }] as Record<string, string>[]) {
            const r = await call("GET", url, undefined, headers);
            assert.deepEqual([r.status, r.body.error_code], [401, "APIG.0301"]);
        }
    });

    it("verifies AK/SK signatures: accepts a signed request, refuses a tampered body and a skewed date", async () => {
        const url = `${emu.url}/v2/${P}/fdi/instances/${I}/batch-operation/tasks`;
        const body = JSON.stringify({ action_id: "start", list: [{ task_id: "t1" }] });
        const send = async (headers: Record<string, string>, b: string) => (await fetch(url, { method: "POST", headers, body: b })).status;
        const fresh = signRequest({ method: "POST", url, headers: { "Content-Type": "application/json" }, body }, AK, new Date());
        assert.equal(await send(fresh, body), 200);
        assert.equal(await send(fresh, body.replace("t1", "t2")), 401);
        const old = signRequest({ method: "POST", url, headers: { "Content-Type": "application/json" }, body }, AK, new Date(Date.now() - 20 * 60_000));
        assert.equal(await send(old, body), 401);
        const msg = (await emu.admin.requests()).map((r) => r.status);
        assert.deepEqual(msg, [200, 401, 401]);
    });

    it("issues IAM tokens that then authenticate (scoped by a seeded project name)", async () => {
        await emu.admin.seed({ projects: [{ projectId: P, name: "cn-north-4" }] });
        const res = await requestToken(emu, { project: { name: "cn-north-4" } });
        assert.equal(res.status, 201);
        const token = res.token as string;
        assert.equal((await call("GET", `/v2/${P}/fdi/instances/${I}/tasks`, undefined, { "X-Auth-Token": token })).status, 200);
    });

    it("spends a fault rule's `times`, and a faulted write changes nothing", async () => {
        await emu.admin.setFaults([{ operation: "BatchStartOrStopTasks", kind: "error5xx", times: 1 }]);
        assert.equal((await batch({ action_id: "start", list: [{ task_id: "t1" }] })).status, 503);
        assert.equal((await emu.admin.state()).tasks.find((t) => t.taskId === "t1")?.status, 0);
        assert.equal((await batch({ action_id: "start", list: [{ task_id: "t1" }] })).status, 200);
        const log = await emu.admin.requests();
        assert.deepEqual(
            log.map((r) => [r.status, r.fault]),
            [
                [503, "error5xx"],
                [200, undefined],
            ],
        );
        assert.ok(log.every((r) => /^[0-9a-f]{32}$/.test(r.requestId)));
    });

    it("GET faults lists the rules in force, with the calls a `times` rule has left", async () => {
        await emu.admin.setFaults([
            { operation: "BatchStartOrStopTasks", kind: "error5xx", times: 2 },
            { kind: "latency", latencyMs: 1 },
        ]);
        await batch({ action_id: "start", list: [{ task_id: "t1" }] });
        assert.deepEqual(await emu.admin.faults(), [
            { operation: "BatchStartOrStopTasks", kind: "error5xx", times: 2, remaining: 1 },
            { kind: "latency", latencyMs: 1 },
        ]);
        await batch({ action_id: "start", list: [{ task_id: "t1" }] });
        assert.deepEqual(await emu.admin.faults(), [{ kind: "latency", latencyMs: 1 }], "a spent rule is no longer in force");
    });

    it("refuses a fault rule for an unknown operation, listing the valid names", async () => {
        const res = await call("PUT", "/__emulator/faults", { rules: [{ operation: "ListTask", kind: "drop" }] });
        assert.equal(res.status, 400);
        assert.equal(
            res.body.error,
            'PUT faults: invalid body: rules[0].operation: must be one of "ListTasks", "ShowTask", "ListMonitorInfos", "BatchStartOrStopTasks", "ResetMultiTaskOffset", ' +
                '"BatchRestoreTask", "BatchListJobStatus", "KeystoneCreateUserTokenByPassword", "CreateTemporaryAccessKeyByAgency", "CreateTemporaryAccessKeyByToken", "CreateTokenWithIdToken", got "ListTask"',
        );
        assert.deepEqual(await emu.admin.faults(), [], "nothing of a refused body is applied");
        await assert.rejects(
            emu.admin.setFaults([{ kind: "latency", latencyMS: 5 } as never]),
            /HTTP 400: PUT faults: invalid body: rules\[0\]\.latencyMS: is not a known field/,
        );
    });

    it("answers a bad seed or fault body with one readable line per field, and the fields for programs", async () => {
        const seed = await call("POST", "/__emulator/seed", { tasks: [{ projectId: P, instanceId: I, status: "on" }] });
        assert.equal(seed.status, 400);
        assert.equal(seed.body.error, 'POST seed: invalid body: tasks[0].taskId: is required; tasks[0].status: must be one of "started", "stopped", got "on"');
        assert.deepEqual(seed.body.problems, [
            { field: "tasks[0].taskId", problem: "is required" },
            { field: "tasks[0].status", problem: 'must be one of "started", "stopped", got "on"' },
        ]);
        const bare = await call("PUT", "/__emulator/faults", [{ kind: "drop" }]);
        assert.match(String(bare.body.error), /PUT faults takes \{ "rules": \[\.\.\.\] \}, not a bare list/);
        const res = await fetch(`${emu.url}/__emulator/seed`, { method: "POST", body: "{tasks:" });
        assert.equal(res.status, 400);
        assert.match(((await res.json()) as { error: string }).error, /POST seed: the body is not JSON/);
    });

    it("answers an unknown admin route with the list of routes", async () => {
        const res = await call("GET", "/__emulator/fault");
        assert.equal(res.status, 404);
        assert.match(
            String(res.body.error),
            /no admin route GET fault; the routes under \/__emulator\/ are: GET state, POST seed, .*GET faults, PUT faults, DELETE faults/,
        );
    });

    it("answers unknown routes with 404 APIG.0101", async () => {
        assert.deepEqual((await call("GET", "/v2/x/nothing")).body.error_code, "APIG.0101");
    });

    it("keeps state across a restart with a state file", async () => {
        const file = path.join(tempDir("roma-emu"), "state.json");
        const first = await startEmulator({ stateFile: file });
        await first.admin.seed({ tasks: [{ projectId: P, instanceId: I, taskId: "kept" }] });
        await fetch(`${first.url}/v2/${P}/fdi/instances/${I}/batch-operation/tasks`, {
            method: "POST",
            headers: { "X-Auth-Token": "emulator-token" },
            body: JSON.stringify({ action_id: "start", list: [{ task_id: "kept" }] }),
        });
        await first.close();
        const second = await startEmulator({ stateFile: file });
        const kept = (await second.admin.state()).tasks.find((t) => t.taskId === "kept");
        await second.close();
        assert.equal(kept?.status, 1);
    });
    it("a bug inside the emulator is logged and answered with a code the client never retries, not a hang or a 5xx", async () => {
        const logged: string[] = [];
        const server = new EmulatorServer({ onBug: (m) => logged.push(m) });
        server.store.seed({ tasks: [{ projectId: P, instanceId: I, taskId: "t1" }] });
        server.store.getTask = () => {
            throw new Error("a bug in the store");
        };
        const url = `http://127.0.0.1:${await server.listen()}`;
        try {
            const res = await fetch(`${url}/v2/${P}/fdi/instances/${I}/batch-operation/tasks`, {
                method: "POST",
                headers: { "X-Auth-Token": "emulator-token" },
                body: JSON.stringify({ action_id: "start", list: [{ task_id: "t1" }] }),
            });
            const body = (await res.json()) as { error_code: string; error_msg: string };
            assert.ok(res.status >= 400 && res.status < 500 && res.status !== 429, `status ${res.status}`);
            assert.equal(body.error_code, "EMU.BUG");
            assert.match(body.error_msg, /emulator bug/);
            assert.equal(logged.length, 1);
            assert.match(logged[0], /BatchStartOrStopTasks/);
            assert.deepEqual(server.bugs, logged);
        } finally {
            await server.close();
        }
    });

    it("a state path that is not a file is refused at start", async () => {
        const dir = tempDir("roma-emu-dir");
        await assert.rejects(startEmulator({ stateFile: dir }), /--state .* is not a file/);
        await assert.rejects(startEmulator({ stateFile: path.join(dir, "missing", "state.json") }), /could not be written \(ENOENT\)/);
    });

    it("a change the state file does not take is answered 503 EMU.STATE_WRITE, undone in memory, and leaves no temporary file", async () => {
        const dir = tempDir("roma-emu-write");
        const file = path.join(dir, "state.json");
        const emu = await startEmulator({ stateFile: file });
        const start = () => callEmulator(emu, "POST", `/v2/${P}/fdi/instances/${I}/batch-operation/tasks`, { action_id: "start", list: [{ task_id: "t1" }] });
        try {
            await emu.admin.seed({ tasks: [{ projectId: P, instanceId: I, taskId: "t1" }] });
            // The file's path now holds a directory: the temporary file is written, its rename fails.
            rmSync(file);
            mkdirSync(file);
            const refused = await start();
            assert.equal(refused.status, 503, JSON.stringify(refused.body));
            assert.equal(refused.body.error_code, "EMU.STATE_WRITE");
            assert.match(String(refused.body.error_msg), /state\.json could not be written .*the change was not applied/);
            assert.equal((await emu.admin.state()).tasks.find((t) => t.taskId === "t1")?.status, 0, "the start was not applied in memory");
            assert.deepEqual(
                readdirSync(dir).filter((f) => f.endsWith(".tmp")),
                [],
            );
            await assert.rejects(emu.admin.seed({ tasks: [{ projectId: P, instanceId: I, taskId: "t2" }] }), /503/);
            assert.deepEqual(
                (await emu.admin.state()).tasks.map((t) => t.taskId),
                ["t1"],
            );
            rmSync(file, { recursive: true });
            assert.equal((await start()).status, 200, "sent again once the file can be written, it succeeds");
            assert.equal((JSON.parse(readFileSync(file, "utf8")) as EmulatorState).tasks[0]?.status, 1);
            assert.deepEqual(emu.bugs(), []);
        } finally {
            await emu.close();
        }
    });
});
