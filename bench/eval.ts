/**
 * `npm run eval [-- --json] [-- --per-class N --repeats R]`: generates the labelled simulated
 * dataset, runs the five analyzers on every window and prints the confusion matrix, per-class
 * precision/recall, the false-alarm rate on healthy windows, abstentions (windows where the true
 * fault's analyzer refused, e.g. slip too small to resolve broken-bar sidebands) and severity
 * monotonicity. With --json the last line is one JSON object with the same figures.
 * @module
 */
import { diagnoseWindow } from "../actors/analyzers/mod.ts";
import type { FaultKind } from "../actors/domain/mod.ts";
import { simulateWindow } from "../actors/sim/mod.ts";
import { loadDsp } from "../wasm/mod.ts";
import { accuracySet, EVAL_CLASSES, type EvalCase, type EvalClass, monotonicitySet, MONOTONIC_LEVELS } from "./eval_dataset.ts";
import { abstained, predictedClass, score, spearman } from "./eval_metrics.ts";

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(args[i + 1])}`);
  return v;
}

async function main(args: string[]): Promise<number> {
  const json = args.includes("--json");
  const perClass = flag(args, "--per-class", 340);
  const repeats = flag(args, "--repeats", 4);
  const dsp = await loadDsp();
  const cases = [...accuracySet(perClass), ...monotonicitySet(repeats)];
  const started = performance.now();
  console.log(`eval: ${cases.length} windows (${perClass} per class × ${EVAL_CLASSES.length} classes at severity 0.3–1, plus ${cases.length - perClass * EVAL_CLASSES.length} for monotonicity)`);
  const results: Array<{ c: EvalCase; predicted: EvalClass; abstained: boolean; estimated: number; judged: boolean; phaseRight?: boolean; defectRight?: boolean }> = [];
  let nextReport = 0.1;
  for (const [i, c] of cases.entries()) {
    const window = simulateWindow(c.spec);
    const report = diagnoseWindow(dsp, window, c.profile);
    const d = c.label === "healthy" ? undefined : report.diagnoses[c.label as FaultKind];
    const fault = c.spec.faults?.[0];
    results.push({
      c,
      predicted: predictedClass(report),
      abstained: abstained(c.label, report),
      estimated: d?.severity ?? 0,
      judged: d !== undefined && ["normal", "warning", "fault"].includes(d.status),
      phaseRight: fault?.kind === "turn_fault" && d && d.status !== "normal" ? d.features.faulted_phase?.value === fault.phase?.toUpperCase() : undefined,
      defectRight: fault?.kind === "bearing" && d && d.status !== "normal" ? d.features.defect?.value === fault.defect : undefined,
    });
    if ((i + 1) / cases.length >= nextReport) {
      const s = (performance.now() - started) / 1000;
      console.log(`  ${Math.round(((i + 1) / cases.length) * 100)} % (${i + 1}/${cases.length}) ${s.toFixed(1)} s`);
      nextReport += 0.1;
    }
  }
  const acc = results.filter((r) => r.c.spec.faults?.length === 0 || r.c.severity >= 0.3).slice(0, perClass * EVAL_CLASSES.length);
  const decided = acc.filter((r) => !r.abstained);
  const all = score(acc.map((r) => ({ label: r.c.label, predicted: r.predicted })));
  const s = score(decided.map((r) => ({ label: r.c.label, predicted: r.predicted })));
  const abstentions = Object.fromEntries(EVAL_CLASSES.map((c) => [c, acc.filter((r) => r.c.label === c && r.abstained).length]));

  console.log("\nconfusion matrix (rows: injected, columns: predicted; windows where the true analyzer refused are excluded)");
  const w = 13;
  console.log("".padEnd(w) + EVAL_CLASSES.map((c) => c.padStart(w)).join("") + "abstained".padStart(w));
  for (const t of EVAL_CLASSES) console.log(t.padEnd(w) + EVAL_CLASSES.map((p) => String(s.matrix[t][p]).padStart(w)).join("") + String(abstentions[t]).padStart(w));
  console.log("\nclass         precision  recall  support");
  for (const c of EVAL_CLASSES) {
    const pc = s.perClass[c];
    console.log(`${c.padEnd(13)} ${(pc.precision * 100).toFixed(1).padStart(8)} % ${(pc.recall * 100).toFixed(1).padStart(6)} % ${String(pc.support).padStart(7)}`);
  }
  const phase = results.filter((r) => r.phaseRight !== undefined);
  const defect = results.filter((r) => r.defectRight !== undefined);
  const phaseAcc = phase.length ? phase.filter((r) => r.phaseRight).length / phase.length : 1;
  const defectAcc = defect.length ? defect.filter((r) => r.defectRight).length / defect.length : 1;
  console.log(`\naccuracy (6 classes, severity ≥ 0.3, decided windows): ${(s.accuracy * 100).toFixed(2)} % (${s.correct}/${s.total})`);
  console.log(`accuracy counting refusals as misses:                  ${(all.accuracy * 100).toFixed(2)} % (${all.correct}/${all.total})`);
  console.log(`false-alarm rate on healthy windows:                   ${(s.falseAlarmRate * 100).toFixed(2)} % (${s.perClass.healthy.support - s.matrix.healthy.healthy}/${s.perClass.healthy.support})`);
  console.log(`bearing defect named right (flagged bearing windows):  ${(defectAcc * 100).toFixed(1)} % (${defect.length})`);
  console.log(`turn-fault phase named right (flagged windows):        ${(phaseAcc * 100).toFixed(1)} % (${phase.length})`);

  console.log("\nseverity monotonicity: mean estimated severity per injected level (judged windows)");
  console.log("fault".padEnd(13) + MONOTONIC_LEVELS.map((l) => l.toFixed(1).padStart(6)).join("") + "   spearman");
  const mono = results.slice(perClass * EVAL_CLASSES.length);
  const monotonic: Record<string, { means: number[]; spearman: number; rising: boolean }> = {};
  for (const c of EVAL_CLASSES.filter((c) => c !== "healthy")) {
    const rows = mono.filter((r) => r.c.label === c && r.judged);
    const means = MONOTONIC_LEVELS.map((l) => {
      const at = rows.filter((r) => r.c.severity === l);
      return at.length ? at.reduce((a, r) => a + r.estimated, 0) / at.length : NaN;
    });
    const rho = spearman(rows.map((r) => r.c.severity), rows.map((r) => r.estimated));
    // Rising: no level's mean falls below the previous one by more than 0.02, and the ranks agree (ρ ≥ 0.9).
    const rising = means.every((m, i) => i === 0 || !(m < means[i - 1] - 0.02)) && rho >= 0.9;
    monotonic[c] = { means, spearman: rho, rising };
    console.log(c.padEnd(13) + means.map((m) => (Number.isFinite(m) ? m.toFixed(2) : "  -").padStart(6)).join("") + rho.toFixed(3).padStart(11) + (rising ? "" : "  NOT RISING"));
  }
  const severityMonotonic = Object.values(monotonic).every((m) => m.rising);
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nseverity_monotonic: ${severityMonotonic}    windows: ${cases.length}    time: ${seconds.toFixed(1)} s`);
  if (json) {
    console.log(JSON.stringify({
      windows: cases.length,
      accuracy: s.accuracy,
      accuracy_counting_refusals: all.accuracy,
      false_alarm_rate: s.falseAlarmRate,
      severity_monotonic: severityMonotonic,
      abstained: abstentions,
      confusion: s.matrix,
      per_class: s.perClass,
      bearing_defect_accuracy: defectAcc,
      turn_fault_phase_accuracy: phaseAcc,
      monotonicity: monotonic,
      seconds,
    }));
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
