/**
 * TelemetryWindow: a window of samples from one vehicle's motor, the unit of ingest and analysis.
 * Travels as CBOR on `vtox.telemetry.<vehicleId>`; typed arrays stay typed arrays.
 * @module
 */
import { FieldReader } from "./schema_error.ts";
import { ID_PATTERN } from "./motor.ts";

/** Three phase signals sampled together. */
export interface ThreePhase {
  a: Float32Array;
  b: Float32Array;
  c: Float32Array;
}

/** One window of motor telemetry. Arrays of one group share the group's sample rate. */
export interface TelemetryWindow {
  vehicleId: string;
  motorId: string;
  /** Start of the window, ms since the Unix epoch. */
  timestamp: number;
  /** Sample rate of currents and voltages, Hz. */
  sampleRateHz: number;
  /**
   * Phase currents in A (or uncalibrated units: analyzers use ratios). Empty arrays when not
   * measured: a single-phase recording has `b` and `c` empty; measured phases share one length.
   */
  currents?: ThreePhase;
  /** Phase voltages in V, same sample rate as currents. */
  voltages?: ThreePhase;
  /** Vibration acceleration in g. */
  vibration?: Float32Array;
  /** Sample rate of the vibration channel, Hz (defaults to sampleRateHz). */
  vibrationSampleRateHz?: number;
  /** Mean shaft speed over the window, rpm. */
  speedRpm?: number;
  /** Mean shaft torque, N·m. */
  torqueNm?: number;
  /** Load in % of rated. */
  loadPercent?: number;
  /** Winding temperature, °C. */
  windingTempC?: number;
  /** DC-bus voltage, V. */
  dcBusVoltageV?: number;
  /** Insulation resistance of HV+ and HV− to chassis, Ω. */
  insulation?: { hvPlusOhm: number; hvMinusOhm: number };
  /** Leakage current to chassis, mA. */
  leakageCurrentMa?: number;
}

/** Largest window accepted at an edge (samples per channel): 2^20. */
export const MAX_WINDOW_SAMPLES = 1 << 20;

/**
 * Validates an untrusted decoded value as a {@link TelemetryWindow}. Int16Array channels are
 * scaled by `<group>Scale` (compact encoding); every sample must be finite.
 *
 * @example
 * ```ts
 * parseTelemetryWindow({ vehicleId: "ev1", motorId: "m1", timestamp: 0, sampleRateHz: -5 });
 * // throws SchemaError: Cannot decode telemetry window: sampleRateHz must be a finite number > 0, got -5
 * ```
 */
export function parseTelemetryWindow(v: unknown): TelemetryWindow {
  const r = new FieldReader("telemetry window");
  const o = r.object(v, "window");
  const w: TelemetryWindow = {
    vehicleId: r.string(o.vehicleId, "vehicleId", ID_PATTERN),
    motorId: o.motorId === undefined ? "m1" : r.string(o.motorId, "motorId", ID_PATTERN),
    timestamp: r.number(o.timestamp, "timestamp", { min: 0 }),
    sampleRateHz: r.number(o.sampleRateHz, "sampleRateHz", { exclusiveMin: 0, max: 1e7 }),
  };
  const phases = (key: "currents" | "voltages"): ThreePhase | undefined => {
    if (o[key] === undefined || o[key] === null) return undefined;
    const p = r.object(o[key], key);
    const scale = r.optionalNumber(p.scale, `${key}.scale`, { exclusiveMin: 0 });
    // Currents may leave phases unmeasured (empty): current-signature analysis works on one phase.
    const minLength = key === "currents" ? 0 : 1;
    const a = r.samples(p.a, `${key}.a`, { scale, minLength });
    const b = r.samples(p.b, `${key}.b`, { scale, minLength });
    const c = r.samples(p.c, `${key}.c`, { scale, minLength });
    const lengths = [a.length, b.length, c.length];
    const longest = Math.max(...lengths);
    if (longest === 0) r.fail(key, "at least one measured phase (a, b or c with samples)", "0/0/0 samples");
    if (longest > MAX_WINDOW_SAMPLES) r.fail(`${key}.${"abc"[lengths.indexOf(longest)]}`, `at most ${MAX_WINDOW_SAMPLES} samples`, `${longest} samples`);
    if (lengths.some((n) => n > 0 && n !== longest)) {
      const expected = key === "currents" ? "measured phases of equal length (an empty phase is not measured)" : "three phases of equal length";
      r.fail(key, expected, `${a.length}/${b.length}/${c.length} samples`);
    }
    return { a, b, c };
  };
  w.currents = phases("currents");
  w.voltages = phases("voltages");
  if (o.vibration !== undefined && o.vibration !== null) {
    w.vibration = r.samples(o.vibration, "vibration", { scale: r.optionalNumber(o.vibrationScale, "vibrationScale", { exclusiveMin: 0 }) });
    if (w.vibration.length > MAX_WINDOW_SAMPLES) r.fail("vibration", `at most ${MAX_WINDOW_SAMPLES} samples`, `${w.vibration.length} samples`);
    w.vibrationSampleRateHz = r.optionalNumber(o.vibrationSampleRateHz, "vibrationSampleRateHz", { exclusiveMin: 0, max: 1e7 });
  }
  w.speedRpm = r.optionalNumber(o.speedRpm, "speedRpm", { min: 0, max: 60_000 });
  w.torqueNm = r.optionalNumber(o.torqueNm, "torqueNm", { min: -1e5, max: 1e5 });
  w.loadPercent = r.optionalNumber(o.loadPercent, "loadPercent", { min: 0, max: 300 });
  w.windingTempC = r.optionalNumber(o.windingTempC, "windingTempC", { min: -60, max: 400 });
  w.dcBusVoltageV = r.optionalNumber(o.dcBusVoltageV, "dcBusVoltageV", { min: 0, max: 5000 });
  w.leakageCurrentMa = r.optionalNumber(o.leakageCurrentMa, "leakageCurrentMa", { min: 0 });
  if (o.insulation !== undefined && o.insulation !== null) {
    const ins = r.object(o.insulation, "insulation");
    w.insulation = {
      hvPlusOhm: r.number(ins.hvPlusOhm, "insulation.hvPlusOhm", { min: 0 }),
      hvMinusOhm: r.number(ins.hvMinusOhm, "insulation.hvMinusOhm", { min: 0 }),
    };
  }
  if (!w.currents && !w.vibration && !w.insulation) {
    r.fail("window", "at least one of currents, vibration or insulation", "none of them");
  }
  return w;
}
