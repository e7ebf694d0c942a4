import { describe, expect, it } from "vitest";
import { controlledChild, systemClock } from "../../supervisor/mod.ts";
import { stopWithin } from "../../supervisor/shutdown.ts";
import { ManualClock } from "./fixtures.ts";

describe("stopWithin", () => {
  it("reports a child that stops and settles in time", async () => {
    const handle = controlledChild();
    await expect(stopWithin(handle.child, "bye", 1000, new ManualClock())).resolves.toEqual({ inTime: true, stopFailed: false });
  });

  it("gives up at the deadline on a child whose stop never completes", async () => {
    const clock = new ManualClock();
    const stuck = { done: new Promise<void>(() => {}), stop: () => new Promise<void>(() => {}) };
    const outcome = stopWithin(stuck, "bye", 250, clock);
    clock.advance(250);
    await expect(outcome).resolves.toEqual({ inTime: false, stopFailed: false });
  });

  it("reports a stop() that rejects, even with undefined, and still waits for done", async () => {
    const handle = controlledChild();
    const child = { done: handle.child.done, stop: () => { handle.exit(); return Promise.reject(undefined); } };
    await expect(stopWithin(child, "bye", 1000, new ManualClock())).resolves.toEqual({ inTime: true, stopFailed: true, stopError: undefined });
  });

  it("counts a crash while stopping as stopped", async () => {
    const handle = controlledChild(() => handle.crash(new Error("died while stopping")));
    await expect(stopWithin(handle.child, "bye", Infinity, systemClock)).resolves.toEqual({ inTime: true, stopFailed: false });
  });
});
