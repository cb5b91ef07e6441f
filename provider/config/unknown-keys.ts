// Settings nobody reads: a `roma:*` key (or a provider argument) the table does not have is a
// typo as often as not (`roma:assumeRol`), and was accepted without a word. Each is said once as
// a warning naming the nearest known one, on both paths (plugin CheckConfig, dynamic configure).
import { nearest } from "./nearest";
import { SETTINGS } from "./sources";

const NAMESPACE = "roma:";

/**
 * Warnings for the keys that are no setting. `keys` are spelled as their place spells them:
 * `roma:assumeRol` in stack config (`namespaced`), `assumeRol` as a provider argument.
 */
export function unknownKeyWarnings(keys: readonly string[], namespaced: boolean): string[] {
    const known = new Set<string>(SETTINGS);
    return keys.flatMap((key) => {
        const name = namespaced ? (key.startsWith(NAMESPACE) ? key.slice(NAMESPACE.length) : undefined) : key;
        if (name === undefined || known.has(name)) return [];
        const near = nearest(name, SETTINGS);
        const spell = (s: string) => (namespaced ? `${NAMESPACE}${s}` : s);
        return [`pulumi-roma-tasks: ${spell(name)} is not a setting of this provider and is ignored; did you mean ${spell(near)}?`];
    });
}
