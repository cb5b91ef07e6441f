// `roma-emulator` as a user runs it: the built CLI, started from an empty folder, on a free
// loopback port, stopped by its pid at the end of each test.
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, EmulatorAdminClient } from "../../provider/emulator";
import { REPO } from "../support/package-fixture";
import { tempDir } from "../support/temp";
import { until } from "../support/until";

const CLI = path.join(REPO, "dist", "emulator", "cli.js");

interface Finished {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the CLI to its end (help, or a refused command line). */
function runToEnd(args: string[], cwd: string): Promise<Finished> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.once("error", reject);
        child.once("close", (code) => resolve({ code, stdout, stderr }));
    });
}

interface Running {
    child: ChildProcess;
    url: string;
    admin: EmulatorAdminClient;
    /** Everything printed on start. */
    banner: string;
    stop(): Promise<void>;
}

const running = new Set<Running>();

/** Starts the CLI and waits until it has printed its whole start banner (it ends with "Press Ctrl+C"). */
function start(args: string[], cwd: string): Promise<Running> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, "--port", "0", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        const stop = () =>
            new Promise<void>((done) => {
                running.delete(r);
                if (child.exitCode !== null || child.signalCode !== null) return done();
                child.once("exit", () => done());
                child.kill("SIGTERM");
            });
        const r: Running = { child, url: "", admin: new EmulatorAdminClient(""), banner: "", stop };
        child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
        child.stdout?.on("data", (d: Buffer) => {
            out += d.toString();
            const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
            if (url && out.includes("Press Ctrl+C to stop.")) {
                Object.assign(r, { url, admin: new EmulatorAdminClient(url), banner: out });
                running.add(r);
                resolve(r);
            }
        });
        child.once("exit", (code) => reject(new Error(`roma-emulator exited with ${code} before listening: ${err}`)));
    });
}

describe("roma-emulator (the CLI, from an empty folder)", function () {
    this.timeout(60_000);
    afterEach(async () => {
        for (const r of [...running]) await r.stop();
    });

    for (const flag of ["--help", "-h"]) {
        it(`${flag} prints the usage, every option and the admin API's address, and exits 0`, async () => {
            const r = await runToEnd([flag], tempDir("roma-cli"));
            assert.equal(r.code, 0, r.stderr);
            assert.match(r.stdout, /^Usage: roma-emulator \[options\]/);
            for (const option of ["--port N", "--state FILE", "--seed FILE", "--demo", "--reset", "-h, --help"]) assert.ok(r.stdout.includes(option), option);
            assert.match(r.stdout, /Admin API \(no auth\): http:\/\/127\.0\.0\.1:8080\/__emulator\//);
            for (const route of ["GET state", "POST seed", "GET faults", "PUT faults", "DELETE faults"]) assert.ok(r.stdout.includes(route), route);
        });
    }

    it("an unknown option is refused, naming the valid ones (exit 2)", async () => {
        const r = await runToEnd(["--sead", "x.json"], tempDir("roma-cli"));
        assert.equal(r.code, 2);
        assert.match(r.stderr, /unknown option --sead; the options are --port, --state, --seed, --iam, --demo, --reset, --help/);
    });

    it("--demo serves the example stack's data, in memory: nothing is written to the folder", async () => {
        const dir = tempDir("roma-cli");
        const emu = await start(["--demo"], dir);
        const state = await emu.admin.state();
        assert.deepEqual(state.tasks.map((t) => t.taskId).sort(), (DEMO_SEED.tasks ?? []).map((t) => t.taskId).sort());
        assert.equal(state.jobs.length, DEMO_SEED.jobs?.length);
        assert.match(emu.banner, /demo data: roma:projectId = 0a1b2c3d4e5f60718293a4b5c6d7e8f9/);
        assert.deepEqual(readdirSync(dir), []);
    });

    it("--state keeps what changed across a restart with the same command; --reset starts over", async () => {
        const dir = tempDir("roma-cli");
        const args = ["--demo", "--state", "emulator.json"];
        const first = await start(args, dir);
        assert.match(first.banner, /emulator\.json \(new\)/);
        await first.admin.seed({ tasks: [{ ...(DEMO_SEED.tasks ?? [])[0], status: "started", taskName: "changed" }] });
        await first.stop();

        const second = await start(args, dir);
        const kept = (await second.admin.state()).tasks.find((t) => t.taskId === "orders-extract");
        assert.equal(kept?.taskName, "changed");
        assert.equal(kept?.status, 1);
        assert.match(second.banner, /emulator\.json \(loaded\)/);
        assert.match(second.banner, /note: --demo not applied: emulator\.json already exists and wins; add --reset/);
        await second.stop();

        const third = await start([...args, "--reset"], dir);
        const reset = (await third.admin.state()).tasks.find((t) => t.taskId === "orders-extract");
        assert.equal(reset?.taskName, "orders: extract from OLTP");
        assert.equal(reset?.status, 0);
    });

    it("a bad seed file is refused before starting, naming the field (exit 2)", async () => {
        const dir = tempDir("roma-cli");
        writeFileSync(path.join(dir, "seed.json"), JSON.stringify({ tasks: [{ projectId: "p", instanceId: "i", taskId: "t", status: "on" }], job: [] }));
        const r = await runToEnd(["--seed", "seed.json"], dir);
        assert.equal(r.code, 2);
        assert.match(
            r.stderr,
            /--seed seed\.json is not a valid seed: tasks\[0\]\.status: must be one of "started", "stopped", got "on"; job: is not a known field/,
        );
    });

    it("--iam FILE sets the agencies and identity providers; a bad one is refused naming the field (exit 2)", async () => {
        const dir = tempDir("roma-cli");
        const iam = { agencies: [{ agencyName: "ci-readonly", domainName: "acme" }], identityProviders: [{ idpId: "github", clientId: "huaweicloud-ci" }] };
        writeFileSync(path.join(dir, "iam.json"), JSON.stringify(iam));
        const emu = await start(["--iam", "iam.json"], dir);
        const got = await emu.admin.iam();
        assert.deepEqual({ agencies: got.agencies, identityProviders: got.identityProviders }, iam);
        writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ identityProviders: [{ idpId: "github" }] }));
        const r = await runToEnd(["--iam", "bad.json"], dir);
        assert.equal(r.code, 2);
        assert.match(r.stderr, /--iam bad\.json is not a valid IAM configuration: identityProviders\[0\]\.clientId: /);
    });

    it("a state file that is not one is reported readably, with the way out (exit 1)", async () => {
        const dir = tempDir("roma-cli");
        writeFileSync(path.join(dir, "emulator.json"), JSON.stringify({ tasks: [{ taskId: 1 }] }));
        const r = await runToEnd(["--port", "0", "--state", "emulator.json"], dir);
        assert.equal(r.code, 1);
        assert.match(r.stderr, /--state emulator\.json is not a roma-emulator state file \(tasks\[0\]\.projectId: .*\); fix it, or start over with --reset/);
        assert.ok(!r.stderr.includes('"code"'), "no raw zod issue array");
    });

    it("a state path that is a directory is refused at start, not answered EMU.BUG at the first change (exit 1)", async () => {
        const dir = tempDir("roma-cli");
        mkdirSync(path.join(dir, "somedir"));
        for (const args of [
            ["--state", "somedir"],
            ["--state", "somedir", "--reset"],
        ]) {
            const r = await runToEnd(["--port", "0", ...args], dir);
            assert.equal(r.code, 1, r.stdout);
            assert.match(r.stderr, /--state somedir is not a file/);
            assert.ok(!r.stdout.includes("loaded"), r.stdout);
        }
    });

    it("a port in use is reported with what to do", async () => {
        const first = await start([], tempDir("roma-cli"));
        const r = await runToEnd(["--port", first.url.split(":").pop() as string], tempDir("roma-cli"));
        assert.equal(r.code, 1);
        assert.match(r.stderr, /port \d+ on 127\.0\.0\.1 is in use .*choose another port with --port/);
    });

    it("exits when the process that started it (npx, a shell) is killed without passing the signal on, freeing the port", async () => {
        // A stand-in for `npx`: starts the CLI, shares its stdout with it, and is then killed by SIGKILL.
        const wrapper = spawn(
            process.execPath,
            [
                "-e",
                `require("node:child_process").spawn(process.execPath, ${JSON.stringify([CLI, "--port", "0"])}, { stdio: ["ignore", "inherit", "inherit"] }); setInterval(() => {}, 1000);`,
            ],
            { cwd: tempDir("roma-cli"), stdio: ["ignore", "pipe", "pipe"] },
        );
        let out = "";
        // The pipe closes only once every process holding it (the wrapper and the emulator) has exited.
        const closed = new Promise<void>((resolve) => wrapper.stdout.once("close", () => resolve()));
        wrapper.stdout.on("data", (d: Buffer) => (out += d.toString()));
        await until("the emulator to say it is listening", () => out.includes("Press Ctrl+C to stop."));
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
        assert.ok(url, out);
        assert.ok((await new EmulatorAdminClient(url).state()).tasks, "serving");
        wrapper.kill("SIGKILL");
        await closed;
        assert.match(out, /roma-emulator: its parent process \d+ is gone; stopping\./);
        await assert.rejects(fetch(`${url}/__emulator/state`), "the port is free");
    });
});
