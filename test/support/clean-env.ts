// Every environment variable the provider reads a setting or a setting's field from, set empty:
// a test that chooses its credentials must not pick up the machine's (HW_*, a KooCLI profile, an agency).
import { CONFIG_SOURCES } from "../../provider/config/sources";

export const CLEAN_ENV: Readonly<Record<string, string>> = Object.fromEntries(
    Object.values(CONFIG_SOURCES).flatMap((s) =>
        [...s.env, ...(s.type === "object" ? Object.values(s.fields).flatMap((f) => f.env) : [])].map((name) => [name, ""]),
    ),
);
