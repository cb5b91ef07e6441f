// Run by `npm install` in this folder, which `pulumi package add` does before it starts the
// plugin: the provider this folder starts is the repository around it, so in a fresh clone
// (no node_modules, no dist/) the repository's dependencies are installed first, and its own
// `prepare` script builds dist/.
const { existsSync } = require("node:fs");
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
const built = existsSync(path.join(repo, "dist", "plugin", "cli.js")) && existsSync(path.join(repo, "node_modules", "@pulumi", "pulumi"));
if (!built) {
    process.stderr.write(`pulumi-resource-roma: installing and building ${repo} (npm ci)\n`);
    const r = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: repo, stdio: "inherit", shell: process.platform === "win32" });
    process.exit(r.status ?? 1);
}
