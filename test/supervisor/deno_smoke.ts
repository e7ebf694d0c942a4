/**
 * Runs supervision scenarios with the real clock and prints their outcome as one JSON line.
 * Executed under Deno by runs_under_deno.test.ts to prove the part uses web-standard APIs only.
 * @module
 */
import { controlledChild, Supervisor, SupervisorIntensityError, type ChildSpec, type ControlledChild } from "../../supervisor/mod.ts";

const log: string[] = [];
const current = new Map<string, ControlledChild>();
const worker = (id: string): ChildSpec => ({
  id,
  start: () => {
    const h = controlledChild(() => void log.push(`stop:${id}`));
    current.set(id, h);
    log.push(`start:${id}`);
    return h.child;
  },
});

let markRestarted!: () => void;
const restarted = new Promise<void>((resolve) => (markRestarted = resolve));
const sup = await Supervisor.start(
  "deno",
  {
    strategy: "rest_for_one",
    backoff: { initialMs: 5, maxMs: 20 },
    onEvent: (e) => {
      if (e.type === "restarted" && e.childId === "c") markRestarted();
    },
  },
  [worker("a"), worker("b"), worker("c")],
);
current.get("b")!.crash(new Error("boom"));
await restarted;
await sup.stop();

const crashing: ChildSpec = {
  id: "crasher",
  start: () => {
    const h = controlledChild();
    setTimeout(() => h.crash(new Error("again")), 1);
    return h.child;
  },
};
const root = await Supervisor.start("root", { strategy: "one_for_one", maxRestarts: 1, periodMs: 60_000 }, [
  Supervisor.childSpec("leaf", { strategy: "one_for_one", maxRestarts: 1, periodMs: 60_000 }, [crashing]),
]);
const failure = await root.done.catch((e: unknown) => e);

console.log(JSON.stringify({
  log,
  rootFailed: failure instanceof SupervisorIntensityError,
  causeSupervisor: ((failure as Error).cause as SupervisorIntensityError).supervisor,
  runtime: typeof (globalThis as { Deno?: unknown }).Deno === "object" ? "deno" : "other",
}));
