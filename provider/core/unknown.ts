import type { unknownValue } from "@pulumi/pulumi/runtime/rpc";

/**
 * Pulumi's sentinel for a value not known yet during preview: `@pulumi/pulumi`'s `unknownValue`.
 * The SDK declares it as a literal type, so the compiler holds this string to the SDK's; the
 * value cannot be loaded from there, because nothing below the resource classes may load
 * `@pulumi/pulumi` at run time (docs/architecture.md), and loading `runtime/rpc` would load the
 * SDK's whole runtime.
 */
export const UNKNOWN: typeof unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

/** True when the value, or anything inside it, is not known yet. */
export function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
    return false;
}
