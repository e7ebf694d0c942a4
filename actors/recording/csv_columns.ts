/**
 * What each CSV column of a VTOX user's file means: the names found in VTOX's own formats
 * (`timestamp,Ia,Ib,Ic,rpm`, `时间,Ia,Ib,Ic,转速,负载`, `时间,加速度X,加速度Y,加速度Z,转速,负载`)
 * and the optional columns of its live ingest, matched case-insensitively, with an optional unit
 * in brackets (`Ia(A)`, `insulation_resistance[kΩ]`, `time_ms`).
 * @module
 */

/** The meaning of a column. */
export type ColumnRole =
  | "time"
  | "ia" | "ib" | "ic"
  | "va" | "vb" | "vc"
  | "vibration" | "vibration_x" | "vibration_y" | "vibration_z"
  | "speed" | "load" | "temperature" | "torque" | "dc_bus"
  | "insulation" | "insulation_plus" | "insulation_minus" | "leakage";

const NAMES: Record<ColumnRole, string[]> = {
  time: ["timestamp", "time", "t", "时间", "时间戳", "time_s", "timestamp_s"],
  ia: ["ia", "i_a", "iu", "current_a", "a相电流", "电流a"],
  ib: ["ib", "i_b", "iv", "current_b", "b相电流", "电流b"],
  ic: ["ic", "i_c", "iw", "current_c", "c相电流", "电流c"],
  va: ["va", "v_a", "ua", "u_a", "voltage_a", "a相电压", "电压a"],
  vb: ["vb", "v_b", "ub", "u_b", "voltage_b", "b相电压", "电压b"],
  vc: ["vc", "v_c", "uc", "u_c", "voltage_c", "c相电压", "电压c"],
  vibration: ["vibration", "vib", "acceleration", "accel", "振动", "加速度"],
  vibration_x: ["vibration_x", "vib_x", "acc_x", "accel_x", "acceleration_x", "ax", "加速度x", "振动x"],
  vibration_y: ["vibration_y", "vib_y", "acc_y", "accel_y", "acceleration_y", "ay", "加速度y", "振动y"],
  vibration_z: ["vibration_z", "vib_z", "acc_z", "accel_z", "acceleration_z", "az", "加速度z", "振动z"],
  speed: ["rpm", "speed", "speed_rpm", "motor_speed", "转速"],
  load: ["load", "load_percent", "负载", "负载率"],
  temperature: ["temperature", "temp", "winding_temp", "winding_temperature", "温度", "绕组温度"],
  torque: ["torque", "torque_nm", "转矩", "扭矩"],
  dc_bus: ["vdc", "udc", "dc_bus_voltage", "bus_voltage", "母线电压"],
  insulation: ["insulation_resistance", "r_iso", "riso", "绝缘电阻"],
  insulation_plus: ["insulation_resistance_plus", "insulation_hv_plus", "r_iso_plus", "riso_plus"],
  insulation_minus: ["insulation_resistance_minus", "insulation_hv_minus", "r_iso_minus", "riso_minus"],
  leakage: ["leakage_current", "leakage", "泄漏电流", "漏电流"],
};

const BY_NAME = new Map<string, ColumnRole>(
  Object.entries(NAMES).flatMap(([role, names]) => names.map((n) => [n, role as ColumnRole] as const)),
);

/** A header cell understood: its role and the unit written with it (lower-case, "" when none). */
export interface ColumnMeaning {
  role: ColumnRole;
  unit: string;
}

/**
 * Reads a header cell; undefined for columns VTOX does not use.
 *
 * @example
 * ```ts
 * columnMeaning("加速度X");              // { role: "vibration_x", unit: "" }
 * columnMeaning("insulation_resistance[kΩ]"); // { role: "insulation", unit: "kω" }
 * columnMeaning("time_ms");             // { role: "time", unit: "ms" }
 * ```
 */
export function columnMeaning(header: string): ColumnMeaning | undefined {
  let name = header.trim().toLowerCase();
  let unit = "";
  const bracket = name.match(/^(.*?)\s*[([（【]\s*([^)\]）】]*)\s*[)\]）】]$/);
  if (bracket) {
    name = bracket[1];
    unit = bracket[2].trim();
  }
  name = name.replace(/[\s-]+/g, "_");
  const direct = BY_NAME.get(name);
  if (direct) return { role: direct, unit };
  const suffixed = name.match(/^(.*)_(s|ms|us|µs|ohm|kohm|mohm|ma|a|ua|µa|c|rpm|v|nm|pct|percent)$/);
  if (suffixed && !unit) {
    const role = BY_NAME.get(suffixed[1]);
    if (role) return { role, unit: suffixed[2] };
  }
  return undefined;
}

