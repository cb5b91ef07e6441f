// What the TypeScript getTasks runs in the program's process, loaded only when it is called:
// the arguments checked as the plugin checks them, one handler context on the stack's
// configuration for the call, closed after it.
import { InputError } from "../../core/errors";
import { createHandlerContext } from "../common/context";
import type { ConfigGetter } from "../../config/lookup";
import { checkGetTasksArgs, getTasksWith } from "./handler";
import { GetTasksResult } from "./schema";
import type { GetTasksArgs } from "./types";

export async function runInProgram(args: GetTasksArgs, getConfig: ConfigGetter, log: (message: string) => void): Promise<GetTasksResult> {
    const checked = checkGetTasksArgs({ ...args });
    if (!checked.args) throw new InputError(`getTasks: ${checked.failures.map((f) => (f.property ? `${f.property}: ${f.reason}` : f.reason)).join("; ")}`);
    const handle = createHandlerContext(getConfig, process.env, log);
    try {
        return await getTasksWith(handle.context, checked.args);
    } finally {
        await handle.close();
    }
}

/** What a provider's invoke answered, as the result type (an older plugin's answer is refused by name, not trusted). */
export function parseResult(answer: unknown): GetTasksResult {
    const parsed = GetTasksResult.safeParse(answer);
    if (!parsed.success)
        throw new InputError(
            `getTasks: the roma provider answered a result this package cannot read (${parsed.error.issues[0].message}); use matching versions of the package and the plugin`,
        );
    return parsed.data;
}
