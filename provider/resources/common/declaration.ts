// A resource declared once: its definition (inputs, state, handler) and what is Pulumi's own
// (its token, the named types of its properties, its enums' member docs, its object types) and
// the folder its shim is published under. The package schema (plugin/schema.ts), the dynamic
// wiring (dynamic/index.ts), the plugin's table of types, and the generated shims and
// package.json subpaths (scripts/gen-resources.ts) all read the list in resources/declarations.ts.
import type { z } from "zod";
import type { ResourceDefinition } from "./handler";

/** The Pulumi type of a property the SDKs get a named type for. */
export interface PropertyType {
    /** Token of the object type that describes this property's items or value. */
    objectType?: string;
    /** Token of the enum type of a property whose values are a fixed list (SDKs get an enum). */
    enumType?: string;
}

/**
 * An enum type: what it and each of its values mean. The SDKs' enum members carry these texts,
 * and test/unit/jsdoc.test.ts holds the TypeScript constant of the same name (the token's last
 * part) to them.
 */
export interface EnumDoc {
    description: string;
    values: Readonly<Record<string, string>>;
}

/** What is Pulumi's own about a resource or a function, beside its zod schemas. */
export interface PulumiTypes {
    token: string;
    /** Named types of properties, by property name (inputs and outputs alike). */
    properties: Readonly<Record<string, PropertyType>>;
    /** The enum types it introduces, by token. */
    enums?: Readonly<Record<string, EnumDoc>>;
    /** The object types it introduces, by token: the zod schema whose description and fields the type gets. */
    objectTypes?: Readonly<Record<string, z.ZodType>>;
}

export interface ResourceDeclaration extends PulumiTypes {
    definition: ResourceDefinition<unknown, unknown>;
    /**
     * The resource's folder under provider/resources: its shim is published as
     * `pulumi-roma-tasks/shims/<folder>`, a path stored in every `__provider` of this type, so
     * it never changes.
     */
    folder: string;
}
