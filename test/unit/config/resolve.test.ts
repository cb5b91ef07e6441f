import { strict as assert } from "node:assert";
import { ConfigError } from "../../../provider/core/errors";
import { resolveConfig } from "../../../provider/config/resolve";

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
        ["no endpoint and no region", { ...TOKEN }, /no ROMA endpoint: set roma:endpoint \(ROMA_ENDPOINT\) or roma:region \(HW_REGION_NAME\)/],
        [
            "no credentials",
            { HW_REGION_NAME: "cn-north-4" },
            /no credentials: set roma:authToken \(HW_AUTH_TOKEN\); or roma:accessKey \(HW_ACCESS_KEY\) and roma:secretKey \(HW_SECRET_KEY\)/,
        ],
        ["half AK/SK", { HW_REGION_NAME: "cn-north-4", HW_SECRET_KEY: "sk-very-secret" }, /AK\/SK is incomplete: roma:accessKey \(HW_ACCESS_KEY\) is missing/],
        [
            "password without domain",
            { HW_REGION_NAME: "cn-north-4", HW_USER_NAME: "u", HW_USER_PASSWORD: "pw-very-secret" },
            /set roma:domainName \(HW_DOMAIN_NAME\)/,
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
        assert.match(e.message, /no ROMA endpoint.*no DRS endpoint.*no credentials.*maxRetries/);
    });
});
