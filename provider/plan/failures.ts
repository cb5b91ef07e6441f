// How a failure of some tasks or jobs reads, and the error object the dynamic-provider host
// turns into ErrorResourceInitFailed (create/update only) so the true state is saved.

export interface ItemFailure {
    id: string;
    errorCode?: string;
    errorMessage?: string;
}

export function describeFailures(what: "task" | "job", failures: readonly ItemFailure[]): string[] {
    return failures.map((f) => `${what} ${f.id}: ${f.errorCode ?? "error"}${f.errorMessage ? ` ${f.errorMessage}` : ""}`);
}

export interface PartialFailure extends Error {
    id: string;
    properties: Record<string, unknown>;
    reasons: string[];
}

export function partialFailure(summary: string, id: string, properties: Record<string, unknown>, reasons: string[]): PartialFailure {
    const err = new Error(`${summary}:\n  ${reasons.join("\n  ")}`) as PartialFailure;
    err.id = id;
    err.properties = properties;
    err.reasons = reasons;
    return err;
}
