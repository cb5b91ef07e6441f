// Talks to a running emulator's admin interface over HTTP, from any process.
import { ADMIN_PREFIX } from "./admin-api";
import type { ActiveFaultRule, EmulatorState, FaultRule, LoggedRequest, SeedData, EmulatorIamConfig, EmulatorIamState } from "./types";

/** The emulator's admin API (`/__emulator/`) from any process; `startEmulator()` returns one as `admin`. */
export class EmulatorAdminClient {
    /** @param url the emulator's base URL, e.g. `http://127.0.0.1:8080` */
    constructor(readonly url: string) {}

    private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await fetch(`${this.url}${ADMIN_PREFIX}${path}`, {
            method,
            headers: body === undefined ? undefined : { "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) {
            let reason = text;
            try {
                reason = (JSON.parse(text) as { error?: string }).error ?? text;
            } catch {
                // Not the emulator's JSON error: report the body as it came.
            }
            throw new Error(`emulator admin ${method} ${path}: HTTP ${res.status}: ${reason}`);
        }
        return JSON.parse(text) as T;
    }

    /** The emulated IAM's agencies and identity providers, and every temporary key and federated token it issued. */
    iam(): Promise<EmulatorIamState> {
        return this.call("GET", "iam");
    }

    /** Adds agencies and OIDC identity providers to the emulated IAM. */
    async configureIam(config: EmulatorIamConfig): Promise<void> {
        await this.call("POST", "iam", config);
    }

    /** Adds or updates tasks and jobs (`replace: true` removes every other one first). */
    async seed(data: SeedData): Promise<void> {
        await this.call("POST", "seed", data);
    }

    /** Deletes tasks, as if they were removed in ROMA Connect (a refresh then shows them `missing`). */
    async removeTasks(tasks: { projectId: string; instanceId: string; taskId: string }[]): Promise<void> {
        await this.call("POST", "remove-tasks", { tasks });
    }
    /** Every API call since the start or the last `clearRequests()`, oldest first. */
    requests(): Promise<LoggedRequest[]> {
        return this.call("GET", "requests");
    }
    /** Empties the log of API calls. */
    async clearRequests(): Promise<void> {
        await this.call("DELETE", "requests");
    }
    /** Replaces the fault rules; a rule the emulator refuses (e.g. an unknown operation) throws, naming the field. */
    async setFaults(rules: FaultRule[]): Promise<void> {
        await this.call("PUT", "faults", { rules });
    }
    /** The rules in force, with the calls each `times` rule has left. */
    async faults(): Promise<ActiveFaultRule[]> {
        return (await this.call<{ rules: ActiveFaultRule[] }>("GET", "faults")).rules;
    }
    /** Removes every fault rule. */
    async clearFaults(): Promise<void> {
        await this.call("DELETE", "faults");
    }
    /** Every task and job as the emulator stores them (a task's `status` is the API's 1/0). */
    state(): Promise<EmulatorState> {
        return this.call("GET", "state");
    }
}
