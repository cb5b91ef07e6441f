// The selectors example stack in its three languages: the TypeScript program under setMocks
// (what it registers, and the last runs it exports through getTasks against the emulator's
// demo data); the YAML program checked against the plugin's package schema (every type,
// function, property and argument it names exists); the Python program compiled, and every
// argument and attribute it names mapped to the schema as SDK generation names them.
import { emulatorStackConfig } from "../support/emulator";
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { packageSchema } from "../../provider/plugin/schema";
import { DEMO_PROJECT_ID, DEMO_SEED, startEmulator, type RunningEmulator } from "../../provider/emulator";

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");
// The YAML parser mocha reads its own config with (a dependency of the test runner, not of the package).
const { load } = require("js-yaml") as { load: (text: string) => unknown };
type Spec = { properties?: Record<string, unknown>; inputProperties?: Record<string, unknown> };
const schema = packageSchema("0.0.0") as {
    resources: Record<string, Spec>;
    functions: Record<string, { inputs: Spec; outputs: Spec }>;
    types: Record<string, Spec>;
};
const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const valueOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply((v) => resolve(v)));

describe("the selectors example", function () {
    this.timeout(60_000);

    describe("TypeScript, under setMocks", () => {
        let emulator: RunningEmulator;
        const registered: { type: string; inputs: Record<string, unknown> }[] = [];
        before(async () => {
            emulator = await startEmulator();
            await emulator.admin.seed(DEMO_SEED);
            await pulumi.runtime.setMocks(
                {
                    newResource: (a) => {
                        registered.push({ type: a.type, inputs: a.inputs as Record<string, unknown> });
                        return { id: `${a.name}-id`, state: { ...(a.inputs as Record<string, unknown>), tasks: [], stateVersion: 1 } };
                    },
                    call: () => ({}),
                },
                "roma-selectors-example",
                "emulator",
                false,
            );
            for (const [k, v] of Object.entries(emulatorStackConfig(emulator, DEMO_PROJECT_ID))) pulumi.runtime.setConfig(k, v);
        });
        after(async () => emulator?.close());

        it("keeps the tasks tagged nightly started, and exports their last runs and schedules", async () => {
            const program = require("../../examples/selectors/index") as Record<string, pulumi.Output<unknown>>;
            const lastRuns = await valueOf(program.lastRuns);
            assert.deepEqual(
                registered.map((r) => [r.type, r.inputs.selector, r.inputs.state, r.inputs.onDelete]),
                [["pulumi-nodejs:dynamic/roma:TaskRunState", { taskTag: "nightly" }, "started", "restore"]],
            );
            assert.deepEqual(lastRuns, {
                "orders-extract": "2026-11-30T01:00:00.000Z",
                "orders-clean": "2026-11-30T01:30:00.000Z",
                "orders-load-dwh": "2026-11-30T02:00:00.000Z",
                "customers-extract": "2026-11-29T03:00:00.000Z",
                "customers-load-dwh": "never",
            });
            assert.equal((await valueOf(program.schedules as pulumi.Output<Record<string, string>>))["orders-clean"], "0 30 1 * * ?");
        });
    });

    it("YAML: every resource type, function, property and argument it names is in the roma package schema", () => {
        const doc = load(readFileSync(path.join(EXAMPLES, "selectors-yaml", "Pulumi.yaml"), "utf8")) as {
            runtime: string;
            resources: Record<string, { type: string; properties: Record<string, unknown> }>;
            variables: Record<string, { "fn::invoke": { function: string; arguments: Record<string, unknown>; return: string } }>;
            outputs: Record<string, string>;
        };
        assert.equal(doc.runtime, "yaml");
        const problems: string[] = [];
        const selectorFields = Object.keys(schema.types["roma:fdi:TaskSelector"].properties ?? {});
        const checkArgs = (where: string, given: Record<string, unknown>, known: Record<string, unknown>) => {
            for (const [k, v] of Object.entries(given)) {
                if (!(k in known)) problems.push(`${where}.${k} is not in the schema`);
                if (k === "selector")
                    for (const f of Object.keys(v as object)) if (!selectorFields.includes(f)) problems.push(`${where}.selector.${f} is not a selector field`);
            }
        };
        for (const [name, r] of Object.entries(doc.resources)) {
            const spec = schema.resources[r.type];
            if (!spec) problems.push(`${name}: no resource type ${r.type}`);
            else checkArgs(name, r.properties, spec.inputProperties ?? {});
        }
        for (const [name, v] of Object.entries(doc.variables)) {
            const invoke = v["fn::invoke"];
            const fn = schema.functions[invoke.function];
            if (!fn) problems.push(`${name}: no function ${invoke.function}`);
            else {
                checkArgs(name, invoke.arguments, fn.inputs.properties ?? {});
                if (!(invoke.return in (fn.outputs.properties ?? {}))) problems.push(`${name}: the function returns no ${invoke.return}`);
            }
        }
        for (const [name, expr] of Object.entries(doc.outputs)) {
            const m = /^\$\{(\w+)(?:\.(\w+))?\}$/.exec(expr);
            const ok = m && (m[2] === undefined ? m[1] in doc.variables : m[2] in (schema.resources[doc.resources[m[1]]?.type]?.properties ?? {}));
            if (!ok) problems.push(`output ${name}: ${expr} names nothing`);
        }
        assert.deepEqual(problems, []);
    });

    it("Python: compiles, and every argument and attribute it names is in the schema as SDK generation names it", function () {
        const file = path.join(EXAMPLES, "selectors-python", "__main__.py");
        try {
            execFileSync("python3", ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", file], { stdio: "pipe" });
        } catch (err) {
            const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
            if (e.code === "ENOENT") return this.skip();
            throw new Error(`examples/selectors-python/__main__.py does not parse: ${e.stderr?.toString() ?? String(err)}`);
        }
        const text = readFileSync(file, "utf8");
        const resourceArgs = Object.keys(schema.resources["roma:fdi:TaskRunState"].inputProperties ?? {});
        const fnArgs = Object.keys(schema.functions["roma:fdi:getTasks"].inputs.properties ?? {});
        const selectorFields = Object.keys(schema.types["roma:fdi:TaskSelector"].properties ?? {});
        const dataFields = Object.keys(schema.types["roma:fdi:TaskData"].properties ?? {});
        /** The arguments of the first call of `name` (a regex), up to its balanced closing parenthesis. */
        const call = (name: string) => {
            const m = new RegExp(`${name}\\(`).exec(text);
            if (!m) return "";
            let depth = 1;
            let i = m.index + m[0].length;
            for (; i < text.length && depth > 0; i++) depth += text[i] === "(" ? 1 : text[i] === ")" ? -1 : 0;
            return text.slice(m.index + m[0].length, i - 1);
        };
        // Keyword arguments of the call itself, not of the calls nested in it (the selector's class).
        const kwargs = (args: string) => [...args.replace(/\([^()]*\)/g, "()").matchAll(/\b([a-z_]+)=/g)].map((m) => camel(m[1]));
        assert.deepEqual(
            kwargs(call("roma\\.fdi\\.TaskRunState")).filter((k) => !resourceArgs.includes(k)),
            [],
        );
        assert.deepEqual(
            kwargs(call("roma\\.fdi\\.get_tasks_output")).filter((k) => !fnArgs.includes(k)),
            [],
        );
        const selectorArgs = [...text.matchAll(/roma\.fdi\.TaskSelector(?:Args)?\(([^)]*)\)/g)].flatMap((m) => kwargs(m[1]));
        assert.ok(selectorArgs.length >= 2, "the selector is given as the SDK's input classes");
        assert.deepEqual(
            selectorArgs.filter((k) => !selectorFields.includes(k)),
            [],
        );
        const attrs = [...text.matchAll(/\bt\.([a-z_]+)/g)].map((m) => camel(m[1]));
        assert.ok(attrs.length >= 4);
        assert.deepEqual(
            attrs.filter((a) => !dataFields.includes(a)),
            [],
        );
        assert.ok(text.includes("nightly.tasks") && "tasks" in (schema.resources["roma:fdi:TaskRunState"].properties ?? {}));
    });
});
