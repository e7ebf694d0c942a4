/**
 * Alarm de-duplication per vehicle and fault: a persisting fault raises one alarm, not one per
 * window. `raised` when a fault type leaves normal, `escalated` when warning becomes fault,
 * `cleared` after `clearAfter` consecutive normal verdicts (hysteresis against flapping).
 * Verdicts that judge nothing (insufficient_data, not_applicable, unavailable) change nothing.
 * Pure and deterministic: a replayed window yields the same events (same msgIDs).
 * @module
 */
import type { Diagnosis, FaultKind } from "../domain/mod.ts";

/** The alarm level of one fault type. */
export type AlarmLevel = "normal" | "warning" | "fault";

/** What is remembered per fault type (part of the vehicle actor's state). */
export interface AlarmTrack {
  level: AlarmLevel;
  /** Window timestamp of the raise (0 when normal). */
  raisedAtWindow: number;
  /** Consecutive normal verdicts while raised. */
  normalStreak: number;
}

/** An alarm event as published on `vtox.alarm.<vehicleId>.<fault>`. */
export interface AlarmEvent {
  /** Stable id of the alarm episode: `<vehicleId>.<fault>.<raisedAtWindow>`. */
  alarmId: string;
  vehicleId: string;
  motorId: string;
  fault: FaultKind;
  event: "raised" | "escalated" | "cleared";
  /** Level after the event. */
  level: AlarmLevel;
  previousLevel: AlarmLevel;
  severity: number;
  confidence: number;
  /** Window that caused the event, ms since epoch. */
  windowTimestamp: number;
  conclusion: string;
  suggestions: string[];
}

/** A fresh (normal) track. */
export function normalTrack(): AlarmTrack {
  return { level: "normal", raisedAtWindow: 0, normalStreak: 0 };
}

/**
 * The next track and the event (if any) for one new verdict.
 *
 * @example
 * ```ts
 * const { track, event } = nextAlarm(normalTrack(), diagnosis, { vehicleId: "ev1", motorId: "m1", windowTimestamp: t });
 * if (event) publish(alarmSubject("ev1", diagnosis.fault), event);
 * ```
 */
export function nextAlarm(
  prev: AlarmTrack, d: Diagnosis, w: { vehicleId: string; motorId: string; windowTimestamp: number }, clearAfter = 2,
): { track: AlarmTrack; event?: AlarmEvent } {
  const make = (event: AlarmEvent["event"], level: AlarmLevel, raisedAt: number): AlarmEvent => ({
    alarmId: `${w.vehicleId}.${d.fault}.${raisedAt}`,
    vehicleId: w.vehicleId, motorId: w.motorId, fault: d.fault, event, level, previousLevel: prev.level,
    severity: d.severity, confidence: d.confidence, windowTimestamp: w.windowTimestamp,
    conclusion: d.conclusion, suggestions: d.suggestions,
  });
  if (d.status === "warning" || d.status === "fault") {
    if (prev.level === "normal") {
      const track = { level: d.status, raisedAtWindow: w.windowTimestamp, normalStreak: 0 } as AlarmTrack;
      return { track, event: make("raised", d.status, w.windowTimestamp) };
    }
    if (prev.level === "warning" && d.status === "fault") {
      return { track: { ...prev, level: "fault", normalStreak: 0 }, event: make("escalated", "fault", prev.raisedAtWindow) };
    }
    return { track: { ...prev, normalStreak: 0 } };
  }
  if (d.status === "normal" && prev.level !== "normal") {
    const streak = prev.normalStreak + 1;
    if (streak >= clearAfter) return { track: normalTrack(), event: make("cleared", "normal", prev.raisedAtWindow) };
    return { track: { ...prev, normalStreak: streak } };
  }
  return { track: prev };
}
