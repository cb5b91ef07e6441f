// The package schema GetSchema answers: every resource, property and config variable
// documented, secrets marked, types and required lists as the zod schemas say, type tokens and
// references well formed: the structural rules of Pulumi's metaschema
// (pulumi/pulumi's pkg/codegen/schema/pulumi.json) that our schema relies on. The validation
// against the metaschema itself is in metaschema.test.ts.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CONFIG_SOURCES } from "../../provider/config/sources";
import { packageSchema } from "../../provider/plugin/schema";
import { RUN_STATES, TaskRunStateInputs } from "../../provider/resources/task-run-state/schema";

type Spec = Record<string, unknown>;
const schema = packageSchema("1.2.3") as Spec & {
    resources: Record<string, Spec>;
    functions: Record<
        string,
        {
            description: string;
            inputs: { properties: Record<string, Spec>; required: string[] };
            outputs: { properties: Record<string, Spec>; required: string[] };
        }
    >;
    types: Record<string, Spec>;
    config: { variables: Record<string, Spec> };
};
const TOKEN = /^[a-zA-Z][-a-zA-Z0-9_]*:([^0-9][a-zA-Z0-9._/-]*)?:[^0-9][a-zA-Z0-9._/-]*$/;
const PRIMITIVE = ["boolean", "integer", "number", "string"];

/** The metaschema's typeSpec: exactly one of primitive, array, map, named reference, union. */
function typeProblem(spec: Spec, where: string): string[] {
    if (typeof spec.$ref === "string") {
        const ref = spec.$ref;
        if (ref === "pulumi.json#/Any") return [];
        const m = /^#\/types\/(.+)$/.exec(ref);
        return m && schema.types[m[1]] ? [] : [`${where}: $ref ${ref} names no type`];
    }
    if (Array.isArray(spec.oneOf))
        return spec.oneOf.length >= 2 ? (spec.oneOf as Spec[]).flatMap((s, i) => typeProblem(s, `${where}.oneOf[${i}]`)) : [`${where}: oneOf needs 2 types`];
    if (spec.type === "array") return spec.items ? typeProblem(spec.items as Spec, `${where}.items`) : [`${where}: array without items`];
    if (spec.type === "object") return spec.additionalProperties ? typeProblem(spec.additionalProperties as Spec, `${where}.additionalProperties`) : [];
    return PRIMITIVE.includes(String(spec.type)) ? [] : [`${where}: type ${String(spec.type)} is not a Pulumi type`];
}

function propertyProblems(props: Record<string, Spec>, where: string): string[] {
    return Object.entries(props).flatMap(([k, p]) => [
        ...typeProblem(p, `${where}.${k}`),
        ...(typeof p.description === "string" && p.description.length > 10 ? [] : [`${where}.${k}: no description`]),
    ]);
}

describe("plugin package schema", () => {
    it("says where releases live and who publishes them, as package.json does (the Registry and `pulumi plugin install` read these)", () => {
        const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { license: string; repository: { url: string } };
        const [, owner, repo] = /^git\+https:\/\/github\.com\/([^/]+)\/([^/]+)\.git$/.exec(pkg.repository.url) ?? [];
        assert.ok(owner && repo, pkg.repository.url);
        // The github:// form sdk/go/common/workspace/plugins.go (newGithubSource) parses: <API host>/<organization>/<repository>.
        assert.equal(schema.pluginDownloadURL, `github://api.github.com/${owner}/${repo}`);
        assert.equal(schema.repository, `https://github.com/${owner}/${repo}`);
        assert.equal(schema.homepage, schema.repository);
        assert.equal(schema.license, pkg.license);
        assert.equal(schema.publisher, owner);
    });

    it("has the package's name and version, and well-formed type tokens", () => {
        assert.equal(schema.name, "roma");
        assert.equal(schema.version, "1.2.3");
        for (const token of [...Object.keys(schema.resources), ...Object.keys(schema.functions), ...Object.keys(schema.types)]) assert.match(token, TOKEN);
    });

    it("documents and types every resource property, input, output and object type", () => {
        const problems: string[] = [];
        for (const [token, r] of Object.entries(schema.resources)) {
            if (typeof r.description !== "string") problems.push(`${token}: no description`);
            problems.push(...propertyProblems(r.inputProperties as Record<string, Spec>, `${token}.inputProperties`));
            problems.push(...propertyProblems(r.properties as Record<string, Spec>, `${token}.properties`));
            for (const req of r.requiredInputs as string[])
                if (!(req in (r.inputProperties as object))) problems.push(`${token}: required input ${req} undeclared`);
            for (const req of r.required as string[]) if (!(req in (r.properties as object))) problems.push(`${token}: required output ${req} undeclared`);
        }
        for (const [token, t] of Object.entries(schema.types))
            if (Array.isArray(t.enum)) {
                for (const v of t.enum as Spec[]) if (typeof v.description !== "string") problems.push(`${token}: enum value ${String(v.value)} undocumented`);
            } else problems.push(...propertyProblems(t.properties as Record<string, Spec>, token));
        assert.deepEqual(problems, []);
    });

    it("takes inputs, required lists and replacements from the zod schemas", () => {
        const trs = schema.resources["roma:fdi:TaskRunState"];
        assert.deepEqual(Object.keys(trs.inputProperties as object), Object.keys(TaskRunStateInputs.shape));
        assert.deepEqual(trs.requiredInputs, ["instanceId", "state"], "taskIds or selector: check requires exactly one");
        assert.deepEqual((trs.inputProperties as Record<string, Spec>).selector.$ref, "#/types/roma:fdi:TaskSelector");
        assert.deepEqual(schema.types["roma:fdi:TaskSelector"].required, []);
        const inputs = trs.inputProperties as Record<string, Spec>;
        assert.equal(inputs.instanceId.willReplaceOnChanges, true);
        assert.equal(inputs.state.willReplaceOnChanges, undefined);
        assert.equal(inputs.state.$ref, "#/types/roma:fdi:RunState");
        assert.deepEqual(
            (schema.types["roma:fdi:RunState"].enum as Spec[]).map((e) => e.value),
            [...RUN_STATES],
        );
        assert.deepEqual((trs.properties as Record<string, Spec>).tasks, {
            type: "array",
            items: { $ref: "#/types/roma:fdi:ObservedTask" },
            description: "Each task as last observed (after up or refresh): in the order of `taskIds`, or the tasks the selector last matched.",
        });
        assert.deepEqual(trs.aliases, [{ type: "pulumi-nodejs:dynamic/roma:TaskRunState" }]);
    });

    it("declares the function roma:fdi:getTasks with documented, typed inputs and outputs", () => {
        const fn = schema.functions["roma:fdi:getTasks"];
        assert.match(fn.description, /by ID or by selector/);
        assert.deepEqual(Object.keys(fn.inputs.properties), ["instanceId", "projectId", "taskIds", "selector", "withLastRun"]);
        assert.deepEqual(fn.inputs.required, ["instanceId"]);
        assert.deepEqual(fn.outputs.properties.tasks.items, { $ref: "#/types/roma:fdi:TaskData" });
        assert.deepEqual(fn.outputs.required, ["tasks"]);
        assert.deepEqual(schema.types["roma:fdi:TaskData"].required, ["taskId", "taskName", "taskType", "taskTag", "status", "executeStatus"]);
        assert.deepEqual([...propertyProblems(fn.inputs.properties, "getTasks.inputs"), ...propertyProblems(fn.outputs.properties, "getTasks.outputs")], []);
    });

    it("declares every setting as config and provider input, the secret ones secret, with their environment fallback", () => {
        const provider = schema.provider as { inputProperties: Record<string, Spec> };
        assert.deepEqual(Object.keys(schema.config.variables), Object.keys(CONFIG_SOURCES));
        assert.deepEqual(provider.inputProperties, schema.config.variables);
        const secret = Object.entries(schema.config.variables)
            .filter(([, v]) => v.secret === true)
            .map(([k]) => k);
        assert.deepEqual(secret, ["authToken", "accessKey", "secretKey", "securityToken", "password"]);
        assert.match(String(schema.config.variables.region.description), /HW_REGION_NAME/);
        assert.equal(schema.config.variables.maxRetries.type, "integer");
    });
});
