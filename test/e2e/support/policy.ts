// The package's policy pack under the real CLI. In v3.274.1 `--policy-pack <folder>` starts the
// pack through the Node.js language host, which this machine cannot build; `--policy-pack <file>`
// starts an executable as the analyzer plugin itself (pulumi/pulumi
// `pkg/resource/plugin/analyzer_plugin.go`, NewPolicyAnalyzer), passing the engine's address as
// its last argument and reading the port it prints. The script written here does what the
// language host does for the folder: it runs `@pulumi/pulumi/cmd/run-policy-pack <engine> <pack>`
// with the @pulumi/pulumi that resolves from the pack's folder.
import { chmodSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { installInto, packageFixture } from "../../support/package-fixture";
import { tempDir } from "../../support/temp";

/** The version of @pulumi/policy the package is developed against (its devDependency). */
const POLICY_SDK = (require("../../../package.json") as { devDependencies: Record<string, string> }).devDependencies["@pulumi/policy"];

/** An executable that starts the pack installed in `install` (its node_modules) as the language host would. */
export function launcher(install: string): string {
    const pack = path.join(install, "node_modules", "pulumi-roma-tasks", "policy");
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [pack] });
    const script = path.join(tempDir("roma-policy-launcher"), "roma-policy-pack");
    writeFileSync(script, ["#!/bin/sh", "for last do :; done", `exec "${process.execPath}" "${runner}" "$last" "${pack}"`, ""].join("\n"));
    chmodSync(script, 0o755);
    return script;
}

let memo: string | undefined;

/**
 * The executable to give `--policy-pack`: the package and @pulumi/policy installed into a folder
 * of their own, as a stack of any language gets the pack (`npm install pulumi-roma-tasks @pulumi/policy`).
 */
export function policyPackExecutable(): string {
    if (memo) return memo;
    const install = path.join(tempDir("roma-policy"), "install");
    installInto(install, packageFixture().tarball, { "@pulumi/policy": POLICY_SDK });
    memo = launcher(install);
    return memo;
}

/** A policy config file (`--policy-pack-config`) with these settings. */
export function policyConfigFile(config: Record<string, unknown>): string {
    const file = path.join(tempDir("roma-policy-config"), "policy.json");
    writeFileSync(file, JSON.stringify(config, null, 2));
    return file;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const HOUR = 3600_000;

/** A weekly window (`"Sat 22:00-Sun 06:00"`) from `fromHours` to `toHours` hours after now, at whole minutes. */
export function windowAround(fromHours: number, toHours: number, now = Date.now()): string {
    const at = (ms: number) => {
        const d = new Date(ms);
        return `${DAYS[d.getUTCDay()]} ${d.toISOString().slice(11, 16)}`;
    };
    return `${at(now + fromHours * HOUR)}-${at(now + toHours * HOUR)}`;
}
