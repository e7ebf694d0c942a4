import { describe, expect, it } from "vitest";
import { childFromTask, controlledChild, Supervisor } from "../../supervisor/mod.ts";
import { EventLog, VirtualClock, waitUntil } from "./fixtures.ts";

describe("childFromTask", () => {
  it("resolves done when the task returns", async () => {
    const child = childFromTask(async () => {});
    await expect(child.done).resolves.toBeUndefined();
  });

  it("rejects done with the task's error when it throws", async () => {
    const child = childFromTask(async () => {
      throw new Error("task failed");
    });
    await expect(child.done).rejects.toThrow("task failed");
  });

  it("stop() aborts the task's signal with the reason, runs onStop, and counts the abort as a normal exit", async () => {
    const seen: string[] = [];
    const child = childFromTask(
      (signal) =>
        new Promise<void>((_, reject) => {
          signal.addEventListener("abort", () => {
            seen.push(`aborted:${String(signal.reason)}`);
            reject(new Error("interrupted"));
          });
        }),
      { onStop: (reason) => void seen.push(`onStop:${reason}`) },
    );
    await child.stop("rebalance");
    await expect(child.done).resolves.toBeUndefined();
    expect(seen).toEqual(["aborted:rebalance", "onStop:rebalance"]);
  });

  it("a supervised task that throws is restarted with a fresh signal", async () => {
    const events = new EventLog();
    let runs = 0;
    const sup = await Supervisor.start("s", { strategy: "one_for_one", clock: new VirtualClock(), onEvent: events.listener }, [
      {
        id: "consumer",
        start: () =>
          childFromTask(async (signal) => {
            runs++;
            if (runs === 1) throw new Error("lost connection");
            await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
          }),
      },
    ]);
    await waitUntil(() => runs === 2, "second run");
    expect(events.of("exited", "consumer")[0]).toMatchObject({ reason: "crash" });
    await sup.stop();
    expect(events.of("exited")).toHaveLength(1); // the stop was not reported as an exit of its own
  });
});

describe("controlledChild", () => {
  it("crash() rejects done, exit() resolves it, and only the first signal counts", async () => {
    const crashed = controlledChild();
    crashed.crash(new Error("receive threw"));
    crashed.exit();
    await expect(crashed.child.done).rejects.toThrow("receive threw");
    const exited = controlledChild();
    exited.exit();
    exited.crash(new Error("late"));
    await expect(exited.child.done).resolves.toBeUndefined();
    expect(exited.ended).toBe(true);
  });

  it("stop() runs onStop once and ends the child normally", async () => {
    let stops = 0;
    const handle = controlledChild(async () => {
      stops++;
    });
    await Promise.all([handle.child.stop(), handle.child.stop()]);
    await expect(handle.child.done).resolves.toBeUndefined();
    expect(stops).toBe(1);
  });

  it("ends normally even when onStop throws, and the throw reaches the caller of stop()", async () => {
    const handle = controlledChild(() => {
      throw new Error("passivate failed");
    });
    await expect(handle.child.stop()).rejects.toThrow("passivate failed");
    await expect(handle.child.done).resolves.toBeUndefined();
  });
});
