/**
 * Test doubles for supervision tests: a virtual clock, scripted workers whose crashes, exits
 * and start failures the test triggers, an event recorder and a bounded wait.
 * These are real Child implementations (controlledChild), not mocks of the supervisor.
 * @module
 */
import { controlledChild, type ChildSpec, type Clock, type ControlledChild, type RestartType, type SupervisorEvent } from "../../supervisor/mod.ts";

/**
 * Virtual time: `sleep(ms)` yields one macrotask (so work that finishes in microtasks wins a
 * race against it) and then moves time forward to its wake-up point. Records requested sleeps.
 */
export class VirtualClock implements Clock {
  t = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const wake = this.t + ms;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      if (!Number.isFinite(ms)) return;
      timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        this.t = Math.max(this.t, wake);
        resolve();
      }, 0);
    });
  }
}

/** Time that moves only when the test calls `advance`; sleeps wake when their time has come. */
export class ManualClock implements Clock {
  t = 0;
  #sleepers: { wake: number; resolve: () => void }[] = [];
  now(): number {
    return this.t;
  }
  /** Sleeps not yet woken. */
  get sleeping(): number {
    return this.#sleepers.length;
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.#sleepers.filter((s) => s.wake <= this.t);
    this.#sleepers = this.#sleepers.filter((s) => s.wake > this.t);
    for (const s of due) s.resolve();
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const sleeper = { wake: this.t + ms, resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener("abort", () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        resolve();
      }, { once: true });
    });
  }
}

/** What a scripted worker does. */
export interface WorkerScript {
  restart?: RestartType;
  /** The next this-many starts throw. */
  failStarts?: number;
  /** `stop()` never completes (to exercise shutdown timeouts). */
  hangOnStop?: boolean;
  /** `stop()` throws. */
  throwOnStop?: boolean;
  shutdownMs?: number;
}

/**
 * Scripted workers sharing one log of `start:<id>` / `stop:<id>` lines, so tests can check
 * ordering across children.
 */
export class Workers {
  readonly log: string[] = [];
  readonly instances = new Map<string, ControlledChild[]>();
  readonly scripts = new Map<string, WorkerScript>();

  spec(id: string, script: WorkerScript = {}): ChildSpec {
    this.scripts.set(id, { ...script });
    return {
      id,
      restart: script.restart,
      shutdownMs: script.shutdownMs,
      start: () => {
        const s = this.scripts.get(id)!;
        if (s.failStarts && s.failStarts > 0) {
          s.failStarts--;
          this.log.push(`start_failed:${id}`);
          throw new Error(`scripted start failure of ${id}`);
        }
        const handle = controlledChild(async () => {
          this.log.push(`stop:${id}`);
          if (s.throwOnStop) throw new Error(`scripted stop failure of ${id}`);
          if (s.hangOnStop) await new Promise<never>(() => {});
        });
        const list = this.instances.get(id) ?? [];
        list.push(handle);
        this.instances.set(id, list);
        this.log.push(`start:${id}`);
        return handle.child;
      },
    };
  }

  /** The latest instance of `id`. */
  current(id: string): ControlledChild {
    const list = this.instances.get(id);
    if (!list || list.length === 0) throw new Error(`worker ${id} was never started`);
    return list[list.length - 1];
  }

  /** How many times `id` was started successfully. */
  starts(id: string): number {
    return this.instances.get(id)?.length ?? 0;
  }
}

/** Records supervisor events; pass `events.listener` as `onEvent`. */
export class EventLog {
  readonly events: SupervisorEvent[] = [];
  readonly listener = (e: SupervisorEvent): void => {
    this.events.push(e);
  };
  of(type: SupervisorEvent["type"], childId?: string): SupervisorEvent[] {
    return this.events.filter((e) => e.type === type && (childId === undefined || e.childId === childId));
  }
}

/**
 * Waits until `condition()` holds, yielding to timers between checks. The bound only turns a
 * hang into a readable failure; no test asserts how fast anything is.
 */
export async function waitUntil(condition: () => boolean, what: string, boundMs = 5000): Promise<void> {
  const giveUpAt = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/**
 * Lets every pending microtask run (one macrotask turn). With {@link ManualClock} and
 * controlled children all supervisor work is microtask-driven, so afterwards it is idle.
 */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
