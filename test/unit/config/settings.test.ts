// The settings table (config/sources.ts) is the one source of each setting's key, environment
// variables, type, range, default, secrecy and description: the resolver's defaults and range
// checks, the plugin's CheckConfig failures (by property), its schema's config and provider
// inputs, and the configuration table of docs/configuration.md must all say what the table says.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { ConfigGetter } from "../../../provider/config/lookup";
import { resolveConfig } from "../../../provider/config/resolve";
import { CONFIG_SOURCES, settingSpec, type ConfigSetting } from "../../../provider/config/sources";
import { checkProviderConfig } from "../../../provider/plugin/config";
import { packageSchema } from "../../../provider/plugin/schema";

const SETTINGS = Object.keys(CONFIG_SOURCES) as ConfigSetting[];
const INTEGERS = SETTINGS.flatMap((s) => {
    const spec = settingSpec(s);
    return spec.type === "integer" ? [{ setting: s, ...spec }] : [];
});

/** A complete configuration (AK/SK, region, project) as stack config, with `over` on top. */
const base: Record<string, string> = { "roma:region": "cn-north-4", "roma:accessKey": "AK", "roma:secretKey": "SK", "roma:projectId": "p1" };
const getter =
    (over: Record<string, string> = {}): ConfigGetter =>
    (key) =>
        ({ ...base, ...over })[key];

describe("settings table", () => {
    it("gives the resolver each integer's default and range", () => {
        assert.ok(INTEGERS.length >= 4);
        const defaults = resolveConfig(getter(), {});
        const resolved = (c: typeof defaults): Record<string, number> => ({
            maxRetries: c.maxRetries,
            requestTimeoutSeconds: c.requestTimeoutMs / 1000,
            maxRequestsPerSecond: c.maxRequestsPerSecond,
            listingMaxAgeSeconds: c.listingMaxAgeMs / 1000,
        });
        for (const { setting, key, min, max, default: dflt } of INTEGERS) {
            assert.equal(resolved(defaults)[setting], dflt, `${setting}: default`);
            for (const edge of [min, max]) assert.equal(resolved(resolveConfig(getter({ [key]: String(edge) }), {}))[setting], edge, `${setting} = ${edge}`);
            for (const outside of [min - 1, max + 1].filter((v) => v >= 0)) {
                assert.throws(
                    () => resolveConfig(getter({ [key]: String(outside) }), {}),
                    new RegExp(`${key} .* must be a whole number from ${min} to ${max}`),
                );
            }
        }
    });

    it("CheckConfig names the property each problem is about, from the resolver, not from its message", () => {
        const bad: [Record<string, string>, string][] = [
            [{ "roma:endpoint": "not a url" }, "endpoint"],
            [{ "roma:drsEndpoint": "http://drs.example.com" }, "drsEndpoint"],
            [
                {
                    "roma:accessKey": "",
                    "roma:secretKey": "",
                    "roma:userName": "u",
                    "roma:password": "p",
                    "roma:domainName": "d",
                    "roma:authUrl": "ftp://iam.example.com/v3",
                },
                "authUrl",
            ],
            [{ "roma:projectId": "a/b" }, "projectId"],
            [{ "roma:region": "north", "roma:endpoint": "", "roma:drsEndpoint": "https://drs.example.com" }, "region"],
            [{ "roma:secretKey": "" }, "secretKey"],
            ...INTEGERS.map(({ key, setting, max }): [Record<string, string>, string] => [{ [key]: String(max + 1) }, setting]),
        ];
        for (const [over, property] of bad) {
            const props = Object.fromEntries(Object.entries({ ...base, ...over }).map(([k, v]) => [k.replace(/^roma:/, ""), v]));
            const failures = checkProviderConfig(props, {});
            assert.deepEqual(
                failures.map((f) => f.property),
                [property],
                `${JSON.stringify(over)}: ${failures.map((f) => f.reason).join("; ")}`,
            );
        }
        // Credentials incomplete in the environment are no property of the provider; what is only missing is not refused.
        assert.deepEqual(
            checkProviderConfig({ region: "cn-north-4" }, { HW_ACCESS_KEY: "AK" }).map((f) => f.property),
            [""],
        );
        assert.deepEqual(checkProviderConfig({ region: "cn-north-4" }, {}), []);
    });

    it("gives the schema's config and provider inputs their type, secrecy and description", () => {
        const schema = packageSchema("0.0.0") as {
            config: { variables: Record<string, { type: string; secret?: boolean; description: string }> };
            provider: { inputProperties: unknown };
        };
        assert.deepEqual(Object.keys(schema.config.variables), SETTINGS);
        assert.deepEqual(schema.provider.inputProperties, schema.config.variables);
        const types = (schema as unknown as { types: Record<string, { properties: Record<string, { type: string; secret?: boolean; description: string }> }> })
            .types;
        for (const s of SETTINGS) {
            const v = schema.config.variables[s] as { type: string; secret?: boolean; description: string; $ref?: string };
            const spec = settingSpec(s);
            if (spec.type === "object") {
                // An object setting is its type, each field with its own variable and secrecy.
                assert.equal(v.$ref, `#/types/roma:index:${spec.typeName}`, s);
                const fields = types[`roma:index:${spec.typeName}`].properties;
                assert.deepEqual(Object.keys(fields), Object.keys(spec.fields), s);
                for (const [name, f] of Object.entries(spec.fields)) {
                    assert.equal(fields[name].type, f.type, `${s}.${name}`);
                    assert.equal(fields[name].secret === true, f.secret, `${s}.${name}`);
                    assert.equal(fields[name].description, `${f.description} Fallback: the environment variable ${f.env.join(" or ")}.`, `${s}.${name}`);
                }
                continue;
            }
            assert.equal(v.type, spec.type, s);
            assert.equal(v.secret === true, spec.secret, s);
            assert.equal(v.description, `${spec.description} Fallback: the environment variable ${spec.env.join(" or ")}.`, s);
        }
    });

    it("a description that states a range or default states the table's", () => {
        for (const { setting, description, min, max, default: dflt } of INTEGERS) {
            const range = /\((\d+)–(\d+)/.exec(description);
            if (range) assert.deepEqual([Number(range[1]), Number(range[2])], [min, max], setting);
            assert.match(description, new RegExp(`default ${dflt}\\)`), setting);
        }
    });

    it("the configuration table of docs/configuration.md lists every setting with its variables, and each integer's default and range", () => {
        const readme = readFileSync(path.join(__dirname, "..", "..", "..", "docs", "configuration.md"), "utf8");
        const section = readme.slice(readme.indexOf("\n## Configuration"), readme.indexOf("\n## ", readme.indexOf("\n## Configuration") + 1));
        const rows = section
            .split("\n")
            .filter((l) => l.startsWith("| `roma:"))
            .map((l) => l.split("|").map((c) => c.trim()));
        const listed = new Map<string, { env: string; notes: string }>();
        for (const [, keys, envs, notes] of rows) {
            const k = keys.split(", ");
            const e = envs.split(", ");
            assert.equal(k.length, e.length, `README row ${keys}: one variable per key`);
            k.forEach((key, i) => listed.set(key.replace(/`/g, ""), { env: e[i].replace(/`/g, ""), notes }));
        }
        assert.deepEqual(
            [...listed.keys()],
            SETTINGS.map((s) => CONFIG_SOURCES[s].key),
        );
        // An object setting's row names its fields' variables, ` / ` between them.
        const variables = (s: (typeof SETTINGS)[number]) => {
            const spec = settingSpec(s);
            return spec.type === "object"
                ? Object.values(spec.fields)
                      .map((f) => f.env.join(" or "))
                      .join(" / ")
                : spec.env.join(" or ");
        };
        for (const s of SETTINGS) assert.equal(listed.get(CONFIG_SOURCES[s].key)?.env, variables(s), s);
        for (const { setting, key, min, max, default: dflt } of INTEGERS) {
            const notes = listed.get(key)?.notes ?? "";
            assert.match(notes, new RegExp(`^${dflt}\\b`), `${setting}: README default`);
            const range = /^\d+ \((\d+)–(\d+)\)/.exec(notes);
            if (range) assert.deepEqual([Number(range[1]), Number(range[2])], [min, max], `${setting}: README range`);
        }
    });
});
