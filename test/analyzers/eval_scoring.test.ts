import { describe, expect, it } from "vitest";
import { accuracySet, monotonicitySet } from "../../bench/eval_dataset.ts";
import { score, spearman } from "../../bench/eval_metrics.ts";

describe("evaluation scoring (bench/eval_*.ts)", () => {
  it("builds ≥ 2,000 labelled windows with fixed seeds and both motor types", () => {
    const cases = [...accuracySet(340), ...monotonicitySet(4)];
    expect(cases.length).toBeGreaterThanOrEqual(2000);
    expect(accuracySet(3).map((c) => c.spec.seed)).toEqual(accuracySet(3).map((c) => c.spec.seed));
    expect(new Set(cases.map((c) => c.profile.motorType))).toEqual(new Set(["induction", "pmsm"]));
    expect(cases.filter((c) => c.label === "broken_bar").every((c) => c.profile.motorType === "induction")).toBe(true);
    const loads = cases.map((c) => c.spec.loadPercent);
    expect(Math.min(...loads)).toBeLessThan(15);
    expect(Math.max(...loads)).toBeGreaterThan(95);
  });
  it("computes accuracy, per-class precision/recall and the false-alarm rate", () => {
    const s = score([
      { label: "healthy", predicted: "healthy" },
      { label: "healthy", predicted: "bearing" },
      { label: "bearing", predicted: "bearing" },
      { label: "turn_fault", predicted: "healthy" },
    ]);
    expect(s.accuracy).toBe(0.5);
    expect(s.falseAlarmRate).toBe(0.5);
    expect(s.perClass.bearing).toEqual({ precision: 0.5, recall: 1, support: 1 });
    expect(s.perClass.turn_fault.recall).toBe(0);
  });
  it("spearman is 1 for a rising series, −1 for a falling one", () => {
    expect(spearman([1, 2, 3, 4], [0.1, 0.2, 0.25, 0.9])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });
});
