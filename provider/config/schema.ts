// The validated, resolved configuration the API layer is built from.
import { z } from "zod";
import { Credentials } from "../auth/types";

export const ResolvedConfig = z.object({
    /** ROMA Connect endpoint, no trailing slash. */
    endpoint: z.string(),
    drsEndpoint: z.string(),
    region: z.string().optional(),
    /** Default project for resources that do not set one. */
    projectId: z.string().optional(),
    credentials: Credentials,
    maxRetries: z.number().int().min(0).max(20),
    requestTimeoutMs: z.number().int().positive(),
    /** Client-side limit per endpoint host, shared by every resource the process serves. */
    maxRequestsPerSecond: z.number().int().positive(),
    /** How old a task listing may be and still serve an observation (never a verification). */
    listingMaxAgeMs: z.number().int().nonnegative(),
});
export type ResolvedConfig = z.infer<typeof ResolvedConfig>;
