// The package schema against Pulumi's package metaschema (pulumi/pulumi's
// pkg/codegen/schema/pulumi.json, JSON Schema 2020-12), plus what the metaschema cannot say and the engine's
// binder checks (pkg/codegen/schema/bind.go): every `$ref` names a type of this package, every
// token is `roma:<module>:<Name>`, every required property exists. The metaschema is not ours to
// commit: it is read from the Go module cache, the very version of pulumi/pulumi's `pkg/v3` that
// tools/pulumi/go.mod pins (there once the end-to-end suite or `npm run pulumi:where` has built
// the CLI), else from a reference folder beside this repository; ROMA_PULUMI_METASCHEMA names
// another copy. Where there is none, as in a fresh clone without Go, the metaschema test says so
// and is skipped; the binder rules run everywhere, and the real binder runs in the end-to-end
// suite (`roma-gen-sdk bind`).
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { packageSchema } from "../../provider/plugin/schema";
import { REPO } from "../support/package-fixture";

type Spec = Record<string, unknown>;
/** pulumi/pulumi's pkg/codegen/schema/pulumi.json, of the pinned `github.com/pulumi/pulumi/pkg/v3` in the Go module cache, if Go and the module are there. */
function pinnedMetaschema(): string | undefined {
    const pin = /^\s*github\.com\/pulumi\/pulumi\/pkg\/v3 (v\S+)/m.exec(readFileSync(path.join(REPO, "tools", "pulumi", "go.mod"), "utf8"))?.[1];
    if (pin === undefined) return undefined;
    try {
        const cache = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
        const file = path.join(cache, "github.com", "pulumi", "pulumi", "pkg", `v3@${pin}`, "codegen", "schema", "pulumi.json");
        return existsSync(file) ? file : undefined;
    } catch {
        return undefined; // no Go on this machine
    }
}
const metaschemaPath = () =>
    process.env.ROMA_PULUMI_METASCHEMA ?? pinnedMetaschema() ?? path.join(REPO, "..", "shared", "reference", "pulumi-metaschema", "pulumi.json");
const schema = packageSchema("1.2.3") as Spec & { resources: Record<string, Spec>; types: Record<string, Spec> };

/** Every `$ref` anywhere in a value, with where it stands. */
function refs(value: unknown, where: string): [string, string][] {
    if (Array.isArray(value)) return value.flatMap((v, i) => refs(v, `${where}[${i}]`));
    if (value === null || typeof value !== "object") return [];
    return Object.entries(value as Spec).flatMap(([k, v]) =>
        k === "$ref" && typeof v === "string" ? [[where, v] as [string, string]] : refs(v, `${where}.${k}`),
    );
}

describe("plugin package schema against Pulumi's metaschema and binder rules", () => {
    it("validates against pkg/codegen/schema/pulumi.json", function () {
        const METASCHEMA = metaschemaPath();
        if (!existsSync(METASCHEMA)) {
            console.log(
                `      (skipped: no metaschema at ${METASCHEMA}; set ROMA_PULUMI_METASCHEMA to a copy of pulumi/pulumi's pkg/codegen/schema/pulumi.json)`,
            );
            this.skip();
        }
        const ajv = new Ajv2020({ allErrors: true, strict: false });
        const validate = ajv.compile(JSON.parse(readFileSync(METASCHEMA, "utf8")) as Spec);
        const valid = validate(schema);
        assert.ok(valid, JSON.stringify(validate.errors, null, 2));
        // The validator is not vacuous: a property spec with a type the metaschema lacks fails.
        const broken = structuredClone(schema);
        (broken.resources["roma:fdi:TaskRunState"].inputProperties as Record<string, Spec>).state = { type: "enum-of-nothing" };
        assert.equal(validate(broken), false, "a broken schema must fail the metaschema");
    });

    it("resolves every $ref to a type of this package or Pulumi's built-ins", () => {
        const unresolved = refs(schema, "schema").filter(([, ref]) => {
            if (ref === "pulumi.json#/Any" || ref === "pulumi.json#/Archive" || ref === "pulumi.json#/Asset" || ref === "pulumi.json#/Json") return false;
            const m = /^#\/types\/(.+)$/.exec(ref);
            return !m || !(decodeURIComponent(m[1]) in schema.types);
        });
        assert.deepEqual(unresolved, []);
    });

    it("names every resource and type roma:<module>:<Name>, with a module", () => {
        // The provider's own object settings (roma:assumeRole) are types of the index module, as Pulumi's providers name theirs.
        const variables = (schema.config as { variables: Record<string, Spec> }).variables;
        const config = new Set(Object.values(variables).flatMap((v) => (typeof v.$ref === "string" ? [v.$ref.replace("#/types/", "")] : [])));
        for (const token of [...Object.keys(schema.resources), ...Object.keys(schema.types), ...Object.keys((schema.functions as Spec | undefined) ?? {})])
            assert.match(token, config.has(token) ? /^roma:index:[A-Za-z][A-Za-z0-9]*$/ : /^roma:(fdi|drs):[A-Za-z][A-Za-z0-9]*$/, token);
        assert.equal(config.size, 2, "assumeRole and assumeRoleWithOidc");
    });
});
