import { describe, expect, it } from "vitest";
import { summariseRecording } from "../../actors/recording/mod.ts";
import { FAULT_KINDS, type Diagnosis, type DiagnosisStatus, type FaultKind, type HealthReport } from "../../actors/domain/mod.ts";

function diagnosis(fault: FaultKind, status: DiagnosisStatus, severity = 0, extra: Partial<Diagnosis> = {}): Diagnosis {
  return {
    fault,
    status,
    score: severity,
    severity,
    confidence: 0.8,
    basis: "absolute",
    features: {},
    frequencies: [],
    conclusion: `${fault} ${status}`,
    suggestions: [],
    ...extra,
  };
}

function report(over: Partial<Record<FaultKind, Diagnosis>>, healthIndex = 100): HealthReport {
  const diagnoses = {} as Record<FaultKind, Diagnosis>;
  for (const f of FAULT_KINDS) diagnoses[f] = over[f] ?? diagnosis(f, "normal");
  const bad = FAULT_KINDS.filter((f) => diagnoses[f].status === "fault" || diagnoses[f].status === "warning");
  const status = bad.some((f) => diagnoses[f].status === "fault") ? "fault" : bad.length ? "warning" : "normal";
  return { vehicleId: "v", motorId: "m", windowTimestamp: 0, generatedAt: 0, status, healthIndex, diagnoses, findings: bad, summary: "" };
}

const bearing = (status: DiagnosisStatus, defect: string, severity: number) =>
  diagnosis("bearing", status, severity, { features: { defect: { value: defect }, kurtosis: { value: 9, unit: "" } } });

describe("summariseRecording", () => {
  it("a fault in most windows is the recording's fault, with the majority defect and median severity", () => {
    const v = summariseRecording([
      report({ bearing: bearing("fault", "inner_race", 0.6) }, 40),
      report({ bearing: bearing("fault", "inner_race", 0.5) }, 45),
      report({ bearing: bearing("warning", "outer_race", 0.3) }, 70),
    ]);
    expect(v.status).toBe("fault");
    expect(v.findings).toEqual(["bearing"]);
    expect(v.diagnoses.bearing.status).toBe("fault");
    expect(v.diagnoses.bearing.features.defect).toBe("inner_race");
    expect(v.diagnoses.bearing.severity).toBeCloseTo(0.55, 9);
    expect(v.diagnoses.bearing.windowStatuses).toEqual({ fault: 2, warning: 1 });
    expect(v.diagnoses.bearing.confidence).toBeCloseTo(0.8 * 2 / 3, 9);
    expect(v.healthIndex).toBe(45);
    expect(v.summary).toMatch(/bearing fault \(defect=inner_race\) in 2 of 3 judged window/);
    expect(v.diagnoses.turn_fault.status).toBe("normal");
  });

  it("one noisy window does not make a fault; fault+warning majority makes a warning", () => {
    const once = summariseRecording([report({ bearing: bearing("fault", "ball", 0.4) }), report({}), report({})]);
    expect(once.diagnoses.bearing.status).toBe("normal");
    expect(once.status).toBe("normal");
    const mixed = summariseRecording([report({ bearing: bearing("fault", "ball", 0.4) }), report({ bearing: bearing("warning", "ball", 0.2) }), report({})]);
    expect(mixed.diagnoses.bearing.status).toBe("warning");
    expect(mixed.status).toBe("warning");
  });

  it("windows without a verdict do not dilute those with one; none at all gives the non-verdict and its reason", () => {
    const v = summariseRecording([
      report({ bearing: bearing("fault", "outer_race", 0.5), broken_bar: diagnosis("broken_bar", "insufficient_data", 0, { reason: "0.1 s window: 10 Hz resolution" }) }),
      report({ bearing: diagnosis("bearing", "insufficient_data"), broken_bar: diagnosis("broken_bar", "insufficient_data", 0, { reason: "0.1 s window: 10 Hz resolution" }) }),
    ]);
    expect(v.diagnoses.bearing.status).toBe("fault");
    expect(v.diagnoses.broken_bar.status).toBe("insufficient_data");
    expect(v.diagnoses.broken_bar.reason).toBe("0.1 s window: 10 Hz resolution");
  });

  it("nothing judged anywhere: status unknown, and the summary says why", () => {
    const none = Object.fromEntries(FAULT_KINDS.map((f) => [f, diagnosis(f, f === "broken_bar" ? "not_applicable" : "insufficient_data")]));
    const v = summariseRecording([report(none), report(none)]);
    expect(v.status).toBe("unknown");
    expect(v.findings).toEqual([]);
    expect(v.summary).toMatch(/No analyzer could judge any of the 2 window\(s\).*broken_bar not_applicable/);
  });

  it("refuses an empty list", () => {
    expect(() => summariseRecording([])).toThrow(RangeError);
  });
});
