// The plugin bundle that the single executable carries (scripts/plugin-bundle.ts): everything the
// plugin loads at run time is inside it, so the executable needs no node_modules beside it.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Metafile } from "esbuild";
import { bundlePlugin, externalImports, isBuiltin } from "../../scripts/plugin-bundle";
import { REPO } from "../support/package-fixture";
import { tempDir } from "../support/temp";

const VERSION = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;

describe("the plugin bundle (one CommonJS file for the single executable)", function () {
    this.timeout(180_000);
    let bundle: string;
    let metafile: Metafile;

    before(async () => {
        bundle = path.join(tempDir("roma-plugin-bundle"), "pulumi-resource-roma.js");
        metafile = await bundlePlugin(bundle);
    });

    it("leaves only Node.js's own modules to be required at run time", () => {
        const external = externalImports(metafile);
        assert.ok(external.length > 0, "the metafile lists the bundle's imports");
        assert.deepEqual(
            external.filter((p) => !isBuiltin(p)),
            [],
        );
        assert.doesNotMatch(readFileSync(bundle, "utf8"), /require\.resolve\(|createRequire\(require/, "no resolution left to run time");
    });

    it("holds the protocol classes, gRPC, google-protobuf, undici, zod and the package version", () => {
        const inputs = Object.keys(metafile.inputs).map((p) => p.replace(/\\/g, "/"));
        for (const wanted of [
            /@pulumi\/pulumi\/proto\/provider_grpc_pb\.js$/,
            /@pulumi\/pulumi\/proto\/engine_grpc_pb\.js$/,
            /@grpc\/grpc-js\/build\/src\/index\.js$/,
            /google-protobuf\/google\/protobuf\/struct_pb\.js$/,
            /undici\/index\.js$/,
            /zod\//,
            /^package\.json$/,
        ])
            assert.ok(
                inputs.some((i) => wanted.test(i)),
                `${String(wanted)} in the bundle`,
            );
    });

    it("runs by itself with plain node from a folder with no node_modules: --version and --schema", () => {
        const alone = tempDir("roma-plugin-alone");
        const v = spawnSync(process.execPath, [bundle, "--version"], { cwd: alone, encoding: "utf8", env: { PATH: "", NODE_PATH: "" } });
        assert.equal(v.status, 0, v.stderr);
        assert.equal(v.stdout, `${VERSION} (Node.js ${process.version})\n`);
        const schema = spawnSync(process.execPath, [bundle, "--schema"], { cwd: alone, encoding: "utf8", env: { PATH: "", NODE_PATH: "" } });
        assert.equal(schema.status, 0, schema.stderr);
        assert.equal((JSON.parse(schema.stdout) as { version: string }).version, VERSION);
    });
});
