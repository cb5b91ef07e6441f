// The policy pack's entry (the `main` of policy/package.json): serves the policies to the Pulumi CLI.
// @pulumi/policy is an optional peer dependency of this package (docs/policy.md says why), so
// a user who runs the pack without it gets what to install rather than a module stack trace.
import type * as policySdk from "@pulumi/policy";
import { RunError } from "@pulumi/pulumi/errors";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PACK_NAME, romaPolicies } from "./policies";

const ROOT = path.join(__dirname, "..", "..");

function loadPolicySdk(): typeof policySdk {
    try {
        require.resolve("@pulumi/policy");
    } catch {
        const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { peerDependencies?: Record<string, string> };
        const range = manifest.peerDependencies?.["@pulumi/policy"] ?? "latest";
        // A RunError: the Node.js SDK's runner prints its message without a stack.
        throw new RunError(
            `The pulumi-roma-tasks policy pack needs @pulumi/policy, which is not installed: run \`npm install @pulumi/policy@${range}\` where pulumi-roma-tasks is installed, then run the preview again.`,
        );
    }
    return require("@pulumi/policy") as typeof policySdk;
}

// PolicyPack reads the pack's version from `package.json` in the working directory, which is the
// stack's folder when the CLI starts the pack: this package's own package.json gives it.
process.chdir(ROOT);
new (loadPolicySdk().PolicyPack)(PACK_NAME, { policies: romaPolicies() });
