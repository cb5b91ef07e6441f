// docs/installation-configuration.md lists every provider setting as provider/config/sources.ts
// declares it (the table the provider reads): `npm run docs:tables` writes it.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { CONFIG_SOURCES, SETTINGS } from "../../provider/config/sources";
import { CONFIG_PAGE, configTable, tableInPage } from "../../scripts/docs-config-table";

describe("docs/installation-configuration.md: the settings table", () => {
    const page = readFileSync(CONFIG_PAGE, "utf8");

    it("is the one the settings table gives (npm run docs:tables rewrites it)", () => {
        assert.equal(tableInPage(page), configTable());
    });

    it("is the Registry's installation page: its front matter says `layout: installation`, as the Pulumi Registry's own installation pages do", () => {
        const front = /^---\n([\s\S]*?)\n---\n/.exec(page)?.[1] ?? "";
        assert.match(front, /^layout: installation$/m);
    });

    it("has a row per setting, naming its stack config key and every environment variable", () => {
        const table = configTable();
        for (const s of SETTINGS) {
            const row = table.split("\n").find((l) => l.startsWith(`| \`${CONFIG_SOURCES[s].key}\` |`));
            assert.ok(row, `${s} has a row`);
            for (const env of CONFIG_SOURCES[s].env) assert.ok(row.includes(`\`${env}\``), `${s}: ${env}`);
        }
    });
});
