// The layout's rules, checked on the source itself: imports run one way (core ← auth ← config ←
// api ← coordinator ← resources ← dynamic wiring ← Pulumi classes and shims ← the package entry), the core
// imports nothing of the package, the emulator uses only the core, the signer and the API
// schemas, nothing below the Pulumi classes loads `@pulumi/pulumi` at run time (it would be
// serialized into every resource's `__provider`), and no comment names a file that is not there.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

const REPO = path.resolve(__dirname, "..", "..");
const PROVIDER = path.join(REPO, "provider");

const sources = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "provider"], { cwd: REPO, encoding: "utf8" })
    .split("\n")
    .filter((f) => f.endsWith(".ts") && existsSync(path.join(REPO, f)))
    .map((f) => path.join(REPO, f));

/** The Pulumi classes, functions and the shims stored in state: the only files that may load @pulumi/pulumi. */
const CLASSES = 7;

/**
 * The native provider plugin: beside the dynamic wiring (it uses the resources), but a process
 * of its own that is never serialized, so it may load `@pulumi/pulumi`'s protocol classes;
 * nothing else may import it.
 */
const PLUGIN = 6.5;

/** Layer of a file under provider/; a file may import only from its own layer or lower ones. */
function layer(file: string): number {
    const rel = path.relative(PROVIDER, file).split(path.sep).join("/");
    if (rel.startsWith("core/")) return 0;
    if (rel.startsWith("auth/")) return 1;
    if (rel.startsWith("config/")) return 2;
    if (rel.startsWith("api/")) return 3;
    if (rel.startsWith("coordinator/")) return 4;
    if (/^resources\/[^/]+\/(shim|resource|function)\.ts$/.test(rel)) return CLASSES;
    if (rel.startsWith("resources/")) return 5;
    if (rel.startsWith("dynamic/")) return 6;
    if (rel.startsWith("plugin/")) return PLUGIN;
    if (rel === "index.ts") return 8;
    if (rel.startsWith("emulator/")) return -1;
    throw new Error(`${rel} belongs to no layer: add it to the architecture test and the README`);
}

interface Import {
    from: string;
    specifier: string;
    typeOnly: boolean;
}

function importsOf(file: string): Import[] {
    const text = readFileSync(file, "utf8");
    const out: Import[] = [];
    for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms))
        out.push({ from: file, specifier: m[3], typeOnly: Boolean(m[2]) });
    for (const m of text.matchAll(/\bimport\("([^"]+)"\)/g)) out.push({ from: file, specifier: m[1], typeOnly: true });
    for (const m of text.matchAll(/\brequire\("([^"]+)"\)/g)) out.push({ from: file, specifier: m[1], typeOnly: false });
    return out;
}

function resolveLocal(imp: Import): string | undefined {
    if (!imp.specifier.startsWith(".")) return undefined;
    const base = path.resolve(path.dirname(imp.from), imp.specifier);
    for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) if (existsSync(candidate)) return candidate;
    throw new Error(`${path.relative(REPO, imp.from)} imports ${imp.specifier}, which does not resolve`);
}

const rel = (f: string) => path.relative(PROVIDER, f).split(path.sep).join("/");
const all = sources.flatMap(importsOf);

describe("architecture", () => {
    it("finds the source files", () => {
        assert.ok(sources.length > 40, `only ${sources.length} files found`);
    });

    it("imports run one way: no file imports from a layer above its own", () => {
        const upward = all
            .map((imp) => ({ imp, target: resolveLocal(imp) }))
            .filter(({ imp, target }) => target !== undefined && layer(imp.from) >= 0 && layer(target) > layer(imp.from))
            .map(({ imp, target }) => `${rel(imp.from)} → ${rel(target as string)}`);
        assert.deepEqual(upward, []);
    });

    it("the core imports nothing of the package but itself", () => {
        const outside = all.filter((imp) => layer(imp.from) === 0 && imp.specifier.startsWith(".") && !imp.specifier.startsWith("./"));
        assert.deepEqual(
            outside.map((i) => `${rel(i.from)} → ${i.specifier}`),
            [],
        );
    });

    it("the emulator uses only the core, the signer and the API schemas", () => {
        const allowed = new Set(["core", "auth/sign.ts", "api/schemas.ts", "emulator"]);
        const bad = all
            .filter((imp) => layer(imp.from) === -1)
            .map((imp) => ({ imp, target: resolveLocal(imp) }))
            .filter(({ target }) => target !== undefined && !allowed.has(rel(target).split("/")[0]) && !allowed.has(rel(target)))
            .map(({ imp, target }) => `${rel(imp.from)} → ${rel(target as string)}`);
        assert.deepEqual(bad, []);
    });

    it("nothing below the Pulumi classes loads @pulumi/pulumi at run time", () => {
        const bad = all.filter(
            (imp) =>
                imp.specifier.startsWith("@pulumi/pulumi") && !imp.typeOnly && layer(imp.from) >= 0 && layer(imp.from) < CLASSES && layer(imp.from) !== PLUGIN,
        );
        assert.deepEqual(
            bad.map((i) => rel(i.from)),
            [],
        );
    });

    it("only the plugin imports the plugin (the dynamic wiring, classes and entry never load it)", () => {
        const bad = all
            .map((imp) => ({ imp, target: resolveLocal(imp) }))
            .filter(({ imp, target }) => target !== undefined && layer(target) === PLUGIN && layer(imp.from) !== PLUGIN)
            .map(({ imp, target }) => `${rel(imp.from)} → ${rel(target as string)}`);
        assert.deepEqual(bad, []);
    });

    it("no comment names a file the repository (or the shared reference) does not have", () => {
        const known = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: REPO, encoding: "utf8" }).split("\n");
        const reference = path.join(REPO, "..", "shared", "reference");
        const exists = (name: string) => known.some((k) => k === name || k.endsWith(`/${name}`)) || existsSync(path.join(reference, name));
        const missing: string[] = [];
        for (const file of sources) {
            for (const comment of readFileSync(file, "utf8").matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)) {
                for (const m of comment[0].matchAll(/[\w./-]+\.(?:ts|md|json|ya?ml)\b/g)) {
                    if (!exists(m[0].replace(/^\.\//, ""))) missing.push(`${rel(file)}: ${m[0]}`);
                }
            }
        }
        assert.deepEqual(missing, []);
    });
});
