// `pulumi-roma-tasks/dynamic`: the implementation the dynamic-provider host loads through each
// resource's serialized shim. This subpath must stay exported, and must accept state written
// by every earlier version (outputs carry `stateVersion`). Its declarations name only plain
// types (types.ts), so they compile in any user project.
import type { ResourceType } from "../resources/common/types";
import { DECLARATIONS } from "../resources/declarations";
import { dynamicProvider } from "./adapter";
import { claims, configure as configureContext, handlerContext, statusFor } from "./context";
import type { ConfigureRequest, HostProvider } from "./types";

export type { ConfigureRequest, HostProvider } from "./types";

/** Called by the host with the stack config before any resource method. */
export const configure: (req: ConfigureRequest) => Promise<void> = configureContext;

/** Each declared resource's provider, by type: what its shim calls. */
export const providers = Object.fromEntries(
    DECLARATIONS.map((d) => [d.definition.type, dynamicProvider(d.definition, handlerContext, statusFor, claims)]),
) as Record<ResourceType, HostProvider>;
