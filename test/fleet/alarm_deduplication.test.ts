/**
 * Alarm de-duplication: a persisting fault raises once, warning → fault escalates once, two
 * normal verdicts clear, verdicts that judge nothing change nothing; for any verdict sequence the
 * events alternate raised (escalated)* cleared and there is never more than one open episode.
 */
import { expect, it } from "vitest";
import fc from "fast-check";
import { nextAlarm, normalTrack, type AlarmEvent, type AlarmTrack } from "../../actors/fleet/mod.ts";
import type { Diagnosis, DiagnosisStatus } from "../../actors/domain/mod.ts";

const verdict = (status: DiagnosisStatus, severity = 0.5): Diagnosis => ({
  fault: "bearing", status, score: 0, severity, confidence: 0.9, basis: "absolute", features: {}, frequencies: [],
  conclusion: `bearing ${status}`, suggestions: [],
});

function run(statuses: DiagnosisStatus[]): AlarmEvent[] {
  let track: AlarmTrack = normalTrack();
  const events: AlarmEvent[] = [];
  statuses.forEach((s, i) => {
    const r = nextAlarm(track, verdict(s), { vehicleId: "ev1", motorId: "m1", windowTimestamp: 1000 + i });
    track = r.track;
    if (r.event) events.push(r.event);
  });
  return events;
}

it("raises a persisting fault once, not once per window", () => {
  const events = run(["normal", "fault", "fault", "fault", "fault"]);
  expect(events.map((e) => e.event)).toEqual(["raised"]);
  expect(events[0]).toMatchObject({ alarmId: "ev1.bearing.1001", level: "fault", previousLevel: "normal", windowTimestamp: 1001 });
});

it("escalates warning to fault once and clears after two normal verdicts", () => {
  const events = run(["warning", "warning", "fault", "warning", "fault", "normal", "fault", "normal", "normal", "normal"]);
  expect(events.map((e) => `${e.event}:${e.level}`)).toEqual(["raised:warning", "escalated:fault", "cleared:normal"]);
  expect(new Set(events.map((e) => e.alarmId))).toEqual(new Set(["ev1.bearing.1000"]));
});

it("changes nothing on verdicts that judge nothing", () => {
  expect(run(["fault", "unavailable", "insufficient_data", "not_applicable", "normal", "unavailable", "normal"]).map((e) => e.event))
    .toEqual(["raised", "cleared"]);
  expect(run(["unavailable", "insufficient_data", "not_applicable"])).toEqual([]);
});

it("property: events form episodes raised (escalated)? cleared?, one open at a time", () => {
  const status = fc.constantFrom<DiagnosisStatus>("normal", "warning", "fault", "unavailable", "insufficient_data", "not_applicable");
  fc.assert(fc.property(fc.array(status, { maxLength: 200 }), (statuses) => {
    const events = run(statuses);
    let open: string | undefined;
    let escalated = false;
    for (const e of events) {
      if (e.event === "raised") {
        expect(open).toBeUndefined();
        open = e.alarmId;
        escalated = e.level === "fault";
      } else {
        expect(e.alarmId).toBe(open);
        if (e.event === "escalated") {
          expect(escalated).toBe(false);
          escalated = true;
        } else open = undefined;
      }
    }
    const judged = statuses.filter((s) => s === "warning" || s === "fault").length;
    expect(events.filter((e) => e.event === "raised").length).toBeLessThanOrEqual(judged);
  }));
});
