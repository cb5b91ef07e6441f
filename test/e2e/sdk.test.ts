// The committed SDKs (sdk/) against what Pulumi's generators make of today's schema, with the
// real binder's verdict on the schema, a Python wheel built from sdk/python and `go vet` on
// sdk/go. A change to the schema without `npm run sdk:gen` fails here.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { REPO } from "../support/package-fixture";
import { tempDir } from "../support/temp";
import { runCommand, succeeded, toolchainDir } from "./support/cli";

const SDK = path.join(REPO, "sdk");
/** Written by hand beside the generated code: the Go module of sdk/go. */
const HAND_WRITTEN = new Set(["go.mod", "go.sum"]);

function files(root: string, dir = root): string[] {
    return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? files(root, full) : [path.relative(root, full)];
    });
}

describe("e2e: generated SDKs (real generators and binder)", function () {
    it("regenerating the schema and the SDKs changes nothing", async () => {
        const out = tempDir("roma-sdk-gen");
        succeeded(await runCommand("bash", [path.join(REPO, "scripts", "gen-sdk.sh"), out], { cwd: REPO, env: process.env }));
        // What git holds, not the folder: installing sdk/python leaves build/ and *.egg-info (ignored).
        const committed = execFileSync("git", ["ls-files", "-z", "sdk"], { cwd: REPO, encoding: "utf8" })
            .split("\0")
            .filter((f) => f !== "")
            .map((f) => path.relative("sdk", f))
            .filter((f) => !HAND_WRITTEN.has(f))
            .sort();
        assert.deepEqual(files(out).sort(), committed, "the same files");
        const changed = committed.filter((f) => readFileSync(path.join(out, f), "utf8") !== readFileSync(path.join(SDK, f), "utf8"));
        assert.deepEqual(changed, [], "run `npm run sdk:gen` and commit sdk/");
    });

    it("pulumi package get-schema reads the plugin's schema", async () => {
        const plugin = path.join(tempDir("roma-get-schema"), "pulumi-resource-roma");
        writeFileSync(plugin, `#!/bin/sh\nexec node "${path.join(REPO, "dist", "plugin", "cli.js")}" "$@"\n`, { mode: 0o755 });
        const env = { ...process.env, PATH: `${toolchainDir()}${path.delimiter}${process.env.PATH ?? ""}`, PULUMI_HOME: tempDir("roma-home") };
        const r = succeeded(await runCommand("pulumi", ["package", "get-schema", plugin], { cwd: REPO, env }));
        const served = JSON.parse(r.stdout) as { name: string; version: string; resources: object; functions: object };
        const committed = JSON.parse(readFileSync(path.join(SDK, "schema.json"), "utf8")) as typeof served;
        assert.equal(served.name, "roma");
        assert.equal(served.version, committed.version);
        assert.deepEqual(Object.keys(served.resources).sort(), Object.keys(committed.resources).sort());
        assert.deepEqual(Object.keys(served.functions), Object.keys(committed.functions));
    });

    it("the schema binds under Pulumi's own binder", async () => {
        const r = succeeded(
            await runCommand(path.join(toolchainDir(), "roma-gen-sdk"), [path.join(SDK, "schema.json"), "bind"], { cwd: REPO, env: process.env }),
        );
        assert.match(r.stdout, /^roma \S+ binds: 3 resources, 1 functions/);
    });

    it("sdk/python builds a wheel", async () => {
        // From a copy: setuptools builds in the source folder (build/, *.egg-info).
        const src = path.join(tempDir("roma-wheel-src"), "python");
        cpSync(path.join(SDK, "python"), src, { recursive: true });
        const out = tempDir("roma-wheel");
        succeeded(
            await runCommand("python3", ["-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps", "-w", out, src], {
                cwd: REPO,
                env: process.env,
            }),
        );
        assert.ok(
            readdirSync(out).some((f) => /^pulumi_roma-.*\.whl$/.test(f)),
            readdirSync(out).join(", "),
        );
    });

    it("sdk/go passes go vet", async () => {
        succeeded(await runCommand("go", ["vet", "./..."], { cwd: SDK, env: process.env }));
    });
});
