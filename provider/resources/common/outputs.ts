// The property bag a resource class registers: every property of the stored state named, so
// each is an Output on the instance (also an optional input left out, and every output of the
// provider's own), then the program's inputs. The names come from the state schema, never a
// list kept by hand beside it.
import type { z } from "zod";

export function withEveryOutput(state: z.ZodObject, args: object): Record<string, unknown> {
    return { ...Object.fromEntries(Object.keys(state.shape).map((k) => [k, undefined])), ...args };
}
