// Talks to a running emulator's admin interface over HTTP, from any process.
import type { EmulatorState, FaultRule, LoggedRequest, SeedData } from "./model";

export class EmulatorAdminClient {
    constructor(readonly url: string) {}

    private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
        const res = await fetch(`${this.url}/__emulator/${path}`, {
            method,
            headers: body === undefined ? undefined : { "Content-Type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`emulator admin ${method} ${path}: HTTP ${res.status} ${text}`);
        return JSON.parse(text) as T;
    }

    async seed(data: SeedData): Promise<void> {
        await this.call("POST", "seed", data);
    }
    async removeTasks(tasks: { projectId: string; instanceId: string; taskId: string }[]): Promise<void> {
        await this.call("POST", "remove-tasks", { tasks });
    }
    requests(): Promise<LoggedRequest[]> {
        return this.call("GET", "requests");
    }
    async clearRequests(): Promise<void> {
        await this.call("DELETE", "requests");
    }
    async setFaults(rules: FaultRule[]): Promise<void> {
        await this.call("PUT", "faults", { rules });
    }
    async clearFaults(): Promise<void> {
        await this.call("DELETE", "faults");
    }
    state(): Promise<EmulatorState> {
        return this.call("GET", "state");
    }
}
