// The package schema the plugin answers GetSchema with. Types, required lists, defaults, enum
// values and which inputs replace come from the zod schemas (the single source of truth);
// the prose comes from the tables below, and a property without one fails the build's tests
// (schema.test.ts) rather than shipping undocumented.
import { z } from "zod";
import { CONFIG_SOURCES, SETTINGS, type ConfigSetting } from "../config/sources";
import type { ResourceDefinition } from "../resources/common/handler";
import { diffRules } from "../resources/common/inputs";
import { drsJobRetry } from "../resources/drs-job-retry/handler";
import { GetTasksArgs, GetTasksResult } from "../resources/get-tasks/schema";
import { taskProgressReset } from "../resources/task-progress-reset/handler";
import { taskRunState } from "../resources/task-run-state/handler";

export const PACKAGE = "roma";
export const NODEJS_PACKAGE = "@pulumi-roma-tasks/roma";
export const PYTHON_PACKAGE = "pulumi_roma";
export const GO_IMPORT_BASE_PATH = "github.com/pulumi-roma-tasks/pulumi-roma-tasks/sdk/go/roma";
/** The function the plugin serves through Invoke. */
export const GET_TASKS = "roma:fdi:getTasks";

type JsonSchema = {
    type?: string | string[];
    enum?: unknown[];
    items?: JsonSchema;
    properties?: Record<string, JsonSchema>;
    required?: string[];
    additionalProperties?: JsonSchema | boolean;
    default?: unknown;
};

export type TypeSpec = Record<string, unknown>;

interface Described {
    description: string;
    /** Token of the object type that describes this property's items or value. */
    objectType?: string;
    /** Token of the enum type of a property whose values are a fixed list (SDKs get an enum). */
    enumType?: string;
}

interface ResourceDocs {
    token: string;
    description: string;
    properties: Record<string, Described>;
}

const PROJECT = "Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`). Changing it replaces the resource.";

const DOCS: Record<ResourceDefinition<unknown, unknown>["type"], ResourceDocs> = {
    TaskRunState: {
        token: "roma:fdi:TaskRunState",
        description:
            "Keeps ROMA Connect FDI tasks started or stopped. `up` starts or stops only the tasks not yet in `state` (10 per API call); `refresh` reads every task, and a task changed outside Pulumi shows as drift (`tasks[i].status`) that the next `up` fixes. Import with `<instanceId>/<taskId>,<taskId>,...` or `<projectId>/<instanceId>/<taskIds>`.",
        properties: {
            instanceId: { description: "ROMA Connect instance ID. Changing it replaces the resource." },
            taskIds: {
                description: "The FDI task IDs to keep in `state`: 1 to 1000, no duplicates; their order does not matter. Give either this or `selector`.",
            },
            selector: {
                description:
                    "The tasks to keep in `state`, chosen by tag, name or type (every field given must match). Read again on every `up` and `refresh`, so a task tagged later is found and planned as an update; a selection that matches nothing fails the `up`. Give either this or `taskIds`.",
                objectType: "roma:fdi:TaskSelector",
            },
            state: { description: "Desired run state of every task.", enumType: "roma:fdi:RunState" },
            projectId: { description: PROJECT },
            onDelete: {
                description:
                    "What `pulumi destroy` does: `keep` leaves the tasks as they are, `stop` stops them, `restore` puts each back to the status it had before this resource first changed it.",
                enumType: "roma:fdi:OnDelete",
            },
            settleTimeoutSeconds: { description: "After a start or stop the API accepted, how long (seconds) to wait for the tasks to show their new status." },
            tasks: {
                description: "Each task as last observed (after up or refresh): in the order of `taskIds`, or the tasks the selector last matched.",
                objectType: "roma:fdi:ObservedTask",
            },
            initialStatuses: {
                description: "Status of each task before this resource first changed it (used by `onDelete: restore`; `unknown` is never restored).",
            },
            stateVersion: { description: "Version of the stored state's shape, so later versions of this package can read it." },
        },
    },
    TaskProgressReset: {
        token: "roma:fdi:TaskProgressReset",
        description:
            "Resets a composite (multi) task's progress once, and again whenever an input changes (bump a value in `triggers` to reset again). There is no API to read a reset back, so it cannot be imported; `destroy` makes no call.",
        properties: {
            instanceId: { description: "ROMA Connect instance ID." },
            taskId: { description: "The composite (multi) task to reset." },
            dateFrom: {
                description:
                    "Where the reset starts: UTC milliseconds, or an ISO-8601 date-time with a zone; stored as UTC milliseconds. Omitted: the API's default.",
            },
            projectId: { description: PROJECT },
            triggers: { description: "Change any of these values to reset again." },
            message: { description: "The API's answer, e.g. `Reset Success`." },
            resetAt: { description: "ISO time of the reset." },
            stateVersion: { description: "Version of the stored state's shape." },
        },
    },
    DrsJobRetry: {
        token: "roma:drs:JobRetry",
        description:
            "Resumes paused or retries failed DRS jobs, optionally waiting until they transfer again. Any input change retries again; a job whose retry failed fails the `up` but keeps the others' results, and the next `up` retries only the jobs that failed. A retry cannot be read back, so it cannot be imported; `destroy` makes no call.",
        properties: {
            jobIds: { description: "The DRS job IDs to resume or retry: 1 to 1000, no duplicates." },
            isSyncReEdit: { description: "Sent as `is_sync_re_edit` only when set: `true` when starting a job after re-editing it." },
            projectId: { description: PROJECT },
            triggers: { description: "Change any of these values to retry again." },
            waitFor: {
                description: "`none` returns once DRS accepted the retry; `transferring` waits until every retried job transfers again.",
                enumType: "roma:drs:WaitFor",
            },
            timeoutSeconds: { description: "How long `waitFor: transferring` waits, in seconds." },
            results: { description: "What the retry call said of each job.", objectType: "roma:drs:JobResult" },
            jobStatuses: { description: "Each job's last DRS status (when waited for, and after refresh)." },
            stateVersion: { description: "Version of the stored state's shape." },
        },
    },
};

const GET_TASKS_DOCS = {
    description:
        "Reads ROMA Connect FDI tasks as data, by ID or by selector (exactly one), with each task's last run and schedule when `withLastRun` is set. It reads the API whenever the program runs, previews included.",
    inputs: {
        instanceId: { description: "ROMA Connect instance ID." },
        projectId: { description: "Project ID; default: the provider's `projectId` (`HW_PROJECT_ID`)." },
        taskIds: { description: "These tasks, in this order; a task the instance does not list fails the call. Give either this or `selector`." },
        selector: {
            description: "The tasks this selector matches (none is an empty list). Give either this or `taskIds`.",
            objectType: "roma:fdi:TaskSelector",
        },
        withLastRun: { description: "Also read each task's last run and schedule (ListMonitorInfos)." },
    } satisfies Record<string, Described>,
    outputs: {
        tasks: { description: "The tasks read.", objectType: "roma:fdi:TaskData" },
    } satisfies Record<string, Described>,
};

const OBJECT_DOCS: Record<string, { description: string; properties: Record<string, string> }> = {
    "roma:fdi:TaskData": {
        description: "An FDI task as data.",
        properties: {
            taskId: "The task ID.",
            taskName: "The task's name; empty when the API gives none.",
            taskType: "`realtime` or `timing`; empty when the API gives none.",
            taskTag: "The task's tag; empty when it has none.",
            status: "`started` or `stopped` (the task's switch); `unknown` for a status value the API does not document.",
            executeStatus: "The last run's state (`UNSTARTED`, `WAITING`, `RUNNING`, `SUCCESS`, `CANCELLED`, `ERROR`).",
            lastExecuteTime: "With `withLastRun`: when the last run started, ISO 8601 in UTC.",
            cron: "With `withLastRun`: the schedule's cron expression.",
            period: "With `withLastRun`: the schedule's period (`MIN`, `HOUR`, `DAY`, `WEEK`, `MON`).",
        },
    },
    "roma:fdi:ObservedTask": {
        description: "An FDI task as last observed.",
        properties: {
            taskId: "The task ID.",
            taskName: "The task's name, when the API gives it.",
            status: "`started` or `stopped`; `missing` when the instance does not list the task, `unknown` for a status value the API does not document.",
            rawStatus: "The undocumented status value the API sent, when `status` is `unknown`.",
            executeStatus: "The last run's state (`UNSTARTED`, `WAITING`, `RUNNING`, `SUCCESS`, `CANCELLED`, `ERROR`).",
        },
    },
    "roma:fdi:TaskSelector": {
        description: "FDI tasks chosen by what they are: at least one field; a task must match every field given. Read with ListTasks' own filters.",
        properties: {
            taskTag: "Tasks whose tag is exactly this.",
            nameContains: "Tasks whose name contains this (case-sensitive).",
            taskType: "Tasks of this kind.",
        },
    },
    "roma:drs:JobResult": {
        description: "What the retry call said of one DRS job.",
        properties: {
            jobId: "The job ID.",
            status: "`success` or `failed`; failed jobs are retried by the next update.",
            errorCode: "The API's error code, when the retry failed.",
            errorMessage: "The API's error message, when the retry failed.",
        },
    },
};

/** What each value of an enum type means, for the SDKs' enum members' doc comments. */
const ENUM_DOCS: Record<string, { description: string; values: Record<string, string> }> = {
    "roma:fdi:RunState": {
        description: "Desired run state of FDI tasks.",
        values: { started: "The task's switch is on (`status` 1).", stopped: "The task's switch is off (`status` 0)." },
    },
    "roma:fdi:OnDelete": {
        description: "What `pulumi destroy` does to the tasks.",
        values: {
            keep: "Leave the tasks as they are.",
            stop: "Stop the tasks.",
            restore: "Put each task back to the status it had before this resource first changed it.",
        },
    },
    "roma:drs:WaitFor": {
        description: "What a DRS retry waits for.",
        values: { none: "Return once DRS accepted the retry.", transferring: "Wait until every retried job transfers again." },
    },
};

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
        const docs = OBJECT_DOCS[objectType];
        types[objectType] = {
            type: "object",
            description: docs.description,
            properties: Object.fromEntries(
                Object.entries(node.properties).map(([k, v]) => [
                    k,
                    { ...typeSpec(v, types, undefined, `${objectType}.${k}`), ...doc(docs.properties[k], `${objectType}.${k}`, v) },
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

function doc(description: string | undefined, where: string, node: JsonSchema): { description: string; default?: unknown } {
    if (!description) throw new Error(`schema: ${where} has no description`);
    const values = node.enum ?? node.items?.enum;
    const text = values ? `${description} One of: ${values.map((v) => `\`${String(v)}\``).join(", ")}.` : description;
    const dflt = ["string", "number", "boolean"].includes(typeof node.default) ? { default: node.default } : {};
    return { description: text, ...dflt };
}

function resourceSpec(def: ResourceDefinition<unknown, unknown>, types: Record<string, TypeSpec>): [string, TypeSpec] {
    const docs = DOCS[def.type];
    const inputs = z.toJSONSchema(def.inputs, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const state = z.toJSONSchema(def.state, { io: "output", unrepresentable: "any" }) as JsonSchema;
    const prop = (name: string, node: JsonSchema) => {
        const enumType = docs.properties[name]?.enumType;
        return {
            ...(enumType ? enumSpec(enumType, node, types) : typeSpec(node, types, docs.properties[name]?.objectType, `${docs.token}.${name}`)),
            ...doc(docs.properties[name]?.description, `${docs.token}.${name}`, enumType ? { ...node, enum: undefined } : node),
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
        docs.token,
        {
            description: docs.description,
            inputProperties,
            requiredInputs: inputs.required ?? [],
            properties,
            required: state.required ?? [],
            aliases: [{ type: `pulumi-nodejs:dynamic/roma:${def.type}` }],
        },
    ];
}

function functionSpec(types: Record<string, TypeSpec>): TypeSpec {
    const side = (schema: z.ZodType, io: "input" | "output", docs: Record<string, Described>) => {
        const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
        const properties = Object.fromEntries(
            Object.entries(json.properties ?? {}).map(([k, v]) => [
                k,
                { ...typeSpec(v, types, docs[k]?.objectType, `${GET_TASKS}.${k}`), ...doc(docs[k]?.description, `${GET_TASKS}.${k}`, v) },
            ]),
        );
        return { properties, required: json.required ?? [] };
    };
    return {
        description: GET_TASKS_DOCS.description,
        inputs: side(GetTasksArgs, "input", GET_TASKS_DOCS.inputs),
        outputs: side(GetTasksResult, "output", GET_TASKS_DOCS.outputs),
    };
}

export const RESOURCES = [taskRunState, taskProgressReset, drsJobRetry] as ResourceDefinition<unknown, unknown>[];

/** The token a resource definition is served under (`roma:fdi:TaskRunState`). */
export const tokenOf = (def: ResourceDefinition<unknown, unknown>): string => DOCS[def.type].token;

export function packageSchema(version: string): Record<string, unknown> {
    const types: Record<string, TypeSpec> = {};
    const resources = Object.fromEntries(RESOURCES.map((def) => resourceSpec(def, types)));
    const functions = { [GET_TASKS]: functionSpec(types) };
    const variables = Object.fromEntries(
        SETTINGS.map((s) => [
            s,
            {
                type: CONFIG_SOURCES[s].type,
                description: `${CONFIG_SOURCES[s].description} Fallback: the environment variable ${CONFIG_SOURCES[s].env.join(" or ")}.`,
                ...(CONFIG_SOURCES[s].secret && { secret: true }),
            },
        ]),
    );
    return {
        name: PACKAGE,
        displayName: "Huawei Cloud ROMA Connect tasks",
        version,
        description: "Pulumi resources for Huawei Cloud ROMA Connect FDI task run state, composite-task progress reset and DRS job retry.",
        keywords: ["pulumi", "huawei-cloud", "roma-connect", "fdi", "drs", "category/cloud", "kind/native"],
        license: "Apache-2.0",
        repository: "https://github.com/pulumi-roma-tasks/pulumi-roma-tasks",
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
            java: { basePackage: "com.pulumiromatasks" },
        },
    };
}
