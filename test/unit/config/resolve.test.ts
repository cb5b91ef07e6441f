import { strict as assert } from "node:assert";
import { ConfigError } from "../../../provider/core/errors";
import { describeCredentials } from "../../../provider/config/credentials";
import { resolve, resolveConfig } from "../../../provider/config/resolve";

const none = () => undefined;
const stack = (o: Record<string, string>) => (k: string) => o[k];
const TOKEN = { HW_AUTH_TOKEN: "tok-secret-1" };

function configError(f: () => unknown): ConfigError {
    try {
        f();
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e;
    }
    assert.fail("expected a ConfigError");
}

describe("resolveConfig", () => {
    it("derives endpoints from the region and applies defaults", () => {
        const c = resolveConfig(none, { HW_REGION_NAME: "cn-north-4", ...TOKEN });
        assert.equal(c.endpoint, "https://roma.cn-north-4.myhuaweicloud.com");
        assert.equal(c.drsEndpoint, "https://drs.cn-north-4.myhuaweicloud.com");
        assert.equal(c.maxRetries, 5);
        assert.equal(c.requestTimeoutMs, 30_000);
        assert.deepEqual(c.credentials, { kind: "token", token: "tok-secret-1" });
    });

    it("uses the .eu domain for eu-west-101, also for IAM", () => {
        const c = resolveConfig(none, { HW_REGION_NAME: "eu-west-101", HW_USER_NAME: "u", HW_USER_PASSWORD: "p", HW_DOMAIN_NAME: "d" });
        assert.equal(c.drsEndpoint, "https://drs.eu-west-101.myhuaweicloud.eu");
        assert.deepEqual(c.credentials, {
            kind: "password",
            userName: "u",
            password: "p",
            domainName: "d",
            authUrl: "https://iam.eu-west-101.myhuaweicloud.eu/v3",
        });
    });

    it("prefers stack config over environment variables, and trims trailing slashes", () => {
        const c = resolveConfig(stack({ "roma:endpoint": "https://roma.example.com/", "roma:maxRetries": "2", "roma:authToken": "from-config" }), {
            ROMA_ENDPOINT: "https://other.example.com",
            DRS_ENDPOINT: "https://drs.example.com",
            HW_MAX_RETRIES: "9",
            HW_AUTH_TOKEN: "from-env",
        });
        assert.equal(c.endpoint, "https://roma.example.com");
        assert.equal(c.maxRetries, 2);
        assert.deepEqual(c.credentials, { kind: "token", token: "from-config" });
    });

    it("ranks credentials: token, then AK/SK, then user and password", () => {
        const base = { HW_REGION_NAME: "cn-north-4" };
        const all = { ...base, HW_AUTH_TOKEN: "t", HW_ACCESS_KEY: "ak", HW_SECRET_KEY: "sk", HW_USER_NAME: "u", HW_USER_PASSWORD: "p", HW_DOMAIN_NAME: "d" };
        assert.equal(resolveConfig(none, all).credentials.kind, "token");
        assert.equal(resolveConfig(none, { ...all, HW_AUTH_TOKEN: "" }).credentials.kind, "aksk");
        assert.deepEqual(resolveConfig(none, { ...base, HW_ACCESS_KEY: "ak", HW_SECRET_KEY: "sk", HW_SECURITY_TOKEN: "st" }).credentials, {
            kind: "aksk",
            accessKey: "ak",
            secretKey: "sk",
            securityToken: "st",
        });
    });

    it("takes credentials from one place: a set in stack config wins over anything in the environment", () => {
        const region = { "roma:region": "cn-north-4" };
        // A stale token in the shell does not beat AK/SK set in stack config.
        const c = resolveConfig(stack({ ...region, "roma:accessKey": "ak", "roma:secretKey": "sk" }), {
            HW_AUTH_TOKEN: "stale",
            HW_SECURITY_TOKEN: "stale-st",
        });
        assert.deepEqual(c.credentials, { kind: "aksk", accessKey: "ak", secretKey: "sk", securityToken: undefined });
        assert.equal(c.credentialSource, "stack config");
        // Only when stack config holds none does the environment count.
        const e = resolveConfig(stack(region), { HW_ACCESS_KEY: "ak", HW_SECRET_KEY: "sk", HW_SECURITY_TOKEN: "st" });
        assert.deepEqual(e.credentials, { kind: "aksk", accessKey: "ak", secretKey: "sk", securityToken: "st" });
        assert.equal(e.credentialSource, "environment");
        // Empty values in stack config count as unset.
        assert.equal(resolveConfig(stack({ ...region, "roma:authToken": " " }), TOKEN).credentialSource, "environment");
    });

    it("never completes a set in stack config from the environment, and says so", () => {
        const e = configError(() =>
            resolveConfig(stack({ "roma:region": "cn-north-4", "roma:accessKey": "ak" }), { HW_SECRET_KEY: "sk-very-secret", HW_AUTH_TOKEN: "t" }),
        );
        assert.equal(
            e.message,
            "pulumi-roma-tasks configuration: AK/SK in stack config is incomplete: roma:secretKey is missing " +
                "(credentials in the environment are not used while stack config holds any)",
        );
    });

    it("names the credentials in use and where they came from, never their values", () => {
        assert.equal(describeCredentials("aksk", "stack config"), "AK/SK from stack config (roma:accessKey, roma:secretKey)");
        assert.equal(describeCredentials("token", "environment"), "the IAM token from the environment (HW_AUTH_TOKEN)");
        assert.equal(
            describeCredentials("password", "environment"),
            "user name and password from the environment (HW_USER_NAME, HW_USER_PASSWORD, HW_DOMAIN_NAME)",
        );
        assert.equal(describeCredentials("aksk"), "AK/SK");
    });

    it("allows http:// only for loopback hosts", () => {
        for (const host of ["127.0.0.1:8080", "127.1.2.3", "localhost:1", "[::1]:9"]) {
            assert.equal(resolveConfig(none, { ROMA_ENDPOINT: `http://${host}`, DRS_ENDPOINT: `http://${host}`, ...TOKEN }).endpoint, `http://${host}`);
        }
        for (const host of ["10.0.0.1", "example.com", "127.example.com"]) {
            const e = configError(() => resolveConfig(none, { ROMA_ENDPOINT: `http://${host}`, DRS_ENDPOINT: "https://d.example.com", ...TOKEN }));
            assert.match(e.message, /roma:endpoint \(ROMA_ENDPOINT\) uses plain http:\/\/ for a host that is not loopback/);
        }
        assert.match(
            configError(() => resolveConfig(none, { ROMA_ENDPOINT: "ftp://x", DRS_ENDPOINT: "https://d", ...TOKEN })).message,
            /must be an https:\/\/ URL/,
        );
        assert.match(configError(() => resolveConfig(none, { ROMA_ENDPOINT: "not a url", DRS_ENDPOINT: "https://d", ...TOKEN })).message, /not a valid URL/);
    });

    const secretEnv = { HW_SECRET_KEY: "sk-very-secret", HW_USER_PASSWORD: "pw-very-secret", HW_SECURITY_TOKEN: "st-very-secret" };
    const errors: [string, Record<string, string>, RegExp][] = [
        [
            "no endpoint and no region",
            { ...TOKEN },
            /no endpoints: set roma:region \(HW_REGION_NAME\), or roma:endpoint \(ROMA_ENDPOINT\) and roma:drsEndpoint \(DRS_ENDPOINT\)/,
        ],
        [
            "one endpoint and no region",
            { ...TOKEN, ROMA_ENDPOINT: "https://roma.example.com" },
            /no endpoint: set roma:region \(HW_REGION_NAME\), or roma:drsEndpoint \(DRS_ENDPOINT\)$/,
        ],
        [
            "no credentials",
            { HW_REGION_NAME: "cn-north-4" },
            /no credentials: set roma:authToken \(HW_AUTH_TOKEN\); or roma:accessKey \(HW_ACCESS_KEY\) and roma:secretKey \(HW_SECRET_KEY\)/,
        ],
        ["half AK/SK", { HW_REGION_NAME: "cn-north-4", HW_SECRET_KEY: "sk-very-secret" }, /AK\/SK in the environment is incomplete: HW_ACCESS_KEY is missing/],
        [
            "password without domain",
            { HW_REGION_NAME: "cn-north-4", HW_USER_NAME: "u", HW_USER_PASSWORD: "pw-very-secret" },
            /user\/password sign-in in the environment is incomplete: HW_DOMAIN_NAME is missing/,
        ],
        [
            "bad maxRetries",
            { HW_REGION_NAME: "cn-north-4", ...TOKEN, HW_MAX_RETRIES: "-1" },
            /roma:maxRetries \(HW_MAX_RETRIES\) must be a whole number from 0 to 20, got "-1"/,
        ],
        ["bad region", { HW_REGION_NAME: "north", ...TOKEN }, /does not look like a Huawei Cloud region/],
        [
            "bad projectId",
            { HW_REGION_NAME: "cn-north-4", ...TOKEN, HW_PROJECT_ID: "a/b" },
            /roma:projectId \(HW_PROJECT_ID\) contains '\/', which is not allowed in an ID/,
        ],
    ];
    for (const [what, env, expected] of errors) {
        it(`${what}: one ConfigError naming the key and variable, with no secret in it`, () => {
            const e = configError(() => resolveConfig(none, { ...env }));
            assert.match(e.message, expected);
            const text = [e.message, JSON.stringify(e), String(e.stack)].join("\n");
            for (const s of Object.values(secretEnv)) assert.ok(!text.includes(s));
        });
    }

    it("reports every problem at once", () => {
        const e = configError(() => resolveConfig(none, { HW_MAX_RETRIES: "x" }));
        assert.match(e.message, /^pulumi-roma-tasks configuration: 3 problems:\n {2}- no endpoints: .*\n {2}- no credentials: .*\n {2}- roma:maxRetries/);
    });

    it("a bad region is reported once, however many endpoints it would give", () => {
        const env = { HW_REGION_NAME: "north", HW_USER_NAME: "u", HW_USER_PASSWORD: "pw-very-secret", HW_DOMAIN_NAME: "d" };
        const e = configError(() => resolveConfig(none, env));
        assert.equal(
            e.message,
            'pulumi-roma-tasks configuration: roma:region (HW_REGION_NAME) does not look like a Huawei Cloud region (e.g. cn-north-4), got "north"',
        );
    });

    it("a first run with nothing configured gets one error naming endpoint or region, credentials and project", () => {
        const { project } = resolve(none, {});
        assert.ok(project instanceof ConfigError);
        assert.equal(
            project.message,
            [
                "pulumi-roma-tasks configuration: 3 problems:",
                "  - no endpoints: set roma:region (HW_REGION_NAME), or roma:endpoint (ROMA_ENDPOINT) and roma:drsEndpoint (DRS_ENDPOINT)",
                "  - no credentials: set roma:authToken (HW_AUTH_TOKEN); or roma:accessKey (HW_ACCESS_KEY) and roma:secretKey (HW_SECRET_KEY); " +
                    "or roma:userName (HW_USER_NAME), roma:password (HW_USER_PASSWORD) and roma:domainName (HW_DOMAIN_NAME)",
                "  - no project: set the resource's projectId, or roma:projectId (HW_PROJECT_ID)",
            ].join("\n"),
        );
    });

    it("a configured project alone is enough for the project; else its error names what to set", () => {
        assert.equal(resolve(none, { HW_PROJECT_ID: "p-env" }).project, "p-env");
        assert.match(String(resolve(none, { ...TOKEN, HW_REGION_NAME: "cn-north-4" }).project), /: no project: set the resource's projectId/);
    });
});
