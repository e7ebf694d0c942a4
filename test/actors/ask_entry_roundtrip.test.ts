import { expect, it } from "vitest";
import fc from "fast-check";
import { decodeValue, encodeValue, FrameWriter, newEnvelope, readAskEntry, readRequestFrame, writeAskEntry, type Envelope } from "../../actors/runtime/mod.ts";

function roundTrip(env: Envelope): Envelope {
  const w = new FrameWriter(16);
  w.beginRequest();
  writeAskEntry(w, 42, 3, env);
  const frame = w.finish();
  let out: Envelope | undefined;
  readRequestFrame(frame, (corr, shard, body) => {
    expect(corr).toBe(42);
    expect(shard).toBe(3);
    out = readAskEntry(body);
  });
  return out!;
}

it("an ask entry carries type, target, id, time, headers and body as the actor would get them from an envelope", () => {
  const env = newEnvelope("grüße ✓", { x: new Float32Array([1.5, -2]), s: "ü" }, { to: "ledger.a1", headers: { traceparent: "00-abc-01" } });
  const got = roundTrip(env);
  expect(got.type).toBe("grüße ✓");
  expect(got.to).toBe("ledger.a1");
  expect(got.id).toBe(env.id);
  expect(got.ts).toBe(env.ts);
  expect(got.headers).toEqual({ traceparent: "00-abc-01" });
  expect((got.body as { x: Float32Array }).x).toBeInstanceOf(Float32Array);
  expect(Array.from((got.body as { x: Float32Array }).x)).toEqual([1.5, -2]);
  expect((got.body as { s: string }).s).toBe("ü");
});

it("any JSON-like body and any type string arrive exactly as the single-envelope codec delivers them", () => {
  fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40 }), fc.jsonValue(), (type, body) => {
    const got = roundTrip(newEnvelope(type, body, { to: "k.i" }));
    expect(got.type).toBe(type);
    // The same CBOR codec as envelopes (cbor-x renames a "__proto__" key in both).
    expect(got.body).toEqual(decodeValue(encodeValue(body)));
  }), { numRuns: 300 });
});

it("a truncated or invalid entry is rejected naming the field", () => {
  expect(() => readAskEntry(new Uint8Array([0x00]))).toThrow("Cannot decode ask entry: type is truncated (entry of 1 bytes)");
  expect(() => readAskEntry(new Uint8Array([0x00, 0x01, 0xff]))).toThrow("Cannot decode ask entry: type is not valid UTF-8");
  const w = new FrameWriter();
  w.beginRequest();
  writeAskEntry(w, 1, 0, newEnvelope("t", null));
  let body = new Uint8Array();
  readRequestFrame(w.finish(), (_c, _s, b) => (body = b.slice()));
  expect(() => readAskEntry(body.subarray(0, body.length - 1))).toThrow(/body is missing/);
});

it("a frame with trailing bytes or a bad header is rejected", () => {
  expect(() => readRequestFrame(new Uint8Array([0xa1, 0x01]), () => {})).toThrow(/expected bytes FF 01 and a count, got A1 01/);
  expect(() => readRequestFrame(new Uint8Array([0xff, 0x01, 0x00, 0x00, 0x07]), () => {})).toThrow("Cannot decode ask frame: 1 bytes after its 0 entries");
});
