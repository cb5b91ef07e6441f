// The table of provider settings in docs/installation-configuration.md (the Pulumi Registry's
// configuration page), made from the settings table provider/config/sources.ts, which the
// provider itself reads: stack config key, provider argument, environment variables, secret or
// not, and what it is for. It sits between `<!-- table:config -->` and `<!-- /table -->`;
// `npm run docs:tables` rewrites it, and test/unit/docs-config-table.test.ts fails when it is stale.
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { SETTINGS, settingSpec } from "../provider/config/sources";

export const CONFIG_PAGE = path.join(__dirname, "..", "docs", "installation-configuration.md");

const BLOCK = /<!-- table:config -->\n[\s\S]*?<!-- \/table -->/;

export function configTable(): string {
    const line = (key: string, arg: string, envs: readonly string[], secret: boolean, description: string) =>
        `| \`${key}\` | \`${arg}\` | ${envs.map((e) => `\`${e}\``).join(", ")} | ${secret ? "yes" : "no"} | ${description.replace(/\|/g, "\\|")} |`;
    // An object setting is a row, then a row per field (`roma:assumeRole.agencyName`, as `pulumi config set --path` spells it).
    const rows = SETTINGS.flatMap((s) => {
        const row = settingSpec(s);
        const own = line(row.key, s, row.env, row.secret, row.description);
        if (row.type !== "object") return [own];
        return [own, ...Object.entries(row.fields).map(([f, spec]) => line(`${row.key}.${f}`, `${s}.${f}`, spec.env, spec.secret, spec.description))];
    });
    return [
        "<!-- table:config -->",
        "| Stack config | Provider argument | Environment variable | Secret | Description |",
        "|---|---|---|---|---|",
        ...rows,
        "<!-- /table -->",
    ].join("\n");
}

/** The page's table block as it stands, or undefined when the page has none. */
export const tableInPage = (page: string): string | undefined => BLOCK.exec(page)?.[0];

if (require.main === module) {
    const page = readFileSync(CONFIG_PAGE, "utf8");
    if (!tableInPage(page)) throw new Error(`${CONFIG_PAGE} has no <!-- table:config --> block`);
    writeFileSync(CONFIG_PAGE, page.replace(BLOCK, configTable()));
}
