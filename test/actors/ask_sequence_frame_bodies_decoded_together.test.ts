import { expect, it } from "vitest";
import fc from "fast-check";
import {
  CodecError, decodeValue, encodeValue, FrameWriter, isSequenceRequestFrame, newEnvelope, readAskSequenceEntry, readRequestSequenceFrame,
  writeAskSequenceEntry, type Envelope,
} from "../../actors/runtime/mod.ts";

interface Got { corr: number; shard: number; env?: Envelope; error?: string }

function read(frame: Uint8Array): { got: Got[]; fault?: string } {
  const got: Got[] = [];
  try {
    readRequestSequenceFrame(frame, (corr, shard, head, body, bodyError) => {
      if (bodyError) return void got.push({ corr, shard, error: bodyError.message });
      got.push({ corr, shard, env: readAskSequenceEntry(head, body) });
    });
    return { got };
  } catch (err) {
    expect(err).toBeInstanceOf(CodecError);
    return { got, fault: (err as Error).message };
  }
}

it("every entry of a sequence frame arrives with its own type, target, id, time, headers and body", () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue()), { minLength: 1, maxLength: 20 }), (asks) => {
    const w = new FrameWriter(16);
    w.beginRequestSequence();
    const sent = asks.map(([type, body], i) => {
      const env = newEnvelope(type, body, { to: `k.i${i}`, ...(i % 3 === 0 ? { headers: { traceparent: `t${i}` } } : {}) });
      writeAskSequenceEntry(w, 100 + i, i % 7, env);
      return env;
    });
    const frame = w.finish();
    expect(isSequenceRequestFrame(frame)).toBe(true);
    const { got, fault } = read(frame);
    expect(fault).toBeUndefined();
    expect(got.map((g) => [g.corr, g.shard])).toEqual(sent.map((_, i) => [100 + i, i % 7]));
    got.forEach((g, i) => {
      expect(g.env!.type).toBe(sent[i]!.type);
      expect(g.env!.to).toBe(`k.i${i}`);
      expect(g.env!.id).toBe(sent[i]!.id);
      expect(g.env!.ts).toBe(sent[i]!.ts);
      expect(g.env!.headers).toEqual(sent[i]!.headers);
      expect(g.env!.body).toEqual(decodeValue(encodeValue(sent[i]!.body)));
    });
  }), { numRuns: 200 });
});

/** A frame of three entries whose middle body is replaced by `middle` (its length field adjusted). */
function frameWithMiddleBody(middle: Uint8Array): Uint8Array {
  const w = new FrameWriter();
  w.beginRequestSequence();
  writeAskSequenceEntry(w, 1, 0, newEnvelope("a", { n: 1 }, { to: "k.a" }));
  w.beginEntry(2, 0);
  for (const s of ["b", "k.b", "id-b"]) w.str(s);
  w.f64(1);
  w.bytes(new Uint8Array(0));
  w.body(middle);
  w.endEntry();
  writeAskSequenceEntry(w, 3, 0, newEnvelope("c", { n: 3 }, { to: "k.c" }));
  return w.finish();
}

it("a malformed body fails only its own entry; the entries around it keep their bodies", () => {
  const { got, fault } = read(frameWithMiddleBody(new Uint8Array([0x5f, 0x41]))); // an indefinite byte string, cut short
  expect(fault).toBeUndefined();
  expect(got.map((g) => g.corr)).toEqual([1, 2, 3]);
  expect(got[0]!.env!.body).toEqual({ n: 1 });
  expect(got[1]!.error).toMatch(/^Cannot decode ask entry body: malformed CBOR/);
  expect(got[2]!.env!.body).toEqual({ n: 3 });
});

it("an empty body fails only its own entry", () => {
  const { got } = read(frameWithMiddleBody(new Uint8Array(0)));
  expect(got.map((g) => g.error ?? g.env!.body)).toEqual([{ n: 1 }, "Cannot decode ask entry: body is missing", { n: 3 }]);
});

it("a frame cut inside its bodies delivers the entries whose bodies arrived, then names the cut", () => {
  const whole = frameWithMiddleBody(encodeValue({ n: 2 }));
  const { got, fault } = read(whole.slice(0, whole.length - 2));
  expect(got.map((g) => g.env!.body)).toEqual([{ n: 1 }, { n: 2 }]);
  expect(fault).toMatch(/^Cannot decode ask frame: entry 3 of 3 is truncated \(body of \d+ bytes missing\)$/);
});

it("bytes after the bodies, or a bad header, are rejected naming the fault", () => {
  const whole = frameWithMiddleBody(encodeValue({ n: 2 }));
  const longer = new Uint8Array(whole.length + 1);
  longer.set(whole);
  const { got, fault } = read(longer);
  expect(got).toHaveLength(3);
  expect(fault).toBe("Cannot decode ask frame: 1 bytes after its 3 entries");
  expect(() => readRequestSequenceFrame(new Uint8Array([0xff, 0x01, 0x00, 0x00]), () => {})).toThrow("Cannot decode ask frame: expected bytes FF 03 and a count, got FF 01 00 00");
  expect(() => readAskSequenceEntry(new Uint8Array([0x00, 0x01, 0x61, 0x00]), null)).toThrow("Cannot decode ask entry: to is truncated (entry of 4 bytes)");
});
