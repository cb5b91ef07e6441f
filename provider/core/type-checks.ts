// Compile-time checks that tie the package's zod-free public types to the zod schemas that
// stay the source of truth inside it: if a schema changes and its public type does not (or the
// other way round), the build fails at the check.

/** True only when A and B are the same type: optional, readonly and extra properties all count. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Compiles only when T is `true`, e.g. `Assert<Equal<PublicType, z.infer<typeof Schema>>>`. */
export type Assert<T extends true> = T;
