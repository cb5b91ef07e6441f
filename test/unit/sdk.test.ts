// The generated SDKs under sdk/ are the generators' output for today's schema: sdk/schema.json
// must be what the plugin serves (so a schema change without `npm run sdk:gen` fails here, fast);
// the end-to-end suite regenerates the SDKs themselves and compares every file. The README's and the
// native provider page's install and import lines must name the packages the schema declares.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { GO_IMPORT_BASE_PATH, JAVA_BASE_PACKAGE, JAVA_DEPENDENCIES, NODEJS_PACKAGE, PYTHON_PACKAGE, packageSchema } from "../../provider/plugin/schema";
import { REPO } from "../support/package-fixture";

const version = (JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { version: string }).version;
/** What users read of the SDKs: the README and the native provider's page. */
const readme = ["README.md", "docs/native-provider.md"].map((f) => readFileSync(path.join(REPO, f), "utf8")).join("\n");

describe("generated SDKs and the README", () => {
    it("sdk/schema.json is the schema the plugin serves (run `npm run sdk:gen` after changing it)", () => {
        const committed = JSON.parse(readFileSync(path.join(REPO, "sdk", "schema.json"), "utf8")) as unknown;
        assert.deepEqual(committed, packageSchema(version));
    });

    it("the SDKs' package names and versions are the schema's", () => {
        const node = JSON.parse(readFileSync(path.join(REPO, "sdk", "nodejs", "package.json"), "utf8")) as { name: string; version: string };
        assert.equal(node.name, NODEJS_PACKAGE);
        assert.equal(node.version, version);
        const pyproject = readFileSync(path.join(REPO, "sdk", "python", "pyproject.toml"), "utf8");
        assert.match(pyproject, new RegExp(`name = "${PYTHON_PACKAGE}"`));
        assert.match(pyproject, new RegExp(`version = "${version.replace(/\./g, "\\.")}"`));
        assert.match(readFileSync(path.join(REPO, "sdk", "go", "roma", "doc.go"), "utf8"), /package roma/);
    });

    it("sdk/java's Maven coordinates, dependencies and resources are the schema's", () => {
        const java = path.join(REPO, "sdk", "java");
        const pom = readFileSync(path.join(java, "pom.xml"), "utf8");
        const tag = (name: string) => pom.match(new RegExp(`^ {4}<${name}>([^<]*)</${name}>$`, "m"))?.[1];
        assert.deepEqual([tag("groupId"), tag("artifactId"), tag("version")], [JAVA_BASE_PACKAGE, "roma", version]);
        for (const [coordinates, pinned] of Object.entries(JAVA_DEPENDENCIES)) {
            const [group, artifact] = coordinates.split(":");
            assert.ok(
                pom.includes(`<groupId>${group}</groupId>\n            <artifactId>${artifact}</artifactId>\n            <version>${pinned}</version>`),
                coordinates,
            );
        }
        const resources = path.join(java, "src", "main", "resources", ...JAVA_BASE_PACKAGE.split("."), "roma");
        assert.equal(readFileSync(path.join(resources, "version.txt"), "utf8"), version);
        // What the Java host reports to the engine: the plugin, its version and where releases live.
        const server = packageSchema(version).pluginDownloadURL as string | undefined;
        assert.deepEqual(JSON.parse(readFileSync(path.join(resources, "plugin.json"), "utf8")), {
            resource: true,
            name: "roma",
            version,
            ...(server && { server }),
        });
        assert.match(
            readFileSync(path.join(java, "src", "main", "java", ...JAVA_BASE_PACKAGE.split("."), "roma", "fdi", "TaskRunState.java"), "utf8"),
            new RegExp(`^package ${JAVA_BASE_PACKAGE}\\.roma\\.fdi;`, "m"),
        );
    });

    it("the README and docs/native-provider.md import the packages the schema declares, and no other", () => {
        const nodeImports = [...readme.matchAll(/from "(@[^"]+\/roma[^"]*)"/g)].map((m) => m[1]);
        assert.ok(nodeImports.length > 0, "the README shows a Node.js import of the SDK");
        for (const name of nodeImports) assert.equal(name.split("/").slice(0, 2).join("/"), NODEJS_PACKAGE);
        const pythonImports = [...readme.matchAll(/^\s*import (pulumi_\w+)/gm)].map((m) => m[1]);
        assert.ok(pythonImports.length > 0, "the README shows a Python import of the SDK");
        for (const name of pythonImports) assert.equal(name, PYTHON_PACKAGE);
        const goImports = [...readme.matchAll(/"(github\.com\/[^"]*\/sdk\/go\/roma[^"]*)"/g)].map((m) => m[1]);
        assert.ok(goImports.length > 0, "the README shows a Go import of the SDK");
        for (const name of goImports) assert.ok(name.startsWith(GO_IMPORT_BASE_PATH), name);
        assert.doesNotMatch(readme, /@pulumi\/roma\b/, "the SDK is not published as @pulumi/roma");
    });
});
