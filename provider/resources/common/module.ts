/** The `module` part of the type token `pulumi-nodejs:dynamic/roma:<Type>`; in every URN, so stable forever. */
export const MODULE = "roma";

/** The type token @pulumi/pulumi's `dynamic.Resource` gives a resource of this package (`pulumi-nodejs:dynamic/roma:TaskRunState`). */
export const dynamicType = (type: string): string => `pulumi-nodejs:dynamic/${MODULE}:${type}`;
