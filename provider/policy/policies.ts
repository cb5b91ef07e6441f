// The pack's policies as @pulumi/policy runs them: each reads its config (the
// `--policy-pack-config` file), the resource's inputs and the clock, and reports what rules.ts
// finds. Only types come from @pulumi/policy here, so the unit tests load these without it.
import type { PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import {
    DEFAULT_MAX_DAYS_BACK,
    POLICY_NAMES,
    checkDrsWait,
    checkProtectedInstances,
    checkResetRange,
    drsWaitConfig,
    protectedInstancesConfig,
    resetRangeConfig,
    type PolicyResource,
} from "./rules";

/** The pack's name: the `name` in PulumiPolicy.yaml and what the CLI prints beside each violation. */
export const PACK_NAME = "roma-tasks";

const stringList = (description: string) => ({ type: "array" as const, items: { type: "string" as const }, description });

/** One policy: its config read once per config value (a config error stops the preview, naming the field), then a check per resource. */
function policy<C>(
    spec: Omit<ResourceValidationPolicy, "validateResource" | "configSchema"> & { configSchema: PolicyConfigSchema },
    readConfig: (raw: Record<string, unknown>) => C,
    check: (r: PolicyResource, config: C) => string | undefined,
): ResourceValidationPolicy {
    let cached: { key: string; config: C } | undefined;
    return {
        ...spec,
        validateResource: (args: ResourceValidationArgs, reportViolation) => {
            const raw = args.getConfig<Record<string, unknown>>();
            const key = JSON.stringify(raw);
            if (cached?.key !== key) cached = { key, config: readConfig(raw) };
            const message = check({ type: args.type, name: args.name, urn: args.urn, props: args.props }, cached.config);
            if (message !== undefined) reportViolation(message, args.urn);
        },
    };
}

/** The pack's three policies; `now` is the clock the change windows and the reset range are judged by. */
export function romaPolicies(now: () => Date = () => new Date()): ResourceValidationPolicy[] {
    return [
        policy(
            {
                name: POLICY_NAMES.protectedInstances,
                description: "A TaskRunState may stop tasks (state: stopped) of a protected ROMA Connect instance only inside one of its change windows (UTC).",
                enforcementLevel: "mandatory",
                configSchema: {
                    properties: {
                        instanceIds: stringList("The protected ROMA Connect instance IDs."),
                        changeWindowsUtc: stringList('Weekly windows in UTC when their tasks may be stopped, e.g. "Sat 22:00-Sun 06:00".'),
                    },
                },
            },
            protectedInstancesConfig,
            (r, config) => checkProtectedInstances(r, config, now()),
        ),
        policy(
            {
                name: POLICY_NAMES.resetRange,
                description: "A TaskProgressReset's dateFrom is not in the future, nor further back than maxDaysBack days.",
                enforcementLevel: "advisory",
                configSchema: {
                    properties: {
                        maxDaysBack: { type: "integer", minimum: 0, default: DEFAULT_MAX_DAYS_BACK, description: "How many days back a reset may start." },
                    },
                },
            },
            resetRangeConfig,
            (r, config) => checkResetRange(r, config, now()),
        ),
        policy(
            {
                name: POLICY_NAMES.drsWait,
                description: "A DrsJobRetry waits for its jobs to transfer again (waitFor: transferring) in the stacks named.",
                enforcementLevel: "advisory",
                configSchema: {
                    properties: {
                        stacks: stringList('Stack names (`*` matches any characters) where a retry must wait; default every stack ("*").'),
                    },
                },
            },
            drsWaitConfig,
            checkDrsWait,
        ),
    ];
}
