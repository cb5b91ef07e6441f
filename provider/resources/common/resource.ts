// What every resource class does before it registers: a Pulumi class of its own (it loads
// `@pulumi/pulumi`), beside the classes that use it.
import * as pulumi from "@pulumi/pulumi";
import { IMPORT_REFUSALS, type ResourceType } from "./resource-types";

/**
 * The `import` resource option refused in the program, with the advice, before the engine runs
 * an import: its Read reaches the dynamic-provider host with neither state nor inputs, so the host
 * fails looking for `__provider` (`code must be a string, not undefined`, from
 * `@pulumi/pulumi` cmd/dynamic-provider/index.js `getProvider`) before any code of this package
 * runs. A RunError prints as its message, without a trace.
 */
export function refuseImport(type: ResourceType, name: string, opts: pulumi.CustomResourceOptions | undefined): void {
    if (opts?.import !== undefined) throw new pulumi.RunError(`${name} (import: ${JSON.stringify(opts.import)}): ${IMPORT_REFUSALS[type]}`);
}
