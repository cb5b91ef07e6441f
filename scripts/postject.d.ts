// postject 1.0.0-alpha.6 ships no types: the one function scripts/plugin-bundle.ts calls
// (postject's README, "Usage": inject(filename, resourceName, resourceData, options)).
declare module "postject" {
    export function inject(
        filename: string,
        resourceName: string,
        resourceData: Buffer,
        options: { sentinelFuse: string; machoSegmentName?: string; overwrite?: boolean },
    ): Promise<void>;
}
