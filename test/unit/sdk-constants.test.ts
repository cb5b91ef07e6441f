// The Pulumi SDK's wire constants (the unknown-value sentinel, the secret signature) have one
// source: `@pulumi/pulumi`'s `runtime/rpc`. Provider code below the resource classes may not load
// the SDK at run time, so core/unknown.ts and plugin/secrets.ts write the strings once, typed as
// the SDK's literal types (the compiler rejects any other string); everything else imports them.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { UNKNOWN } from "../../provider/core/unknown";
import { reveal, secret } from "../../provider/plugin/secrets";

const REPO = path.resolve(__dirname, "..", "..");

describe("the SDK's wire constants", () => {
    it("are the values @pulumi/pulumi uses at run time", () => {
        assert.equal(UNKNOWN, unknownValue);
        assert.deepEqual(secret("x"), { [specialSigKey]: specialSecretSig, value: "x" });
        assert.equal(reveal({ [specialSigKey]: specialSecretSig, value: "x" }), "x");
    });

    it("are written only where the SDK cannot be loaded, once each", () => {
        const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "provider", "test", "bench", "scripts"], {
            cwd: REPO,
            encoding: "utf8",
        })
            .split("\n")
            .filter((f) => f.endsWith(".ts") && !f.startsWith("test/fixtures/") && f !== "test/unit/sdk-constants.test.ts");
        const where = (literal: string) => files.filter((f) => readFileSync(path.join(REPO, f), "utf8").includes(literal)).sort();
        assert.deepEqual(where(unknownValue), ["provider/core/unknown.ts"]);
        assert.deepEqual(where(specialSigKey), ["provider/plugin/secrets.ts"]);
        assert.deepEqual(where(specialSecretSig), ["provider/plugin/secrets.ts"]);
    });
});
