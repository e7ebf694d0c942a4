/**
 * Scores the evaluation: predicted class per window (the flagged analyzer with the highest
 * severity, or healthy when none is flagged), confusion matrix, per-class precision/recall,
 * false-alarm rate on healthy windows, abstentions, and severity monotonicity.
 * @module
 */
import type { FaultKind, HealthReport } from "../actors/domain/mod.ts";
import { EVAL_CLASSES, type EvalClass } from "./eval_dataset.ts";

/** The class a report predicts. */
export function predictedClass(report: HealthReport): EvalClass {
  const flagged = Object.values(report.diagnoses).filter((d) => d.status === "warning" || d.status === "fault");
  if (flagged.length === 0) return "healthy";
  flagged.sort((a, b) => b.severity - a.severity || (a.status === "fault" ? -1 : 1));
  return flagged[0].fault;
}

/** Whether the analyzer of the true class refused (insufficient_data) on this window. */
export function abstained(label: EvalClass, report: HealthReport): boolean {
  if (label === "healthy") return false;
  return report.diagnoses[label as FaultKind].status === "insufficient_data";
}

/** Confusion matrix and derived figures. */
export interface Scores {
  matrix: Record<EvalClass, Record<EvalClass, number>>;
  total: number;
  correct: number;
  accuracy: number;
  perClass: Record<EvalClass, { precision: number; recall: number; support: number }>;
  falseAlarmRate: number;
}

/** Scores (label, prediction) pairs. */
export function score(pairs: Array<{ label: EvalClass; predicted: EvalClass }>): Scores {
  const matrix = Object.fromEntries(EVAL_CLASSES.map((t) => [t, Object.fromEntries(EVAL_CLASSES.map((p) => [p, 0]))])) as Scores["matrix"];
  for (const { label, predicted } of pairs) matrix[label][predicted]++;
  const correct = EVAL_CLASSES.reduce((s, c) => s + matrix[c][c], 0);
  const perClass = Object.fromEntries(EVAL_CLASSES.map((c) => {
    const support = EVAL_CLASSES.reduce((s, p) => s + matrix[c][p], 0);
    const predictedAs = EVAL_CLASSES.reduce((s, t) => s + matrix[t][c], 0);
    return [c, { precision: predictedAs ? matrix[c][c] / predictedAs : 1, recall: support ? matrix[c][c] / support : 1, support }];
  })) as Scores["perClass"];
  const healthy = perClass.healthy.support;
  return {
    matrix,
    total: pairs.length,
    correct,
    accuracy: pairs.length ? correct / pairs.length : 0,
    perClass,
    falseAlarmRate: healthy ? (healthy - matrix.healthy.healthy) / healthy : 0,
  };
}

/** Spearman rank correlation of two equal-length series. */
export function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => {
    const idx = v.map((val, i) => [val, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < idx.length;) {
      let j = i;
      while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
      for (let k = i; k <= j; k++) r[idx[k][1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const rx = rank(x);
  const ry = rank(y);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < rx.length; i++) {
    num += (rx[i] - mx) * (ry[i] - my);
    dx += (rx[i] - mx) ** 2;
    dy += (ry[i] - my) ** 2;
  }
  return dx && dy ? num / Math.sqrt(dx * dy) : 0;
}
