// The plugin reads Check and Diff requests from their bytes itself (provider/plugin/wire.ts):
// what it reads must be what the generated classes and google-protobuf's `toJavaScript()` read,
// for any properties the engine can send, and fields it does not know must not disturb it.
import { strict as assert } from "node:assert";
import { providerPb, protobuf, structPb } from "../../provider/plugin/proto";
import { wrap } from "../../provider/plugin/secrets";
import { decodeCheckRequest, decodeDiffRequest } from "../../provider/plugin/wire";
import { UNKNOWN } from "../../provider/core/unknown";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Deterministic values of every kind a Struct holds, nested a few levels. */
function generator(seed: number) {
    let s = seed;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) % 2 ** 31) / 2 ** 31;
    const strings = ["", "a", "task-00001", "é漢字🙂", "x".repeat(300)];
    const numbers = [0, -0, 1, -1, 0.5, 1e308, -1e-308, 2 ** 53 + 2, Number.NaN, Number.POSITIVE_INFINITY];
    const value = (depth: number): Json => {
        const k = Math.floor(rand() * (depth > 3 ? 4 : 6));
        if (k === 0) return null;
        if (k === 1) return rand() < 0.5;
        if (k === 2) return numbers[Math.floor(rand() * numbers.length)];
        if (k === 3) return strings[Math.floor(rand() * strings.length)];
        if (k === 4) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
        return object(depth + 1);
    };
    const object = (depth: number): { [k: string]: Json } =>
        Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, (_, i) => [`${strings[Math.floor(rand() * strings.length)]}${i}`, value(depth)]));
    return object;
}

const struct = (o: Record<string, Json>) => structPb.Struct.fromJavaScript(o);

/** The same message with fields no version of ours reads: a varint, a fixed64, a fixed32 and a nested message. */
function withUnknownFields(bytes: Uint8Array): Uint8Array {
    const w = new protobuf.BinaryWriter();
    w.writeUint64(99, 7);
    w.writeFixed64(100, 1);
    w.writeFixed32(101, 2);
    w.writeMessage(102, new structPb.Struct(), (m: InstanceType<typeof structPb.Struct>, ww) => structPb.Struct.serializeBinaryToWriter(m, ww));
    return Buffer.concat([bytes, w.getResultBuffer()]);
}

/** A Struct entry `key: true`, as bytes. */
function fieldOf(key: string): Uint8Array {
    const w = new protobuf.BinaryWriter();
    w.writeString(1, key);
    w.writeMessage(2, true, (v: boolean, ww) => ww.writeBool(4, v));
    return w.getResultBuffer();
}

describe("plugin: Check and Diff requests read from their bytes", () => {
    it("read the same properties as the generated classes, for 500 generated requests with every other field set", () => {
        const object = generator(42);
        for (let i = 0; i < 500; i++) {
            const [olds, news, oldInputs] = [object(0), object(0), object(0)];
            const urn = `urn:pulumi:dev::proj::roma:fdi:TaskRunState::r${i}`;
            const check = new providerPb.CheckRequest()
                .setUrn(urn)
                .setOlds(struct(olds))
                .setNews(struct(news))
                .setRandomseed(new Uint8Array([1, 2, 3]))
                .setName(`r${i}`)
                .setType("roma:fdi:TaskRunState")
                .setAutonaming(new providerPb.CheckRequest.AutonamingOptions().setProposedName(`r${i}-a1b2c3`))
                .setOldOutputs(struct(oldInputs));
            const checkBytes = i % 2 ? withUnknownFields(check.serializeBinary()) : check.serializeBinary();
            const expectedCheck = providerPb.CheckRequest.deserializeBinary(checkBytes);
            const readCheck = decodeCheckRequest(checkBytes);
            assert.deepStrictEqual(readCheck, {
                urn: expectedCheck.getUrn(),
                olds: expectedCheck.getOlds()?.toJavaScript(),
                news: expectedCheck.getNews()?.toJavaScript(),
            });
            assert.equal(JSON.stringify(readCheck.news), JSON.stringify(expectedCheck.getNews()?.toJavaScript()), "keys in the same order");

            const diff = new providerPb.DiffRequest()
                .setId(`id-${i}`)
                .setUrn(urn)
                .setOlds(struct(olds))
                .setNews(struct(news))
                .setIgnorechangesList(["taskIds"])
                .setOldInputs(struct(oldInputs))
                .setName(`r${i}`)
                .setType("roma:fdi:TaskRunState");
            const diffBytes = i % 2 ? withUnknownFields(diff.serializeBinary()) : diff.serializeBinary();
            const expectedDiff = providerPb.DiffRequest.deserializeBinary(diffBytes);
            assert.deepStrictEqual(decodeDiffRequest(diffBytes), {
                urn: expectedDiff.getUrn(),
                olds: expectedDiff.getOlds()?.toJavaScript(),
                news: expectedDiff.getNews()?.toJavaScript(),
            });
        }
    });

    it("reads the engine's secrets and unknowns as they are sent: a signed object, and the sentinel string", () => {
        const news = wrap({ instanceId: "inst-1", taskIds: [UNKNOWN] }, new Set(["instanceId"]));
        const bytes = new providerPb.CheckRequest()
            .setUrn("urn:x")
            .setNews(struct(news as Record<string, Json>))
            .serializeBinary();
        assert.deepStrictEqual(decodeCheckRequest(bytes), { urn: "urn:x", olds: {}, news });
    });

    it("reads absent Structs as empty, a Value without a kind as null, and the last of a repeated map key", () => {
        assert.deepStrictEqual(decodeDiffRequest(new providerPb.DiffRequest().setUrn("urn:y").serializeBinary()), { urn: "urn:y", olds: {}, news: {} });

        // news (field 3) = Struct { fields: [ {key "a", value {}}, {key "b", value 1}, {key "b", value 2} ] }
        const entry = (key: string, value?: number) => {
            const w = new protobuf.BinaryWriter();
            w.writeString(1, key);
            w.writeMessage(2, value, (v: number | undefined, ww) => v !== undefined && ww.writeDouble(2, v));
            return w.getResultBuffer();
        };
        const fields = new protobuf.BinaryWriter();
        for (const e of [entry("a"), entry("b", 1), entry("b", 2)]) fields.writeBytes(1, e);
        const request = new protobuf.BinaryWriter();
        request.writeString(1, "urn:z");
        request.writeBytes(3, fields.getResultBuffer());
        assert.deepStrictEqual(decodeCheckRequest(request.getResultBuffer()), { urn: "urn:z", olds: {}, news: { a: null, b: 2 } });
    });

    it("gives an object's keys in sorted order, as the generated classes do, whatever order the engine sent them in", () => {
        // news = { zeta: true, alpha: { mid: true, beta: true }, mid: true }, entries in that order
        const inner = new protobuf.BinaryWriter();
        for (const key of ["mid", "beta"]) inner.writeBytes(1, fieldOf(key));
        const outer = new protobuf.BinaryWriter();
        outer.writeBytes(1, fieldOf("zeta"));
        const alpha = new protobuf.BinaryWriter();
        alpha.writeString(1, "alpha");
        alpha.writeMessage(2, {}, (_v: unknown, w) => w.writeBytes(5, inner.getResultBuffer()));
        outer.writeBytes(1, alpha.getResultBuffer());
        outer.writeBytes(1, fieldOf("mid"));
        const request = new protobuf.BinaryWriter();
        request.writeString(1, "urn:o");
        request.writeBytes(3, outer.getResultBuffer());
        const bytes = request.getResultBuffer();
        const { news } = decodeCheckRequest(bytes);
        assert.equal(JSON.stringify(news), JSON.stringify(providerPb.CheckRequest.deserializeBinary(bytes).getNews()?.toJavaScript()));
        assert.equal(JSON.stringify(news), '{"alpha":{"beta":true,"mid":true},"mid":true,"zeta":true}');
    });

    it("reads a key __proto__ as a property like any other, never as the object's prototype", () => {
        const fields = new protobuf.BinaryWriter();
        const entry = new protobuf.BinaryWriter();
        entry.writeString(1, "__proto__");
        entry.writeMessage(2, { polluted: true }, (_v: unknown, w) => w.writeMessage(5, {}, (_s: unknown, ws) => ws.writeBytes(1, fieldOf("polluted"))));
        fields.writeBytes(1, entry.getResultBuffer());
        const request = new protobuf.BinaryWriter();
        request.writeBytes(3, fields.getResultBuffer());
        const { news } = decodeCheckRequest(request.getResultBuffer());
        assert.equal(Object.getPrototypeOf(news), Object.prototype);
        assert.deepEqual(Object.keys(news), ["__proto__"]);
        assert.deepEqual(Object.getOwnPropertyDescriptor(news, "__proto__")?.value, { polluted: true });
    });
});
