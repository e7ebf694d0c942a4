import { encode } from "cbor-x";
import { describe, expect, it } from "vitest";
import { readCborWindows, RecordingError } from "../../actors/recording/mod.ts";
import { SchemaError } from "../../actors/domain/mod.ts";

const win = (i: number) => ({
  vehicleId: "ev-7",
  motorId: "m1",
  timestamp: 1_700_000_000_000 + i * 1000,
  sampleRateHz: 4000,
  currents: { a: new Float32Array([1, 2, 3]), b: new Float32Array([2, 3, 1]), c: new Float32Array([3, 1, 2]) },
  speedRpm: 1450 + i,
});

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe("readCborWindows", () => {
  it("one CBOR TelemetryWindow, typed arrays intact", () => {
    const [w] = readCborWindows(new Uint8Array(encode(win(0))), "one.cbor");
    expect(w.vehicleId).toBe("ev-7");
    expect(w.currents!.a).toBeInstanceOf(Float32Array);
    expect([...w.currents!.b]).toEqual([2, 3, 1]);
  });

  it("a CBOR sequence of windows, in order", () => {
    const bytes = concat([0, 1, 2].map((i) => new Uint8Array(encode(win(i)))));
    const ws = readCborWindows(bytes, "seq.cbor");
    expect(ws.map((w) => w.speedRpm)).toEqual([1450, 1451, 1452]);
  });

  it("rejects an empty file, garbage and a truncated item", () => {
    expect(() => readCborWindows(new TextEncoder().encode("timestamp,Ia\n"), "g.cbor")).toThrow(/Cannot read recording g\.cbor: not valid CBOR/);
    expect(() => readCborWindows(new Uint8Array(0), "e.cbor")).toThrow(/Cannot read recording e\.cbor: the file is empty/);
    const ok = new Uint8Array(encode(win(0)));
    let caught: unknown;
    try {
      readCborWindows(concat([ok, ok.subarray(0, ok.length - 5)]), "t.cbor");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RecordingError);
    expect((caught as RecordingError).code).toBe("RECORDING_DECODE_FAILED");
    expect((caught as Error).message).toMatch(/not valid CBOR, or truncated/);
  });

  it("rejects a decodable item that is not a valid window, naming the item and the field", () => {
    const bad = { ...win(1), sampleRateHz: -5 };
    const bytes = concat([new Uint8Array(encode(win(0))), new Uint8Array(encode(bad))]);
    let caught: unknown;
    try {
      readCborWindows(bytes, "s.cbor");
    } catch (err) {
      caught = err;
    }
    expect((caught as RecordingError).code).toBe("RECORDING_DECODE_FAILED");
    expect((caught as Error).message).toBe(
      "Cannot read recording s.cbor: item 2 of 2: Cannot decode telemetry window: sampleRateHz must be a finite number > 0 <= 10000000, got -5",
    );
    expect((caught as Error).cause).toBeInstanceOf(SchemaError);
  });

  it("rejects a CBOR value that is not a window at all", () => {
    expect(() => readCborWindows(new Uint8Array(encode("hello")), "s.cbor")).toThrow(/item 1 of 1: Cannot decode telemetry window: window must be an object, got "hello"/);
  });
});
