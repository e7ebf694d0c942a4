/**
 * The edge schema: a window whose current phases b and c are empty (not measured) is valid, a
 * window whose measured phases disagree in length is not, and voltages stay three-phase.
 */
import { describe, expect, it } from "vitest";
import { parseTelemetryWindow, SchemaError } from "../../actors/domain/mod.ts";

const base = { vehicleId: "ev1", motorId: "m1", timestamp: 0, sampleRateHz: 1000 };
const samples = (n: number) => new Float32Array(n).map((_, i) => Math.sin(i / 10));

describe("parseTelemetryWindow and unmeasured phases", () => {
  it("accepts a single-phase current window (b and c empty)", () => {
    const w = parseTelemetryWindow({ ...base, currents: { a: samples(512), b: new Float32Array(0), c: new Float32Array(0) } });
    expect([w.currents!.a.length, w.currents!.b.length, w.currents!.c.length]).toEqual([512, 0, 0]);
  });

  it("accepts phase b alone", () => {
    const w = parseTelemetryWindow({ ...base, currents: { a: [], b: samples(64), c: [] } });
    expect(w.currents!.b.length).toBe(64);
  });

  it("rejects measured phases of unequal length, naming the lengths", () => {
    expect(() => parseTelemetryWindow({ ...base, currents: { a: samples(512), b: samples(500), c: new Float32Array(0) } })).toThrowError(
      /Cannot decode telemetry window: currents must be measured phases of equal length.*512\/500\/0 samples/,
    );
  });

  it("rejects currents with no measured phase at all", () => {
    expect(() => parseTelemetryWindow({ ...base, currents: { a: [], b: [], c: [] } })).toThrowError(/currents must be at least one measured phase/);
  });

  it("rejects three-phase voltages with an empty phase", () => {
    let err: unknown;
    try {
      parseTelemetryWindow({ ...base, currents: { a: samples(64), b: samples(64), c: samples(64) }, voltages: { a: samples(64), b: [], c: samples(64) } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaError);
    expect((err as SchemaError).message).toMatch(/voltages\.b must be at least 1 samples/);
  });
});
