// Secret values as the engine sends them once the provider accepts secrets: wrapped objects
// (pulumi/pulumi `sdk/nodejs/runtime/rpc.ts`, `specialSigKey` and `specialSecretSig`). Inputs are unwrapped before any handler sees
// them; outputs whose input was secret are wrapped again, so they stay secret in state.
import type { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import type { Props } from "../resources/common/types";

// `@pulumi/pulumi`'s own constants, held to the SDK's literal types by the compiler. The plugin
// may load the SDK, but only `runtime/rpc` exports these, and it loads the SDK's whole runtime
// (about 0.1 s at every start of the plugin) for two strings.
const SIG_KEY: typeof specialSigKey = "4dabf18193072939515e22adb298388d";
const SECRET_SIG: typeof specialSecretSig = "1b47061264138c4ac30d75fd1eb44270";

export function isSecret(v: unknown): v is { value: unknown } {
    return v !== null && typeof v === "object" && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

export function secret(value: unknown): Props {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/** The value with every secret wrapper removed, at any depth. */
export function reveal(v: unknown): unknown {
    if (isSecret(v)) return reveal(v.value);
    if (Array.isArray(v)) return v.map(reveal);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
    return v;
}

/** Whether a secret wrapper is anywhere inside the value. */
function holds(v: unknown): boolean {
    return isSecret(v) || (Array.isArray(v) ? v.some(holds) : v !== null && typeof v === "object" && Object.values(v).some(holds));
}

/**
 * Top-level keys holding a secret anywhere inside, and the bag with every secret revealed. Every
 * Check and Diff comes through here: a bag with no secret (most of them) is returned as it came,
 * not copied, and only the values that hold one are rebuilt.
 */
export function unwrap(props: Props): { plain: Props; secretKeys: Set<string> } {
    const secretKeys = new Set<string>();
    for (const [k, v] of Object.entries(props)) if (holds(v)) secretKeys.add(k);
    if (secretKeys.size === 0) return { plain: props, secretKeys };
    return { plain: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, secretKeys.has(k) ? reveal(v) : v])), secretKeys };
}

/** `props` with the values under `keys` wrapped as secrets (as they came when `keys` is empty). */
export function wrap(props: Props, keys: ReadonlySet<string>): Props {
    if (keys.size === 0) return props;
    return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, keys.has(k) && !isSecret(v) ? secret(v) : v]));
}
