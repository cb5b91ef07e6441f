/** The `module` part of the type token `pulumi-nodejs:dynamic/roma:<Type>`; in every URN, so stable forever. */
export const MODULE = "roma";
