// ESLint flat config: @eslint/js recommended + typescript-eslint recommended (type-checked,
// through tsconfig.json's project service), with eslint-config-prettier last so formatting
// is left to Prettier. Run with `npm run lint`.
import { defineConfig, globalIgnores } from "eslint/config";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default defineConfig(
    globalIgnores(["dist/", "coverage/", ".nyc_output/", ".pulumi-local/", "test/fixtures/", "sdk/", "**/*.js", "**/*.cjs", "**/*.d.ts"]),
    js.configs.recommended,
    tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            parserOptions: {
                projectService: true,
                tsconfigRootDir: import.meta.dirname,
            },
        },
        rules: {
            "@typescript-eslint/no-explicit-any": "error",
            // Handlers and providers implement async contracts; an implementation that has
            // nothing to wait for (a one-shot resource's read) is still correct.
            "@typescript-eslint/require-await": "off",
            "@typescript-eslint/no-unused-vars": [
                "error",
                {
                    argsIgnorePattern: "^_",
                    varsIgnorePattern: "^_",
                    caughtErrorsIgnorePattern: "^_",
                    destructuredArrayIgnorePattern: "^_",
                    ignoreRestSiblings: true,
                },
            ],
        },
    },
    {
        // Lazy require() on purpose: the provider shims load the package only when called,
        // the policy pack loads its optional peer @pulumi/policy with a message when it is missing,
        // and tests/bench load modules on demand.
        files: ["provider/**/shim.ts", "provider/policy/pack.ts", "test/**", "bench/**"],
        rules: {
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        // A call with more than five positional arguments is read by position, and a swapped
        // pair of strings (two IDs) compiles: more goes in one request object, named.
        files: ["provider/**"],
        rules: {
            "max-params": "off",
            "@typescript-eslint/max-params": ["error", { max: 5 }],
        },
    },
    {
        // Config files such as this one are not in tsconfig.json: lint them without types.
        files: ["**/*.mjs"],
        extends: [tseslint.configs.disableTypeChecked],
    },
    prettier,
);
