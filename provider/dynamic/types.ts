// The shapes `@pulumi/pulumi`'s dynamic-provider host sees of this package, stated
// structurally (importing the SDK here would pull it into every serialized `__provider`) and
// free of zod (they are part of the `pulumi-roma-tasks/dynamic` declarations).
import type { CheckFailure, Props } from "../resources/common/types";

export interface HostProvider {
    check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: CheckFailure[] }>;
    diff(id: string, olds: Props, news: Props): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
    create(inputs: Props): Promise<{ id: string; outs?: Props }>;
    read(id: string, props?: Props): Promise<{ id?: string; props?: Props; inputs?: Props }>;
    update(id: string, olds: Props, news: Props): Promise<{ outs?: Props }>;
    delete(id: string, props: Props): Promise<void>;
}

/** What the host passes to configure(): `req.config.get("roma:endpoint")`. */
export interface ConfigureRequest {
    /** `rawConfig`: every key of the stack's config, as `@pulumi/pulumi`'s dynamic-provider host keeps it (cmd/dynamic-provider/config.ts). */
    config: { get(key: string): string | undefined; rawConfig?: Record<string, unknown> };
}
