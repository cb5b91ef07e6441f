// The policy pack's entry (policy/index.js loads it): serves the policies to the Pulumi CLI.
// @pulumi/policy is an optional peer dependency of this package (docs/policy.md says why), so
// a user who runs the pack without it gets what to install rather than a module stack trace.
import type * as policySdk from "@pulumi/policy";
import * as path from "node:path";
import { PACK_NAME, romaPolicies } from "./policies";

function loadPolicySdk(): typeof policySdk {
    try {
        return require("@pulumi/policy") as typeof policySdk;
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
        throw new Error(
            "The pulumi-roma-tasks policy pack needs @pulumi/policy: run `npm install @pulumi/policy@^1.21.0` where pulumi-roma-tasks is installed, then run the preview again.",
        );
    }
}

// PolicyPack reads the pack's version from `package.json` in the working directory, which is the
// stack's folder when the CLI starts the pack: this package's own package.json gives it.
process.chdir(path.join(__dirname, "..", ".."));
new (loadPolicySdk().PolicyPack)(PACK_NAME, { policies: romaPolicies() });
