/**
 * The live summary of a running fleet, assembled from the public subjects only (any client
 * could do the same): vehicles seen, windows per second, faults currently found, alarms, and per
 * node actors and analyzer backlog from `vtox.cluster.node.*`.
 * @module
 */
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import type { FaultKind, HealthReport } from "../domain/mod.ts";
import { decodeValue } from "../runtime/mod.ts";
import type { AlarmEvent } from "./alarm_tracker.ts";
import type { NodeStatus } from "./node_status.ts";
import { nodeStatusSubject } from "./subjects.ts";

/** A point-in-time view. */
export interface LiveSummarySnapshot {
  vehicles: number;
  windows: number;
  /** Health reports per second over the last `windowMs`. */
  windowsPerS: number;
  /** Vehicles whose latest report has a finding, per fault. */
  faultsFound: Partial<Record<FaultKind, number>>;
  vehiclesWithFindings: number;
  alarms: { raised: number; escalated: number; cleared: number; active: number };
  nodes: NodeStatus[];
  /** p50 / p99 of publish-to-report age (generatedAt − windowTimestamp), ms, over the last window. */
  reportAgeMs: { p50: number; p99: number } | undefined;
  /** Health payloads that could not be decoded. */
  undecodable: number;
}

/** Subscribes and keeps the summary current. */
export class LiveSummary {
  readonly #subs: Subscription[];
  readonly #latest = new Map<string, FaultKind[]>();
  readonly #recent: { at: number; age: number }[] = [];
  readonly #nodes = new Map<string, NodeStatus>();
  readonly #active = new Set<string>();
  readonly #alarms = { raised: 0, escalated: 0, cleared: 0 };
  readonly #windowMs: number;
  #windows = 0;
  #undecodable = 0;

  /** Starts listening on `vtox.health.*`, `vtox.alarm.>` and `vtox.cluster.node.*`. */
  constructor(nc: NatsConnection, opts: { windowMs?: number } = {}) {
    this.#windowMs = opts.windowMs ?? 5_000;
    this.#subs = [
      nc.subscribe("vtox.health.*", { callback: (_e, m) => this.#onHealth(m.data) }),
      nc.subscribe("vtox.alarm.>", { callback: (_e, m) => this.#onAlarm(m.data) }),
      nc.subscribe(nodeStatusSubject("*"), { callback: (_e, m) => this.#onNode(m.data) }),
    ];
  }

  #onHealth(data: Uint8Array): void {
    try {
      const r = decodeValue(data, "health report") as HealthReport;
      this.#windows++;
      this.#latest.set(r.vehicleId, r.findings ?? []);
      this.#recent.push({ at: Date.now(), age: r.generatedAt - r.windowTimestamp });
    } catch {
      this.#undecodable++;
    }
  }

  #onAlarm(data: Uint8Array): void {
    try {
      const a = decodeValue(data, "alarm event") as AlarmEvent;
      this.#alarms[a.event]++;
      if (a.event === "cleared") this.#active.delete(a.alarmId);
      else this.#active.add(a.alarmId);
    } catch {
      this.#undecodable++;
    }
  }

  #onNode(data: Uint8Array): void {
    try {
      const s = decodeValue(data, "node status") as NodeStatus;
      this.#nodes.set(s.nodeId, s);
    } catch {
      this.#undecodable++;
    }
  }

  /** The current view. */
  snapshot(): LiveSummarySnapshot {
    const now = Date.now();
    while (this.#recent.length && this.#recent[0]!.at < now - this.#windowMs) this.#recent.shift();
    const faultsFound: Partial<Record<FaultKind, number>> = {};
    let withFindings = 0;
    for (const f of this.#latest.values()) {
      if (f.length) withFindings++;
      for (const k of f) faultsFound[k] = (faultsFound[k] ?? 0) + 1;
    }
    const ages = this.#recent.map((r) => r.age).sort((a, b) => a - b);
    const q = (p: number) => ages[Math.min(ages.length - 1, Math.floor(p * ages.length))]!;
    return {
      vehicles: this.#latest.size,
      windows: this.#windows,
      windowsPerS: this.#recent.length / (this.#windowMs / 1000),
      faultsFound,
      vehiclesWithFindings: withFindings,
      alarms: { ...this.#alarms, active: this.#active.size },
      // A node silent for 5 s is shown as gone.
      nodes: [...this.#nodes.values()].filter((s) => s.at > now - 5_000).sort((a, b) => a.nodeId.localeCompare(b.nodeId)),
      reportAgeMs: ages.length ? { p50: q(0.5), p99: q(0.99) } : undefined,
      undecodable: this.#undecodable,
    };
  }

  /** Stops listening. */
  stop(): void {
    for (const s of this.#subs) s.unsubscribe();
  }
}
