/**
 * Recording: a long, continuous multi-channel capture read from a file, before it is split into
 * analysis windows. Unlike a {@link TelemetryWindow} it keeps slow quantities (speed, load,
 * temperature, insulation) as per-sample tracks, so each window gets its own mean.
 * @module
 */
import type { ThreePhase } from "../domain/mod.ts";

/** File formats VTOX reads recordings from. */
export const RECORDING_FORMATS = ["csv", "json", "f32", "cbor"] as const;
/** One of {@link RECORDING_FORMATS}. */
export type RecordingFormat = typeof RECORDING_FORMATS[number];

/** Where a recording's sample rate came from. */
export type SampleRateSource = "time_column" | "flag" | "file_header";

/** Slow quantities sampled with every row, averaged per window when split. */
export interface RecordingTracks {
  /** Shaft speed, rpm. */
  speedRpm?: Float32Array;
  /** Load, % of rated. */
  loadPercent?: Float32Array;
  /** Winding temperature, °C. */
  windingTempC?: Float32Array;
  /** Shaft torque, N·m. */
  torqueNm?: Float32Array;
  /** DC-bus voltage, V. */
  dcBusVoltageV?: Float32Array;
  /** Insulation resistance HV+ to chassis, Ω. */
  insulationPlusOhm?: Float32Array;
  /** Insulation resistance HV− to chassis, Ω. */
  insulationMinusOhm?: Float32Array;
  /** Leakage current to chassis, mA. */
  leakageCurrentMa?: Float32Array;
}

/** A continuous recording at one sample rate: every channel and track has `samples` values. */
export interface Recording {
  /** File name (for messages and the report). */
  source: string;
  format: RecordingFormat;
  sampleRateHz: number;
  sampleRateSource: SampleRateSource;
  /** Samples per channel. */
  samples: number;
  /** Start of the recording, ms since the Unix epoch (0 when the file does not say). */
  startTimestamp: number;
  /** Phase currents; a single-phase recording has empty `b` and `c`. */
  currents?: ThreePhase;
  voltages?: ThreePhase;
  /** Vibration acceleration, g. */
  vibration?: Float32Array;
  tracks: RecordingTracks;
  /** Which file column (or channel) fed each signal, e.g. `{ vibration: "加速度X" }`. */
  channels: Record<string, string>;
  /** Columns present in the file that VTOX does not use. */
  ignoredColumns: string[];
  /** Vehicle the file says it came from (VTOX JSON `metadata.vehicle_id`), when it says. */
  vehicleId?: string;
}

/**
 * Infers a recording's format from its file name; undefined when the extension says nothing.
 *
 * @example
 * ```ts
 * formatFromFileName("run.CSV"); // "csv"
 * formatFromFileName("de.f32");  // "f32"
 * ```
 */
export function formatFromFileName(name: string): RecordingFormat | undefined {
  const ext = name.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  switch (ext) {
    case "csv":
    case "txt":
      return "csv";
    case "f32":
    case "raw":
    case "bin":
      return "f32";
    case "json":
      return "json";
    case "cbor":
    case "cbors":
    case "cborseq":
      return "cbor";
    default:
      return undefined;
  }
}
