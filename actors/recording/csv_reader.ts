/**
 * Reads a VTOX CSV recording (currents, voltages, vibration axes, speed, load, temperature,
 * insulation, leakage) into a {@link Recording}, with the sample rate taken from the time column
 * or from `--fs`, and every cell checked.
 * @module
 */
import { columnMeaning, type ColumnRole } from "./csv_columns.ts";
import { parseCsvTable, type CsvTable } from "./csv_table.ts";
import type { Recording, RecordingTracks } from "./recording.ts";
import { RecordingError } from "./recording_error.ts";
import { checkSampleRate, sampleRateFromTimes } from "./sample_rate.ts";

/** Which vibration column to analyse when a CSV has several axes. */
export type VibrationAxis = "vibration" | "x" | "y" | "z";

/** Options of {@link readCsvRecording}. */
export interface CsvReadOptions {
  /** File name, for messages. */
  source: string;
  /** Sample rate in Hz; required when the file has no time column, checked against it otherwise. */
  sampleRateHz?: number;
  /** Vibration column to use (default: `vibration`, else the X axis, else Y, else Z). */
  vibrationAxis?: VibrationAxis;
  /** Where `sampleRateHz` came from, for messages (default `--fs`). */
  sampleRateLabel?: string;
}

/** Relative disagreement tolerated between `--fs` and the time column. */
const RATE_AGREEMENT = 0.01;

/**
 * Parses CSV text into a Recording.
 *
 * @example
 * ```ts
 * const rec = readCsvRecording("timestamp,Ia,Ib,Ic,rpm\n0.000,1,2,-3,1450\n0.001,2,1,-3,1450\n", { source: "m.csv" });
 * rec.sampleRateHz; // 1000 (from the time column)
 * ```
 */
export function readCsvRecording(text: string, opts: CsvReadOptions): Recording {
  return readTableRecording(parseCsvTable(text, opts.source), opts, "csv");
}

/**
 * Reads a table whose columns carry VTOX column names (a parsed CSV, or the records of VTOX's
 * JSON ingest) into a Recording.
 */
export function readTableRecording(table: CsvTable, opts: CsvReadOptions, format: Recording["format"]): Recording {
  const { source } = opts;
  const rateFlag = opts.sampleRateLabel ?? "--fs";
  const roles = assignRoles(table, source);
  if (table.rows.length === 0) {
    throw new RecordingError("RECORDING_EMPTY", source, `the file has a header (${table.header.join(",")}) but no data rows`);
  }
  const column = (role: ColumnRole) => roles.get(role);
  const numeric = (role: ColumnRole, range?: { min: number; max: number; what: string }, scale = 1): Float32Array | undefined => {
    const c = column(role);
    return c === undefined ? undefined : readNumbers(table, c.index, source, range, scale);
  };

  let sampleRateHz: number;
  let sampleRateSource: Recording["sampleRateSource"];
  let startTimestamp = 0;
  const time = column("time");
  if (time) {
    const parsed = readTimes(table, time.index, time.unit, source);
    startTimestamp = parsed.startTimestamp;
    const inferred = sampleRateFromTimes({ name: table.header[time.index], seconds: parsed.seconds, quantum: parsed.quantum, lineOf: (i) => table.lines[i] }, source);
    if (opts.sampleRateHz !== undefined) {
      checkSampleRate(opts.sampleRateHz, source, rateFlag);
      if (Math.abs(opts.sampleRateHz - inferred) > RATE_AGREEMENT * inferred) {
        throw new RecordingError(
          "RECORDING_SAMPLE_RATE_INVALID",
          source,
          `${rateFlag} ${opts.sampleRateHz} contradicts time column "${table.header[time.index]}", which advances at ${inferred} Hz; drop ${rateFlag} or fix the time column`,
        );
      }
    }
    sampleRateHz = inferred;
    sampleRateSource = "time_column";
  } else if (opts.sampleRateHz !== undefined) {
    sampleRateHz = checkSampleRate(opts.sampleRateHz, source, rateFlag);
    sampleRateSource = opts.sampleRateLabel && opts.sampleRateLabel !== "--fs" ? "file_header" : "flag";
  } else {
    throw new RecordingError(
      "RECORDING_SAMPLE_RATE_INVALID",
      source,
      `no time column (timestamp / time / 时间) to infer the sample rate from; give --fs <Hz>`,
    );
  }

  const channels: Record<string, string> = {};
  const name = (role: ColumnRole) => table.header[column(role)!.index];
  if (time) channels.time = name("time");

  const phaseRoles = (roles3: [ColumnRole, ColumnRole, ColumnRole], what: string, allowSingle: boolean) => {
    const present = roles3.filter((r) => column(r) !== undefined);
    if (present.length === 0) return undefined;
    if (present.length === 3) {
      channels[what] = roles3.map(name).join(",");
      const [a, b, c] = roles3.map((r) => numeric(r)!);
      return { a, b, c };
    }
    if (allowSingle && present.length === 1 && present[0] === roles3[0]) {
      channels[what] = name(roles3[0]);
      return { a: numeric(roles3[0])!, b: new Float32Array(0), c: new Float32Array(0) };
    }
    throw new RecordingError(
      "RECORDING_COLUMN_MISSING",
      source,
      `three-phase ${what} need columns ${roles3.map((r) => r.charAt(0).toUpperCase() + r.slice(1)).join(", ")}; found only ${present.map(name).join(", ")}`,
    );
  };
  const currents = phaseRoles(["ia", "ib", "ic"], "currents", true);
  const voltages = phaseRoles(["va", "vb", "vc"], "voltages", false);

  const vibrationRole = pickVibration(roles, opts.vibrationAxis, source, table.header);
  let vibration: Float32Array | undefined;
  if (vibrationRole) {
    vibration = numeric(vibrationRole);
    channels.vibration = name(vibrationRole);
  }

  const tracks: RecordingTracks = {};
  const track = (role: ColumnRole, key: keyof RecordingTracks, range: { min: number; max: number; what: string }, scale = 1) => {
    const values = numeric(role, range, scale);
    if (values) {
      tracks[key] = values;
      channels[key] = name(role);
    }
  };
  track("speed", "speedRpm", { min: 0, max: 60_000, what: "a shaft speed in rpm between 0 and 60000" });
  track("load", "loadPercent", { min: 0, max: 300, what: "a load in % between 0 and 300" });
  track("temperature", "windingTempC", { min: -60, max: 400, what: "a winding temperature in °C between -60 and 400" });
  track("torque", "torqueNm", { min: -1e5, max: 1e5, what: "a torque in N·m between -100000 and 100000" });
  track("dc_bus", "dcBusVoltageV", { min: 0, max: 5000, what: "a DC-bus voltage in V between 0 and 5000" });
  const ohm = { min: 0, max: 1e13, what: "an insulation resistance >= 0" };
  for (const [role, key] of [["insulation", "insulationPlusOhm"], ["insulation_plus", "insulationPlusOhm"], ["insulation_minus", "insulationMinusOhm"]] as const) {
    const c = column(role);
    if (c) track(role, key, ohm, ohmScale(c.unit, table.header[c.index], source));
  }
  if (column("insulation")) {
    if (column("insulation_plus") || column("insulation_minus")) {
      throw new RecordingError("RECORDING_COLUMN_MISSING", source, `give either one insulation_resistance column or the HV+/HV− pair, not both`);
    }
    tracks.insulationMinusOhm = tracks.insulationPlusOhm;
  } else if (!!column("insulation_plus") !== !!column("insulation_minus")) {
    throw new RecordingError("RECORDING_COLUMN_MISSING", source, `insulation needs both the HV+ and HV− columns (insulation_resistance_plus, insulation_resistance_minus), or one insulation_resistance column`);
  }
  const leak = column("leakage");
  if (leak) track("leakage", "leakageCurrentMa", { min: 0, max: 1e6, what: "a leakage current >= 0" }, milliampScale(leak.unit, table.header[leak.index], source));

  if (!currents && !vibration && !tracks.insulationPlusOhm) {
    throw new RecordingError(
      "RECORDING_COLUMN_MISSING",
      source,
      `no signal column: expected three-phase currents (Ia, Ib, Ic), a vibration column (vibration, 加速度X/Y/Z, vibration_x…) or insulation_resistance; found ${table.header.join(", ")}`,
    );
  }
  const used = new Set([...roles.values()].map((c) => c.index));
  return {
    source,
    format,
    sampleRateHz,
    sampleRateSource,
    samples: table.rows.length,
    startTimestamp,
    currents,
    voltages,
    vibration,
    tracks,
    channels,
    ignoredColumns: table.header.filter((_, i) => !used.has(i) || (isVibration(roleAt(roles, i)) && roleAt(roles, i) !== vibrationRole)),
  };
}

interface RoleColumn {
  index: number;
  unit: string;
}

function assignRoles(table: CsvTable, source: string): Map<ColumnRole, RoleColumn> {
  const roles = new Map<ColumnRole, RoleColumn>();
  table.header.forEach((h, index) => {
    const m = columnMeaning(h);
    if (!m) return;
    const prior = roles.get(m.role);
    if (prior) {
      throw new RecordingError("RECORDING_COLUMN_MISSING", source, `columns "${table.header[prior.index]}" and "${h}" both mean ${m.role}; keep one`);
    }
    roles.set(m.role, { index, unit: m.unit });
  });
  return roles;
}

function roleAt(roles: Map<ColumnRole, RoleColumn>, index: number): ColumnRole | undefined {
  for (const [role, c] of roles) if (c.index === index) return role;
  return undefined;
}

function isVibration(role: ColumnRole | undefined): boolean {
  return role === "vibration" || role === "vibration_x" || role === "vibration_y" || role === "vibration_z";
}

function pickVibration(roles: Map<ColumnRole, RoleColumn>, axis: VibrationAxis | undefined, source: string, header: string[]): ColumnRole | undefined {
  const order: ColumnRole[] = ["vibration", "vibration_x", "vibration_y", "vibration_z"];
  if (axis === undefined) return order.find((r) => roles.has(r));
  const wanted: ColumnRole = axis === "vibration" ? "vibration" : `vibration_${axis}`;
  if (!roles.has(wanted)) {
    const have = order.filter((r) => roles.has(r)).map((r) => header[roles.get(r)!.index]);
    throw new RecordingError(
      "RECORDING_COLUMN_MISSING",
      source,
      `--channel ${axis} asks for ${axis === "vibration" ? "a vibration column" : `the ${axis.toUpperCase()} vibration axis`}, which the file does not have` +
        (have.length ? ` (vibration columns: ${have.join(", ")})` : " (it has no vibration column)"),
    );
  }
  return wanted;
}

function readNumbers(table: CsvTable, index: number, source: string, range: { min: number; max: number; what: string } | undefined, scale: number): Float32Array {
  const out = new Float32Array(table.rows.length);
  const col = table.header[index];
  for (let i = 0; i < table.rows.length; i++) {
    const cell = table.rows[i][index].trim();
    const v = cell === "" ? NaN : Number(cell);
    if (!Number.isFinite(v)) {
      throw new RecordingError("RECORDING_VALUE_INVALID", source, `column "${col}" line ${table.lines[i]} must be a finite number, got ${JSON.stringify(cell)}`);
    }
    if (range && (v < range.min || v > range.max)) {
      throw new RecordingError("RECORDING_VALUE_INVALID", source, `column "${col}" line ${table.lines[i]} must be ${range.what}, got ${cell}`);
    }
    out[i] = v * scale;
  }
  return out;
}

function readTimes(table: CsvTable, index: number, unit: string, source: string): { seconds: Float64Array; quantum: number; startTimestamp: number } {
  const col = table.header[index];
  const seconds = new Float64Array(table.rows.length);
  const first = table.rows[0][index].trim();
  if (first !== "" && !Number.isFinite(Number(first)) && !Number.isNaN(Date.parse(first))) {
    // ISO 8601 wall-clock times: millisecond resolution at best.
    let start = 0;
    for (let i = 0; i < table.rows.length; i++) {
      const cell = table.rows[i][index].trim();
      const ms = Date.parse(cell);
      if (Number.isNaN(ms)) throw new RecordingError("RECORDING_TIME_INVALID", source, `time column "${col}" line ${table.lines[i]} must be a date-time like the first row, got ${JSON.stringify(cell)}`);
      if (i === 0) start = ms;
      seconds[i] = (ms - start) / 1000;
    }
    return { seconds, quantum: 0.001, startTimestamp: start };
  }
  const scale = unit === "ms" ? 1e-3 : unit === "us" || unit === "µs" ? 1e-6 : unit === "" || unit === "s" ? 1 : NaN;
  if (Number.isNaN(scale)) throw new RecordingError("RECORDING_TIME_INVALID", source, `time column "${col}" has unit "${unit}"; expected s, ms or us`);
  let decimals = 0;
  for (let i = 0; i < table.rows.length; i++) {
    const cell = table.rows[i][index].trim();
    const v = cell === "" ? NaN : Number(cell);
    if (!Number.isFinite(v)) {
      throw new RecordingError("RECORDING_TIME_INVALID", source, `time column "${col}" line ${table.lines[i]} must be a finite number of ${unit || "s"}, got ${JSON.stringify(cell)}`);
    }
    seconds[i] = v * scale;
    const dot = cell.indexOf(".");
    if (dot >= 0 && !/e/i.test(cell)) decimals = Math.max(decimals, cell.length - dot - 1);
  }
  return { seconds, quantum: Math.pow(10, -decimals) * scale, startTimestamp: 0 };
}

function ohmScale(unit: string, col: string, source: string): number {
  switch (unit.replace("ω", "ohm").replace("Ω", "ohm")) {
    case "ohm":
      return 1;
    case "kohm":
      return 1e3;
    case "":
    case "mohm":
      return 1e6;
    default:
      throw new RecordingError("RECORDING_VALUE_INVALID", source, `column "${col}" has unit "${unit}"; expected Ω, kΩ or MΩ (MΩ when none is written)`);
  }
}

function milliampScale(unit: string, col: string, source: string): number {
  switch (unit) {
    case "":
    case "ma":
      return 1;
    case "a":
      return 1e3;
    case "ua":
    case "µa":
      return 1e-3;
    default:
      throw new RecordingError("RECORDING_VALUE_INVALID", source, `column "${col}" has unit "${unit}"; expected mA, A or µA (mA when none is written)`);
  }
}
