import { describe, expect, it } from "vitest";
import { CodecError, decodeEnvelope, encodeEnvelope, encodeValue, ENVELOPE_VERSION, newEnvelope } from "../../actors/runtime/mod.ts";

describe("CBOR envelope", () => {
  it("round-trips typed arrays as typed arrays, and decoded arrays do not alias the input", () => {
    const body = { f: new Float32Array([1.5, -2, 3.25]), i: new Int16Array([-7, 8]), nested: { d: new Float64Array([Math.PI]) } };
    const bytes = encodeEnvelope(newEnvelope("telemetry", body, { headers: { traceparent: "00-abc-def-01" } }));
    const env = decodeEnvelope(bytes);
    const got = env.body as typeof body;
    expect(env.v).toBe(ENVELOPE_VERSION);
    expect(env.type).toBe("telemetry");
    expect(env.headers.traceparent).toBe("00-abc-def-01");
    expect(got.f).toBeInstanceOf(Float32Array);
    expect(Array.from(got.f)).toEqual([1.5, -2, 3.25]);
    expect(got.i).toBeInstanceOf(Int16Array);
    expect(Array.from(got.i)).toEqual([-7, 8]);
    expect(got.nested.d).toBeInstanceOf(Float64Array);
    bytes.fill(0);
    expect(Array.from(got.f)).toEqual([1.5, -2, 3.25]);
  });

  it("encoded buffers are owned by the caller (a later encode does not overwrite them)", () => {
    const a = encodeEnvelope(newEnvelope("a", 1));
    const copy = Array.from(a);
    encodeEnvelope(newEnvelope("b", "x".repeat(1000)));
    expect(Array.from(a)).toEqual(copy);
  });

  it.each([
    ["empty payload", new Uint8Array(), /payload is empty/],
    ["malformed CBOR", new Uint8Array([0xff, 0xfe]), /malformed CBOR/],
    ["not a map", encodeValue([1, 2]), /expected a CBOR map, got an array/],
    ["missing type", encodeValue({ v: 1, id: "x", ts: 1, headers: {}, body: null }), /type must be a non-empty string, got nothing/],
    ["bad ts", encodeValue({ v: 1, type: "t", id: "x", ts: "now", headers: {}, body: null }), /ts must be a finite number/],
    ["bad headers", encodeValue({ v: 1, type: "t", id: "x", ts: 1, headers: [1], body: null }), /headers must be a map of strings/],
  ])("rejects %s with CODEC_MALFORMED naming the problem", (_name, bytes, message) => {
    const err = (() => {
      try {
        decodeEnvelope(bytes);
      } catch (e) {
        return e as CodecError;
      }
      throw new Error("decoded");
    })();
    expect(err).toBeInstanceOf(CodecError);
    expect(err.code).toBe("CODEC_MALFORMED");
    expect(err.message).toMatch(message);
  });

  it("rejects an unknown schema version with CODEC_UNKNOWN_VERSION", () => {
    expect(() => decodeEnvelope(encodeValue({ ...newEnvelope("t", 1), v: 2 }))).toThrow(/unknown schema version 2/);
  });
});
