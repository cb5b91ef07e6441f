// Where each setting of the provider comes from: its stack config key, then environment
// variable(s).

/** Stack config key (in the `roma:` namespace) and environment variable(s) for each setting, in precedence order. */
export const CONFIG_SOURCES = {
    endpoint: { key: "roma:endpoint", env: ["ROMA_ENDPOINT"] },
    drsEndpoint: { key: "roma:drsEndpoint", env: ["DRS_ENDPOINT"] },
    region: { key: "roma:region", env: ["HW_REGION_NAME"] },
    projectId: { key: "roma:projectId", env: ["HW_PROJECT_ID"] },
    authToken: { key: "roma:authToken", env: ["HW_AUTH_TOKEN"] },
    accessKey: { key: "roma:accessKey", env: ["HW_ACCESS_KEY"] },
    secretKey: { key: "roma:secretKey", env: ["HW_SECRET_KEY"] },
    securityToken: { key: "roma:securityToken", env: ["HW_SECURITY_TOKEN"] },
    userName: { key: "roma:userName", env: ["HW_USER_NAME"] },
    password: { key: "roma:password", env: ["HW_USER_PASSWORD"] },
    domainName: { key: "roma:domainName", env: ["HW_DOMAIN_NAME"] },
    authUrl: { key: "roma:authUrl", env: ["HW_AUTH_URL"] },
    maxRetries: { key: "roma:maxRetries", env: ["HW_MAX_RETRIES"] },
    requestTimeoutSeconds: { key: "roma:requestTimeoutSeconds", env: ["ROMA_REQUEST_TIMEOUT_SECONDS"] },
    maxRequestsPerSecond: { key: "roma:maxRequestsPerSecond", env: ["ROMA_MAX_REQUESTS_PER_SECOND"] },
    listingMaxAgeSeconds: { key: "roma:listingMaxAgeSeconds", env: ["ROMA_LISTING_MAX_AGE_SECONDS"] },
} as const;
export type ConfigSetting = keyof typeof CONFIG_SOURCES;
