// The endpoints: each from its own setting, checked before any call, or derived from the region
// as its row in sources.ts says; and where each came from, for errors about the host it names.
import { STACK_CONFIG, where, type ConfigOrigin, type Settings } from "./lookup";
import { CONFIG_SOURCES, ENDPOINT_SETTINGS, type ConfigSetting, type EndpointSetting } from "./sources";

/** Huawei's EU sovereign region lives under its own domain. */
function domainFor(region: string): string {
    return region === "eu-west-101" ? "myhuaweicloud.eu" : "myhuaweicloud.com";
}

/** The URL the region gives an endpoint that no setting names. */
export function regionEndpoint(setting: EndpointSetting, region: string): string {
    const { service, path = "" } = CONFIG_SOURCES[setting].fromRegion;
    return `https://${service}.${region}.${domainFor(region)}${path}`;
}

function isLoopbackHost(hostname: string): boolean {
    const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
    return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Checks an endpoint URL; returns it without trailing slashes, or a problem sentence. */
export function checkEndpoint(value: string, setting: EndpointSetting): { url?: string; problem?: string } {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return { problem: `${where(setting)} is not a valid URL: "${value}"` };
    }
    if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
        return { problem: `${where(setting)} uses plain http:// for a host that is not loopback ("${url.host}"); use https://` };
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        return { problem: `${where(setting)} must be an https:// URL, got "${url.protocol}"` };
    }
    if (url.search || url.hash || url.username || url.password) {
        return { problem: `${where(setting)} must not contain a query, fragment or user info` };
    }
    return { url: url.toString().replace(/\/+$/, "") };
}

/** Where an endpoint's value came from, for errors about the host it names. */
export interface EndpointSource {
    /** e.g. `roma:endpoint from stack config`, `ROMA_ENDPOINT from the environment`, `roma:region "cn-north-9"`. */
    label: string;
    /** The region the host was derived from, when no setting named the endpoint. */
    region?: string;
}

/** Where each endpoint's value comes from: its own setting in config or the environment, or the region. */
export function endpointSources(settings: Settings, origin: ConfigOrigin = STACK_CONFIG): Record<EndpointSetting, EndpointSource | undefined> {
    const sourceOf = (setting: ConfigSetting): { name: string; place: string } | undefined => {
        const read = settings[setting];
        if (read.inStack !== undefined) return { name: origin.name(setting), place: origin.place };
        return read.variable === undefined ? undefined : { name: origin.name(setting), place: `the environment (${read.variable})` };
    };
    const region = settings.region.value;
    const regionSource = sourceOf("region");
    const one = (setting: EndpointSetting): EndpointSource | undefined => {
        const own = sourceOf(setting);
        if (own !== undefined) return { label: `${own.name} from ${own.place}` };
        if (region === undefined || regionSource === undefined) return undefined;
        return { label: `derived from ${regionSource.name} "${region}" (${regionSource.place})`, region };
    };
    return Object.fromEntries(ENDPOINT_SETTINGS.map((s) => [s, one(s)])) as Record<EndpointSetting, EndpointSource | undefined>;
}
