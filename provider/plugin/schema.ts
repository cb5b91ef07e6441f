// The package schema the plugin answers GetSchema with. Types, required lists, defaults, enum
// values, which inputs replace and the descriptions come from the zod schemas (the single
// source of truth); a property without a description fails the build's tests (schema.test.ts)
// rather than shipping undocumented.
import { z } from "zod";
import { CONFIG_SOURCES, SETTINGS, settingSpec, type ConfigSetting } from "../config/sources";
import type { PulumiTypes } from "../resources/common/declaration";
import type { ResourceDefinition } from "../resources/common/handler";
import { diffRules } from "../resources/common/inputs";
import { DECLARATIONS, GET_TASKS_FUNCTION, type EnumDoc, type ResourceDeclaration } from "../resources/declarations";
import { GetTasksArgs, GetTasksResult } from "../resources/get-tasks/schema";
import { dynamicType, MODULE } from "../resources/common/module";

export const PACKAGE = "roma";
export const NODEJS_PACKAGE = "@pulumi-roma-tasks/roma";
export const PYTHON_PACKAGE = "pulumi_roma";
export const GO_IMPORT_BASE_PATH = "github.com/pulumi-roma-tasks/pulumi-roma-tasks/sdk/go/roma";
/** The Java SDK's Maven group; its Java package is `<group>.roma`, its artifact `roma`. */
export const JAVA_BASE_PACKAGE = "com.pulumiromatasks";
/**
 * The Java SDK's Maven dependencies, pinned (the generator's defaults are com.pulumi:pulumi 1.0.0
 * and gson 2.8.9): Pulumi's Java SDK, and the gson it is built with (its POM's runtime scope), since
 * Maven takes the nearest declaration and an older gson beside it would replace its own.
 */
export const JAVA_DEPENDENCIES = { "com.pulumi:pulumi": "1.18.0", "com.google.code.gson:gson": "2.10" };
/** The function the plugin serves through Invoke. */
export const GET_TASKS = GET_TASKS_FUNCTION.token;
export const REPOSITORY = "https://github.com/pulumi-roma-tasks/pulumi-roma-tasks";
/**
 * Where the CLI downloads the plugin when a program needs it: the repository's GitHub releases,
 * in the form sdk/go/common/workspace/plugins.go in pulumi/pulumi reads (`github://<API host>/<owner>/<repository>`),
 * which fetches the asset `pulumi-resource-roma-v<version>-<os>-<arch>.tar.gz` of the release tagged `v<version>`
 * (`npm run plugin:archive` names its archive so; .github/workflows/release.yml uploads one per platform).
 */
export const PLUGIN_DOWNLOAD_URL = `github://api.github.com/${new URL(REPOSITORY).pathname.slice(1)}`;

export type JsonSchema = {
    type?: string | string[];
    description?: string;
    enum?: unknown[];
    items?: JsonSchema;
    properties?: Record<string, JsonSchema>;
    required?: string[];
    additionalProperties?: JsonSchema | boolean;
    default?: unknown;
};

export type TypeSpec = Record<string, unknown>;

/** A schema's JSON Schema as its inputs (`input`) or its values (`output`) read; what zod cannot say is any value. */
export const jsonSchemaOf = (schema: z.ZodType, io: "input" | "output"): JsonSchema => z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;

// Descriptions live on the zod schemas (`.describe`), where the TypeScript declarations'
// doc comments (test/unit/jsdoc.test.ts) and the README's tables (test/unit/readme-tables.test.ts)
// are checked against them too; what is Pulumi's own (tokens, named types, enum member docs)
// each resource declares in its folder (resources/declarations.ts).
const ALL_TYPES: readonly PulumiTypes[] = [...DECLARATIONS, GET_TASKS_FUNCTION];

/** The zod schema of each object type, whose description the type gets. */
const OBJECT_TYPES: Record<string, z.ZodType> = Object.fromEntries(ALL_TYPES.flatMap((d) => Object.entries(d.objectTypes ?? {})));

/** What each value of an enum type means, for the SDKs' enum members' doc comments. */
const ENUM_DOCS: Record<string, EnumDoc> = Object.fromEntries(ALL_TYPES.flatMap((d) => Object.entries(d.enums ?? {})));

/** An enum type for a string enum property, in `types`; the property refers to it. */
function enumSpec(token: string, node: JsonSchema, types: Record<string, TypeSpec>): TypeSpec {
    const docs = ENUM_DOCS[token];
    const values = (node.enum ?? []).map(String);
    const undocumented = values.filter((v) => !docs?.values[v]);
    if (!docs || undocumented.length > 0) throw new Error(`schema: enum ${token} has no description for ${undocumented.join(", ") || "itself"}`);
    types[token] = {
        type: "string",
        description: docs.description,
        enum: values.map((value) => ({ name: value.charAt(0).toUpperCase() + value.slice(1), value, description: docs.values[value] })),
    };
    return { $ref: `#/types/${token}` };
}

export const isSecretSetting = (name: string): boolean => Object.hasOwn(CONFIG_SOURCES, name) && CONFIG_SOURCES[name as ConfigSetting].secret;

const PRIMITIVES = new Set(["string", "number", "integer", "boolean"]);

/** A Pulumi type spec for a JSON Schema node; object shapes go to `types` under `objectType`. */
function typeSpec(node: JsonSchema, types: Record<string, TypeSpec>, objectType: string | undefined, where: string): TypeSpec {
    if (Array.isArray(node.type)) return { oneOf: node.type.map((t) => ({ type: t })) };
    if (node.type === undefined) return { $ref: "pulumi.json#/Any" };
    if (PRIMITIVES.has(node.type)) return { type: node.type };
    if (node.type === "array") return { type: "array", items: node.items ? typeSpec(node.items, types, objectType, where) : { $ref: "pulumi.json#/Any" } };
    if (node.type === "object" && node.properties) {
        if (!objectType) throw new Error(`schema: ${where} is an object with properties but names no object type`);
        types[objectType] = {
            type: "object",
            description: described(OBJECT_TYPES[objectType]?.description, objectType),
            properties: Object.fromEntries(
                Object.entries(node.properties).map(([k, v]) => [
                    k,
                    { ...typeSpec(v, types, undefined, `${objectType}.${k}`), ...doc(`${objectType}.${k}`, v) },
                ]),
            ),
            required: node.required ?? [],
        };
        return { $ref: `#/types/${objectType}` };
    }
    if (node.type === "object") {
        const value = typeof node.additionalProperties === "object" ? node.additionalProperties : {};
        return { type: "object", additionalProperties: typeSpec(value, types, objectType, where) };
    }
    throw new Error(`schema: ${where} has JSON Schema type ${node.type}, which has no Pulumi type`);
}

function described(description: string | undefined, where: string): string {
    if (!description) throw new Error(`schema: ${where} has no description`);
    return description;
}

function doc(where: string, node: JsonSchema): { description: string; default?: unknown } {
    const description = described(node.description, where);
    const values = node.enum ?? node.items?.enum;
    const text = values ? `${description} One of: ${values.map((v) => `\`${String(v)}\``).join(", ")}.` : description;
    const dflt = ["string", "number", "boolean"].includes(typeof node.default) ? { default: node.default } : {};
    return { description: text, ...dflt };
}

function resourceSpec({ definition: def, token, properties: named }: ResourceDeclaration, types: Record<string, TypeSpec>): [string, TypeSpec] {
    const inputs = jsonSchemaOf(def.inputs, "input");
    const state = jsonSchemaOf(def.state, "output");
    const prop = (name: string, node: JsonSchema) => {
        const enumType = named[name]?.enumType;
        return {
            ...(enumType ? enumSpec(enumType, node, types) : typeSpec(node, types, named[name]?.objectType, `${token}.${name}`)),
            ...doc(`${token}.${name}`, enumType ? { ...node, enum: undefined } : node),
        };
    };
    const inputProperties = Object.fromEntries(
        Object.entries(inputs.properties ?? {}).map(([k, v]) => {
            const replaces = diffRules.get(def.inputs.shape[k] as z.ZodType)?.replace === true;
            return [k, { ...prop(k, v), ...(replaces && { willReplaceOnChanges: true }) }];
        }),
    );
    // A stored-state field zod fills with a default is always there; one a mere input default
    // fills is too (check applies it).
    const properties = Object.fromEntries(Object.entries(state.properties ?? {}).map(([k, v]) => [k, prop(k, v)]));
    return [
        token,
        {
            description: described(def.inputs.description, token),
            inputProperties,
            requiredInputs: inputs.required ?? [],
            properties,
            required: state.required ?? [],
            aliases: [{ type: dynamicTokenOf(def) }],
        },
    ];
}

function functionSpec(types: Record<string, TypeSpec>): TypeSpec {
    const side = (schema: z.ZodType, io: "input" | "output") => {
        const json = jsonSchemaOf(schema, io);
        const properties = Object.fromEntries(
            Object.entries(json.properties ?? {}).map(([k, v]) => [
                k,
                {
                    ...typeSpec(v, types, GET_TASKS_FUNCTION.properties[k]?.objectType, `${GET_TASKS}.${k}`),
                    ...doc(`${GET_TASKS}.${k}`, v),
                },
            ]),
        );
        return { properties, required: json.required ?? [] };
    };
    return {
        description: described(GetTasksArgs.description, GET_TASKS),
        inputs: side(GetTasksArgs, "input"),
        outputs: side(GetTasksResult, "output"),
    };
}

/** The token a resource definition is served under (`roma:fdi:TaskRunState`). */
export const tokenOf = (def: ResourceDefinition<unknown, unknown>): string => {
    const declared = DECLARATIONS.find((d) => d.definition === def);
    if (!declared) throw new Error(`schema: resource ${def.type} is not declared in resources/declarations.ts`);
    return declared.token;
};

/** The token the same resource has as a dynamic resource (`pulumi-nodejs:dynamic/roma:TaskRunState`), as @pulumi/pulumi's `dynamic.Resource` builds it. */
export const dynamicTokenOf = (def: ResourceDefinition<unknown, unknown>): string => dynamicType(def.type);

export function packageSchema(version: string): Record<string, unknown> {
    const types: Record<string, TypeSpec> = {};
    const resources = Object.fromEntries(DECLARATIONS.map((d) => resourceSpec(d, types)));
    const functions = { [GET_TASKS]: functionSpec(types) };
    const variables = Object.fromEntries(
        SETTINGS.map((s): [string, TypeSpec] => {
            const spec = settingSpec(s);
            if (spec.type !== "object") {
                return [
                    s,
                    {
                        type: spec.type,
                        description: `${spec.description} Fallback: the environment variable ${spec.env.join(" or ")}.`,
                        ...(spec.secret && { secret: true }),
                    },
                ];
            }
            // An object setting: its type, each field with its own variable (and secret where it is one).
            const token = `${MODULE}:index:${spec.typeName}`;
            types[token] = {
                type: "object",
                description: spec.description,
                properties: Object.fromEntries(
                    Object.entries(spec.fields).map(([name, f]) => [
                        name,
                        {
                            type: f.type,
                            description: `${f.description} Fallback: the environment variable ${f.env.join(" or ")}.`,
                            ...(f.secret && { secret: true }),
                        },
                    ]),
                ),
                required: [],
            };
            return [s, { $ref: `#/types/${token}`, description: `${spec.description} Fallback: the environment variables of its fields.` }];
        }),
    );
    return {
        name: PACKAGE,
        displayName: "Huawei Cloud ROMA Connect tasks",
        version,
        description: "Pulumi resources for Huawei Cloud ROMA Connect FDI task run state, composite-task progress reset and DRS job retry.",
        keywords: ["pulumi", "huawei-cloud", "roma-connect", "fdi", "drs", "category/cloud", "kind/native"],
        license: "Apache-2.0",
        publisher: "pulumi-roma-tasks",
        homepage: REPOSITORY,
        repository: REPOSITORY,
        pluginDownloadURL: PLUGIN_DOWNLOAD_URL,
        config: { variables },
        provider: {
            description: "The roma provider: credentials, endpoints and limits for one account and region. Explicit providers let one stack address several.",
            inputProperties: variables,
        },
        resources,
        functions,
        types,
        // What each generated SDK is called, in the form every language's generator reads
        // (pkg/codegen/<language>/importer.go in pulumi/pulumi); the README's install and import
        // lines use these names (test/unit/sdk.test.ts checks them).
        language: {
            nodejs: {
                packageName: NODEJS_PACKAGE,
                packageDescription: "Pulumi SDK for the roma provider: Huawei Cloud ROMA Connect FDI tasks and DRS job retries.",
                respectSchemaVersion: true,
            },
            python: { packageName: PYTHON_PACKAGE, pyproject: { enabled: true }, respectSchemaVersion: true },
            go: { importBasePath: GO_IMPORT_BASE_PATH, generateResourceContainerTypes: true, respectSchemaVersion: true },
            csharp: { rootNamespace: "PulumiRomaTasks", respectSchemaVersion: true },
            java: { basePackage: JAVA_BASE_PACKAGE, dependencies: JAVA_DEPENDENCIES },
        },
    };
}
