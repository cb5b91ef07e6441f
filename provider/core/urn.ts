// A Pulumi URN read apart, in one place: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`,
// where the qualified type is the parents' types and the resource's own joined by `$`, and the
// name is everything after the third `::` (pulumi/pulumi sdk/go/common/resource/urn.go).

export interface UrnParts {
    stack: string;
    project: string;
    /** The resource's own type token: the last part of the qualified type. */
    type: string;
    name: string;
}

/** The parts of a URN; a string that is no URN gives empty parts, and itself as the name. */
export function parseUrn(urn: string): UrnParts {
    const parts = urn.replace(/^urn:pulumi:/, "").split("::");
    if (parts.length < 4) return { stack: "", project: "", type: "", name: urn };
    const [stack, project, qualified] = parts;
    return { stack, project, type: qualified.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}
