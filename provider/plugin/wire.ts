// Check and Diff requests read straight from their bytes into plain values. They come once per
// resource on every preview and up, and the generated classes' way (a jspb message per Struct
// field, map entry and Value, then `toJavaScript()` over them all) cost about four times what
// this package's own Check and Diff do (the benchmark's hot path; bench/index.ts). The reader is
// google-protobuf's own, from the same copy the generated classes use (./proto.ts); only the walk
// over the message is written here. Field numbers: pulumi/pulumi `proto/pulumi/provider.proto`
// (CheckRequest, DiffRequest) and protobuf's `google/protobuf/struct.proto` (Struct, Value,
// ListValue). A field we do not use is skipped, so requests of newer engines still decode.
import type { BinaryReader } from "google-protobuf";
import { protobuf } from "./proto";
import type { Props } from "../resources/common/types";

/** What Check uses of a `pulumirpc.CheckRequest`. */
export interface CheckCall {
    urn: string;
    /** The inputs the resource was last created or updated with; empty for a new resource. */
    olds: Props;
    news: Props;
}

/** What Diff uses of a `pulumirpc.DiffRequest`. */
export interface DiffCall {
    urn: string;
    olds: Props;
    news: Props;
}

/** `google.protobuf.Value`: a value with no kind set reads as null (the generated classes throw), as JSON has nothing else for it. */
function readValue(into: { value: unknown }, r: BinaryReader): void {
    into.value = null;
    while (r.nextField() && !r.isEndGroup()) {
        switch (r.getFieldNumber()) {
            case 1: // null_value
                r.readEnum();
                into.value = null;
                break;
            case 2:
                into.value = r.readDouble();
                break;
            case 3:
                into.value = r.readString();
                break;
            case 4:
                into.value = r.readBool();
                break;
            case 5:
                into.value = readStruct(r);
                break;
            case 6: {
                const list: unknown[] = [];
                r.readMessage(list, readList);
                into.value = list;
                break;
            }
            default:
                r.skipField();
        }
    }
}

/** One entry of `Struct.fields` (map<string, Value>): key 1, value 2; a later entry of a key wins, as in protobuf. */
function readEntry(into: Map<string, unknown>, r: BinaryReader): void {
    let key = "";
    const value = { value: null as unknown };
    while (r.nextField() && !r.isEndGroup()) {
        if (r.getFieldNumber() === 1) key = r.readString();
        else if (r.getFieldNumber() === 2) r.readMessage(value, readValue);
        else r.skipField();
    }
    into.set(key, value.value);
}

function readFields(into: Map<string, unknown>, r: BinaryReader): void {
    while (r.nextField() && !r.isEndGroup()) {
        if (r.getFieldNumber() === 1) r.readMessage(into, readEntry);
        else r.skipField();
    }
}

/**
 * A Struct at the reader, as an object whose keys are in sorted order, as the generated classes'
 * `toJavaScript()` gives them (jspb.Map sorts its keys): the engine sends them in whatever order
 * its Go map had. Every key becomes an own property: a key `__proto__` assigned as usual would
 * set the object's prototype instead.
 */
function readStruct(r: BinaryReader): Props {
    const fields = new Map<string, unknown>();
    r.readMessage(fields, readFields);
    const out: Props = {};
    for (const key of [...fields.keys()].sort()) {
        if (key === "__proto__") Object.defineProperty(out, key, { value: fields.get(key), enumerable: true, writable: true, configurable: true });
        else out[key] = fields.get(key);
    }
    return out;
}

function readList(into: unknown[], r: BinaryReader): void {
    while (r.nextField() && !r.isEndGroup()) {
        if (r.getFieldNumber() === 1) {
            const value = { value: null as unknown };
            r.readMessage(value, readValue);
            into.push(value.value);
        } else r.skipField();
    }
}

/** Reads the string and Struct fields named by number; every other field is skipped. */
function readRequest<T extends object>(bytes: Uint8Array, strings: Record<number, keyof T>, structs: Record<number, keyof T>, into: T): T {
    const r = new protobuf.BinaryReader(bytes);
    while (r.nextField() && !r.isEndGroup()) {
        const n = r.getFieldNumber();
        const s = strings[n];
        const st = structs[n];
        if (s !== undefined) (into[s] as unknown) = r.readString();
        else if (st !== undefined) (into[st] as unknown) = readStruct(r);
        else r.skipField();
    }
    return into;
}

/** CheckRequest: urn 1, olds 2, news 3. */
export const decodeCheckRequest = (bytes: Uint8Array): CheckCall =>
    readRequest<CheckCall>(bytes, { 1: "urn" }, { 2: "olds", 3: "news" }, { urn: "", olds: {}, news: {} });

/** DiffRequest: id 1, urn 2, olds 3, news 4. */
export const decodeDiffRequest = (bytes: Uint8Array): DiffCall =>
    readRequest<DiffCall>(bytes, { 2: "urn" }, { 3: "olds", 4: "news" }, { urn: "", olds: {}, news: {} });
