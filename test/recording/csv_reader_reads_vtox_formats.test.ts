import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readCsvRecording } from "../../actors/recording/mod.ts";
import { dataDir } from "../harness/mod.ts";

const sample = (dir: string, f: string) => ({ text: readFileSync(join(dataDir, dir, f), "utf8"), source: f });

describe("readCsvRecording reads the CSV formats VTOX users have", () => {
  it("timestamp,Ia,Ib,Ic,rpm: three currents, speed track, 1 kHz from the time column", () => {
    const { text, source } = sample("vtox-samples", "broken_bar_normal_sample.csv");
    const rec = readCsvRecording(text, { source });
    expect(rec.sampleRateHz).toBe(1000);
    expect(rec.sampleRateSource).toBe("time_column");
    expect(rec.samples).toBe(100);
    expect(rec.currents!.a[0]).toBeCloseTo(2.35, 5);
    expect(rec.currents!.c[1]).toBeCloseTo(2.86, 5);
    expect(rec.tracks.speedRpm![99]).toBe(1450);
    expect(rec.channels).toMatchObject({ time: "timestamp", currents: "Ia,Ib,Ic", speedRpm: "rpm" });
  });

  it("时间,Ia,Ib,Ic,转速,负载: Chinese headers map to time, currents, speed and load", () => {
    const { text, source } = sample("vtox-samples", "eccentricity_static_sample.csv");
    const rec = readCsvRecording(text, { source });
    expect(rec.sampleRateHz).toBe(1000);
    expect(rec.tracks.speedRpm![0]).toBe(1500);
    expect(rec.tracks.loadPercent![0]).toBe(80);
    expect(rec.channels.loadPercent).toBe("负载");
  });

  it("时间,加速度X,加速度Y,加速度Z,转速,负载 with a UTF-8 BOM: X axis by default, others on request", () => {
    const { text, source } = sample("vtox-samples", "bearing_inner_race_sample.csv");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rec = readCsvRecording(text, { source });
    expect(rec.channels.vibration).toBe("加速度X");
    expect(rec.vibration![0]).toBeCloseTo(0.823, 5);
    expect(rec.ignoredColumns).toEqual(["加速度Y", "加速度Z"]);
    const z = readCsvRecording(text, { source, vibrationAxis: "z" });
    expect(z.channels.vibration).toBe("加速度Z");
    expect(z.vibration![1]).toBeCloseTo(0.392, 5);
  });

  it("ITSC timestamp,Ia,Ib,Ic at 1 kHz over 5 s (no speed column)", () => {
    const { text, source } = sample("itsc", "SC_A3_B0_C0_001.csv");
    const rec = readCsvRecording(text, { source });
    expect(rec.sampleRateHz).toBe(1000);
    expect(rec.samples).toBe(5000);
    expect(rec.tracks.speedRpm).toBeUndefined();
  });

  it("optional columns with units: voltages, vibration, temperature, insulation (kΩ), leakage (A), load, torque, Vdc", () => {
    const rows = ["time_ms,Ia,Ib,Ic,Va,Vb,Vc,vibration,temperature,insulation_resistance[kΩ],leakage_current(A),load,Torque,Vdc,Iq_ref"];
    for (let i = 0; i < 8; i++) rows.push(`${i * 0.5},1,2,-3,100,-50,-50,0.0${i},71.5,800,0.002,55,12,380,0.3`);
    const rec = readCsvRecording(rows.join("\n"), { source: "full.csv" });
    expect(rec.sampleRateHz).toBe(2000);
    expect(rec.voltages!.a[0]).toBe(100);
    expect(rec.vibration![3]).toBeCloseTo(0.03, 6);
    expect(rec.tracks.windingTempC![0]).toBeCloseTo(71.5, 5);
    expect(rec.tracks.insulationPlusOhm![0]).toBe(800_000);
    expect(rec.tracks.insulationMinusOhm![0]).toBe(800_000);
    expect(rec.tracks.leakageCurrentMa![0]).toBeCloseTo(2, 5);
    expect(rec.tracks.loadPercent![0]).toBe(55);
    expect(rec.tracks.torqueNm![0]).toBe(12);
    expect(rec.tracks.dcBusVoltageV![0]).toBe(380);
    expect(rec.ignoredColumns).toEqual(["Iq_ref"]);
  });

  it("insulation_resistance without a unit is MΩ; a separate HV+/HV− pair is kept apart", () => {
    const one = readCsvRecording("t,insulation_resistance\n0,5\n0.01,5\n", { source: "a.csv" });
    expect(one.tracks.insulationPlusOhm![0]).toBe(5e6);
    const pair = readCsvRecording("t,r_iso_plus(ohm),r_iso_minus(ohm)\n0,400000,900000\n0.01,400000,900000\n", { source: "b.csv" });
    expect(pair.tracks.insulationPlusOhm![0]).toBe(400_000);
    expect(pair.tracks.insulationMinusOhm![0]).toBe(900_000);
  });

  it("no time column: the rate comes from --fs; ISO date-times work as a time column", () => {
    const rec = readCsvRecording("Ia,Ib,Ic\n1,2,-3\n2,1,-3\n", { source: "nofs.csv", sampleRateHz: 5000 });
    expect(rec.sampleRateHz).toBe(5000);
    expect(rec.sampleRateSource).toBe("flag");
    const iso = readCsvRecording("timestamp;vibration\n2026-01-01T00:00:00.000Z;0.1\n2026-01-01T00:00:00.002Z;0.2\n2026-01-01T00:00:00.004Z;0.1\n", { source: "iso.csv" });
    expect(iso.sampleRateHz).toBe(500);
    expect(iso.startTimestamp).toBe(Date.parse("2026-01-01T00:00:00.000Z"));
  });

  it("--fs that agrees with the time column is accepted", () => {
    const { text, source } = sample("vtox-samples", "broken_bar_normal_sample.csv");
    expect(readCsvRecording(text, { source, sampleRateHz: 1000 }).sampleRateHz).toBe(1000);
  });

  it("quoted cells and CRLF line ends", () => {
    const rec = readCsvRecording('"time","vibration"\r\n"0.0","0.5"\r\n"0.001","-0.5"\r\n', { source: "q.csv" });
    expect([...rec.vibration!]).toEqual([0.5, -0.5]);
  });
});
