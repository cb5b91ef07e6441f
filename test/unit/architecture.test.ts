// The layout's rules, checked on the source itself: imports run one way (core ← auth ← config ←
// api ← coordinator ← resources ← dynamic wiring ← Pulumi classes and shims ← the package entry), the core
// imports nothing of the package, the emulator uses only the core, the signer and the API
// schemas, nothing below the Pulumi classes loads `@pulumi/pulumi` at run time (it would be
// serialized into every resource's `__provider`), nothing outside the emulator imports it, and no
// comment in provider/, test/, bench/ or scripts/ cites a file a reader of the repository cannot
// open (a file not in it, unless named with the public repository or page that holds it), and
// no test file imports another.
// Each rule is a function of the file texts, so each is also run on an injected violation.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** The repository checked; `ROMA_REPO_ROOT` points the test at a copy (e.g. a clean clone with no `../shared` beside it). */
const REPO = path.resolve(process.env.ROMA_REPO_ROOT ?? path.join(__dirname, "..", ".."));
const PROVIDER = path.join(REPO, "provider");

const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" })
    .split("\n")
    .filter((f) => f !== "" && existsSync(path.join(REPO, f)));

/** Source text by absolute path. */
type Sources = ReadonlyMap<string, string>;

const read = (dir: string): Sources =>
    new Map(
        tracked
            .filter((f) => f.startsWith(`${dir}/`) && /\.(?:ts|mjs|js|sh)$/.test(f))
            .map((f): [string, string] => [path.join(REPO, f), readFileSync(path.join(REPO, f), "utf8")]),
    );

const providerSources = read("provider");
const commentedSources = new Map([...providerSources, ...read("test"), ...read("bench"), ...read("scripts")]);

/** The Pulumi classes, functions and the shims stored in state: the only files that may load @pulumi/pulumi. */
const CLASSES = 7;

/**
 * The native provider plugin: beside the dynamic wiring (it uses the resources), but a process
 * of its own that is never serialized, so it may load `@pulumi/pulumi`'s protocol classes;
 * nothing else may import it.
 */
const PLUGIN = 6.5;

/**
 * The policy pack: a process of its own that the CLI starts beside the deployment, never serialized.
 * It reads the resources' tokens from the generated list (resources/common/resource-types.ts); nothing imports it.
 */
const POLICY = 9;

/**
 * The emulator: a server of its own, outside the one-way chain. It may use the core, the signer and
 * the API schemas; nothing in the provider may import it (it would ship a fake API into the
 * resources' code), so it has no place in the ordering and is checked by rules of its own.
 */
const EMULATOR = "emulator";

/** Layer of a file under provider/; a file may import only from its own layer or lower ones. */
function layer(file: string): number | typeof EMULATOR {
    const rel = path.relative(PROVIDER, file).split(path.sep).join("/");
    if (rel.startsWith("core/")) return 0;
    if (rel.startsWith("auth/")) return 1;
    if (rel.startsWith("config/")) return 2;
    if (rel.startsWith("api/")) return 3;
    if (rel.startsWith("coordinator/")) return 4;
    if (/^resources\/[^/]+\/(shim|resource|function|index)\.ts$/.test(rel)) return CLASSES;
    if (rel.startsWith("resources/")) return 5;
    if (rel.startsWith("dynamic/")) return 6;
    if (rel.startsWith("plugin/")) return PLUGIN;
    // `roma-plan`: a command of its own that reads a preview's JSON, never serialized.
    if (rel.startsWith("plan/")) return PLUGIN;
    if (rel === "index.ts") return 8;
    if (rel.startsWith("policy/")) return POLICY;
    if (rel.startsWith("emulator/")) return EMULATOR;
    throw new Error(`${rel} belongs to no layer: add it to the architecture test and the README`);
}

interface Import {
    from: string;
    specifier: string;
    typeOnly: boolean;
}

function importsOf(file: string, text: string): Import[] {
    const out: Import[] = [];
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms))
        out.push({ from: file, specifier: m[3], typeOnly: Boolean(m[2]) });
    for (const m of text.matchAll(/\bimport\("([^"]+)"\)/g)) out.push({ from: file, specifier: m[1], typeOnly: true });
    for (const m of text.matchAll(/\brequire\("([^"]+)"\)/g)) out.push({ from: file, specifier: m[1], typeOnly: false });
    return out;
}

function resolveLocal(imp: Import, files: Sources): string | undefined {
    // The package's own package.json is data (the plugin's version), in no layer.
    if (!imp.specifier.startsWith(".") || imp.specifier.endsWith("/package.json")) return undefined;
    const base = path.resolve(path.dirname(imp.from), imp.specifier);
    for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) if (files.has(candidate)) return candidate;
    throw new Error(`${path.relative(REPO, imp.from)} imports ${imp.specifier}, which does not resolve`);
}

const rel = (f: string) => path.relative(PROVIDER, f).split(path.sep).join("/");

/** Local imports with their resolved targets. */
function edges(files: Sources): { imp: Import; target: string }[] {
    return [...files]
        .flatMap(([file, text]) => importsOf(file, text))
        .map((imp) => ({ imp, target: resolveLocal(imp, files) }))
        .filter((e): e is { imp: Import; target: string } => e.target !== undefined);
}

const show = ({ imp, target }: { imp: Import; target: string }) => `${rel(imp.from)} → ${rel(target)}`;

/** Each rule lists its violations in a set of provider files; empty means the rule holds. */
const rules = {
    upward(files: Sources): string[] {
        return edges(files)
            .filter(({ imp, target }) => {
                const from = layer(imp.from);
                const to = layer(target);
                return from !== EMULATOR && to !== EMULATOR && to > from;
            })
            .map(show);
    },
    coreImportsOnlyItself(files: Sources): string[] {
        return [...files]
            .flatMap(([file, text]) => importsOf(file, text))
            .filter((imp) => layer(imp.from) === 0 && imp.specifier.startsWith(".") && !imp.specifier.startsWith("./"))
            .map((i) => `${rel(i.from)} → ${i.specifier}`);
    },
    emulatorUsesOnlyCoreSignerSchemas(files: Sources): string[] {
        const allowed = new Set(["core", "auth/sign.ts", "api/schemas.ts", "emulator"]);
        return edges(files)
            .filter(({ imp, target }) => layer(imp.from) === EMULATOR && !allowed.has(rel(target).split("/")[0]) && !allowed.has(rel(target)))
            .map(show);
    },
    nothingImportsTheEmulator(files: Sources): string[] {
        return edges(files)
            .filter(({ imp, target }) => layer(target) === EMULATOR && layer(imp.from) !== EMULATOR)
            .map(show);
    },
    noPulumiBelowClasses(files: Sources): string[] {
        return [...files]
            .flatMap(([file, text]) => importsOf(file, text))
            .filter((imp) => {
                const from = layer(imp.from);
                return imp.specifier.startsWith("@pulumi/pulumi") && !imp.typeOnly && typeof from === "number" && from < CLASSES && from !== PLUGIN;
            })
            .map((i) => rel(i.from));
    },
    onlyThePluginImportsThePlugin(files: Sources): string[] {
        return edges(files)
            .filter(({ imp, target }) => layer(target) === PLUGIN && layer(imp.from) !== PLUGIN && layer(imp.from) !== POLICY)
            .map(show);
    },
    nothingImportsThePolicyPack(files: Sources): string[] {
        return edges(files)
            .filter(({ imp, target }) => layer(target) === POLICY && layer(imp.from) !== POLICY)
            .map(show);
    },
};

/**
 * Public repositories a comment may name a file in: a file name that follows one of these in the
 * same comment is read as a path in that repository (for example pulumi/pulumi
 * `sdk/nodejs/runtime/rpc.ts`), which any reader can open.
 */
const PUBLIC_REPOSITORIES = /pulumi\/pulumi\b|huaweicloud-sdk-[\w-]+|terraform-provider-huaweicloud|opentelemetry-collector-contrib|https?:\/\/\S+/g;

/** Folders beside the repository that a user's clone does not have. */
const OUTSIDE = /(?:\.\.\/|\b)shared\/|\breference\/README\.md/;

/** Comments in `files` that cite a file a reader of the repository cannot open. */
function citationsOutside(files: Sources, known: readonly string[]): string[] {
    const inRepo = (name: string) => known.some((k) => k === name || k.endsWith(`/${name}`));
    const missing: string[] = [];
    for (const [file, text] of files) {
        const where = path.relative(REPO, file).split(path.sep).join("/");
        // A run of line comments is one comment, so a repository named on one line qualifies a path on the next.
        const pattern = file.endsWith(".sh") ? /(?:^[ \t]*#(?!!)[^\n]*\n?)+/gm : /(?<![:"'`\\])\/\/[^\n]*(?:\n[ \t]*\/\/[^\n]*)*|\/\*[\s\S]*?\*\//g;
        for (const comment of text.matchAll(pattern)) {
            const body = comment[0];
            if (OUTSIDE.test(body)) missing.push(`${where}: ${OUTSIDE.exec(body)?.[0]}`);
            const qualifiedFrom = Math.min(...[...body.matchAll(PUBLIC_REPOSITORIES)].map((m) => m.index), Infinity);
            for (const m of body.matchAll(/[\w./-]+\.(?:ts|md|json|ya?ml)\b/g)) {
                if (inRepo(m[0].replace(/^\.\//, ""))) continue;
                if (m.index > qualifiedFrom) continue;
                missing.push(`${where}: ${m[0]}`);
            }
        }
    }
    return missing;
}

const testSources = read("test");

/** Test files that import another test file: running one would run the other's suite too. */
function testsImportingTests(files: Sources): string[] {
    const found: string[] = [];
    for (const [file, text] of files) {
        if (!file.endsWith(".test.ts")) continue;
        for (const m of text.matchAll(/^import\b[^\n]*\bfrom\s+["']([^"']+\.test)["']/gm))
            found.push(`${path.relative(REPO, file).split(path.sep).join("/")} → ${m[1]}`);
    }
    return found;
}

describe("architecture", () => {
    it("finds the source files", () => {
        assert.ok(providerSources.size > 40, `only ${providerSources.size} files found`);
    });

    it("imports run one way: no file imports from a layer above its own", () => {
        assert.deepEqual(rules.upward(providerSources), []);
    });

    it("the core imports nothing of the package but itself", () => {
        assert.deepEqual(rules.coreImportsOnlyItself(providerSources), []);
    });

    it("the emulator uses only the core, the signer and the API schemas", () => {
        assert.deepEqual(rules.emulatorUsesOnlyCoreSignerSchemas(providerSources), []);
    });

    it("nothing outside the emulator imports the emulator", () => {
        assert.deepEqual(rules.nothingImportsTheEmulator(providerSources), []);
    });

    it("nothing below the Pulumi classes loads @pulumi/pulumi at run time", () => {
        assert.deepEqual(rules.noPulumiBelowClasses(providerSources), []);
    });

    it("only the plugin imports the plugin (the dynamic wiring, classes and entry never load it)", () => {
        assert.deepEqual(rules.onlyThePluginImportsThePlugin(providerSources), []);
    });

    it("nothing imports the policy pack (the package entry and the plugin never load @pulumi/policy)", () => {
        assert.deepEqual(rules.nothingImportsThePolicyPack(providerSources), []);
    });

    it("no comment cites a file outside the repository (in provider/, test/, bench/ and scripts/)", () => {
        assert.ok(commentedSources.size > providerSources.size, "the tests, bench and scripts are scanned too");
        assert.deepEqual(citationsOutside(commentedSources, tracked), []);
    });

    it("no test file imports another (what they share lives in test/support)", () => {
        assert.ok([...testSources.keys()].some((f) => f.endsWith(".test.ts")));
        assert.deepEqual(testsImportingTests(testSources), []);
    });

    describe("each rule fails on an injected violation", () => {
        it("a test file importing another", () => {
            const injected = new Map([[path.join(REPO, "test", "api", "injected.test.ts"), `import { clientsFor } from "./client.test";\n`]]);
            assert.deepEqual(testsImportingTests(injected), ["test/api/injected.test.ts → ./client.test"]);
        });

        /** The real provider sources plus one file. */
        const withFile = (relPath: string, text: string): Sources => new Map([...providerSources, [path.join(PROVIDER, relPath), text]]);

        it("an import of the emulator from the resources, the API client, the plugin or the entry", () => {
            for (const from of ["resources/common/injected.ts", "api/injected.ts", "plugin/injected.ts"]) {
                const depth = from.split("/").length - 1;
                const files = withFile(from, `import { startEmulator } from "${"../".repeat(depth)}emulator";\n`);
                assert.deepEqual(rules.nothingImportsTheEmulator(files), [`${from} → emulator/index.ts`], from);
            }
            // The emulator's own files import each other freely.
            assert.deepEqual(rules.nothingImportsTheEmulator(withFile("emulator/injected.ts", `import { startEmulator } from "./server";\n`)), []);
        });

        it("an upward import, a core import, an emulator import of the client, @pulumi/pulumi below the classes, an import of the plugin", () => {
            assert.deepEqual(rules.upward(withFile("api/injected.ts", `import { x } from "../resources/common/operations";\n`)), [
                "api/injected.ts → resources/common/operations.ts",
            ]);
            assert.deepEqual(rules.coreImportsOnlyItself(withFile("core/injected.ts", `import { x } from "../auth/sign";\n`)), [
                "core/injected.ts → ../auth/sign",
            ]);
            assert.deepEqual(rules.emulatorUsesOnlyCoreSignerSchemas(withFile("emulator/injected.ts", `import { x } from "../api/fdi-client";\n`)), [
                "emulator/injected.ts → api/fdi-client.ts",
            ]);
            assert.deepEqual(rules.noPulumiBelowClasses(withFile("dynamic/injected.ts", `import * as pulumi from "@pulumi/pulumi";\n`)), [
                "dynamic/injected.ts",
            ]);
            assert.deepEqual(rules.onlyThePluginImportsThePlugin(withFile("dynamic/injected.ts", `import { x } from "../plugin/server";\n`)), [
                "dynamic/injected.ts → plugin/server.ts",
            ]);
            assert.deepEqual(rules.nothingImportsThePolicyPack(withFile("plugin/injected.ts", `import { romaPolicies } from "../policy/policies";\n`)), [
                "plugin/injected.ts → policy/policies.ts",
            ]);
        });

        it("a comment citing a file beside the repository, or a file named with no repository that holds it", () => {
            const file = (text: string): Sources => new Map([[path.join(REPO, "test", "injected.ts"), text]]);
            assert.deepEqual(citationsOutside(file(`// (reference official-models.md "Flow control")\n`), tracked), ["test/injected.ts: official-models.md"]);
            assert.deepEqual(citationsOutside(file(["/", "* the pages in ../shared/reference/api *", "/\n"].join("")), tracked), [
                "test/injected.ts: ../shared/",
            ]);
            assert.deepEqual(citationsOutside(file("// see pulumi-dynamic.md §1\n"), tracked), ["test/injected.ts: pulumi-dynamic.md"]);
            // What a reader can open passes: a file in the repository, a file named with its public repository, a URL.
            const fine = [
                "// see provider/resources/common/operations.ts and README.md",
                "// pulumi/pulumi `sdk/nodejs/runtime/rpc.ts`",
                "// huaweicloud-sdk-nodejs-v3 `services/drs/v3/model/RetryTaskResp.ts`",
                "// https://support.huaweicloud.com/api-drs/drs_api_0150.html",
            ].join("\n");
            assert.deepEqual(citationsOutside(file(fine), tracked), []);
        });
    });
});
