// The roma plugin as one executable that needs nothing beside it (no `node`, no node_modules):
// esbuild bundles `provider/plugin/cli.ts` and everything it loads into one CommonJS file, and
// Node.js's single executable application support (https://nodejs.org/api/single-executable-applications.html)
// injects that file into a copy of the Node.js 24 that scripts/node-versions.json pins (the one
// running this when it is that version, else the one scripts/node-where.sh installs from the npm
// registry). So the executable runs that Node.js, whatever Node.js builds it, on the OS and
// architecture it was built on: each release runner builds its own (.github/workflows/release.yml).
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import * as path from "node:path";
import type { Metafile, Plugin } from "esbuild";

const REPO = path.resolve(__dirname, "..");
const ENTRY = path.join(REPO, "provider", "plugin", "cli.ts");

/** The Node.js release line the executable embeds: an LTS line, so it gets security fixes. */
export const PLUGIN_NODE_LINE = "24";

/** The exact version of that line the executable embeds (scripts/node-versions.json, which the tests' Node.js comes from too). */
export const PLUGIN_NODE_VERSION = (JSON.parse(readFileSync(path.join(REPO, "scripts", "node-versions.json"), "utf8")) as Record<string, string>)[
    PLUGIN_NODE_LINE
];

/**
 * The `node` executable of PLUGIN_NODE_VERSION: the one running this when it is that version (the
 * release workflow sets it up), else the copy scripts/node-where.sh keeps in the cache outside the clone.
 */
export function pluginNode(): string {
    if (process.version === `v${PLUGIN_NODE_VERSION}`) return process.execPath;
    const out = execFileSync("bash", [path.join(REPO, "scripts", "node-where.sh"), PLUGIN_NODE_LINE], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    });
    const dir = out.trim().split("\n").pop() ?? "";
    return path.join(dir, process.platform === "win32" ? "node.exe" : "node");
}

/** The fuse Node.js looks for to know it carries an application (the SEA docs, `postject` step). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** The executable's file name on this platform: what the CLI runs from its plugin folder. */
export const PLUGIN_EXECUTABLE = process.platform === "win32" ? "pulumi-resource-roma.exe" : "pulumi-resource-roma";

/**
 * provider/plugin/proto.ts and provider/dynamic/engine-log.ts load the protocol classes, gRPC and
 * google-protobuf through `createRequire(require.resolve("@pulumi/pulumi/proto/…"))`, so that at
 * run time they get the very copies `@pulumi/pulumi` was built against. esbuild cannot follow a
 * require it cannot read, so this resolves each such call here, from the same place, and gives
 * esbuild a plain `require("<absolute path>")`: the bundle holds the same copies.
 */
export const resolvePulumiRequires: Plugin = {
    name: "roma-pulumi-requires",
    setup(build) {
        build.onLoad({ filter: /[\\/]provider[\\/].*\.ts$/ }, (args) => {
            let text = readFileSync(args.path, "utf8");
            const anchors = [...text.matchAll(/const (\w+) = createRequire\(require\.resolve\("([^"]+)"\)\);/g)];
            if (anchors.length === 0) return undefined;
            for (const [line, name, from] of anchors) {
                const fromPulumi = createRequire(require.resolve(from, { paths: [path.dirname(args.path)] }));
                text = text.replace(line, "");
                text = text.replace(new RegExp(`\\b${name}\\("([^"]+)"\\)`, "g"), (_, spec: string) => `require(${JSON.stringify(fromPulumi.resolve(spec))})`);
                if (new RegExp(`\\b${name}\\b`).test(text))
                    throw new Error(`${args.path}: ${name} is used other than as ${name}("<module>"); the bundle cannot resolve it`);
            }
            return { contents: text, loader: "ts" };
        });
    },
};

/** The modules a bundle still requires at run time: only Node.js's own may remain. */
export function externalImports(metafile: Metafile): string[] {
    return Object.values(metafile.outputs)
        .flatMap((o) => o.imports)
        .filter((i) => i.external)
        .map((i) => i.path);
}

/**
 * A `node:` specifier can only name a module of Node.js itself, including ones newer than the
 * Node.js that builds (undici probes for `node:sqlite` and copes when it is missing).
 */
export function isBuiltin(spec: string): boolean {
    return spec.startsWith("node:") || builtinModules.includes(spec);
}

/** Bundles the plugin into `outFile` (CommonJS); fails on any import it would leave to run time other than Node.js's own. */
export async function bundlePlugin(outFile: string): Promise<Metafile> {
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
        entryPoints: [ENTRY],
        outfile: outFile,
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node22",
        // Readable stack traces in bug reports: whitespace and syntax minified, names kept.
        minifyWhitespace: true,
        minifySyntax: true,
        keepNames: true,
        legalComments: "none",
        metafile: true,
        logLevel: "silent",
        plugins: [resolvePulumiRequires],
    });
    const problems = [
        ...result.warnings.map((w) => `${w.location?.file ?? ""}:${w.location?.line ?? ""} ${w.text}`),
        ...externalImports(result.metafile)
            .filter((p) => !isBuiltin(p))
            .map((p) => `left to run time: require("${p}")`),
    ];
    if (problems.length > 0) throw new Error(`the plugin bundle would need more than itself:\n${problems.join("\n")}`);
    // A single executable application runs its main script as a CommonJS module body, where a hashbang line is a syntax error.
    writeFileSync(outFile, readFileSync(outFile, "utf8").replace(/^#!.*\n/, ""));
    return result.metafile;
}

/** Builds `<outDir>/pulumi-resource-roma[.exe]` and returns its path. */
export async function buildPluginExecutable(outDir: string, work: string): Promise<string> {
    mkdirSync(outDir, { recursive: true });
    const bundle = path.join(work, "pulumi-resource-roma.js");
    await bundlePlugin(bundle);
    const blob = path.join(work, "sea-prep.blob");
    const config = path.join(work, "sea-config.json");
    // useCodeCache: V8's compiled code travels in the blob, so a cold start skips compiling the bundle.
    writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }));
    // The blob is for the Node.js that makes it: the same binary makes it and carries it.
    const node = pluginNode();
    execFileSync(node, ["--experimental-sea-config", config], { stdio: ["ignore", "ignore", "inherit"] });

    const executable = path.join(outDir, PLUGIN_EXECUTABLE);
    rmSync(executable, { force: true });
    copyFileSync(node, executable);
    // macOS refuses a signed binary changed after signing: unsign, inject, then sign ad hoc (the SEA docs' steps).
    if (process.platform === "darwin") execFileSync("codesign", ["--remove-signature", executable], { stdio: "inherit" });
    const { inject } = await import("postject");
    await inject(executable, "NODE_SEA_BLOB", readFileSync(blob), {
        sentinelFuse: SEA_FUSE,
        ...(process.platform === "darwin" && { machoSegmentName: "NODE_SEA" }),
    });
    if (process.platform === "darwin") execFileSync("codesign", ["--sign", "-", executable], { stdio: "inherit" });
    return executable;
}
