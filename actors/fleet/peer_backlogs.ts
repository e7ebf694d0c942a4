/**
 * What this node knows of the other nodes' analyzer backlogs, from their status messages on
 * `vtox.cluster.node.*` (node_status.ts). The analyzer service spills a vehicle's analysis only
 * when a peer that serves the fault reports a clearly shorter backlog, and sends it to that peer:
 * when every node is as busy, a spilled request would only add a hop, a window fetch and a second
 * decode.
 * @module
 */
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import type { FaultKind } from "../domain/mod.ts";
import { decodeValue, isToken } from "../runtime/mod.ts";
import type { NodeStatus } from "./node_status.ts";
import { nodeStatusSubject } from "./subjects.ts";

/** A peer and its estimated analyzer backlog. */
export interface PeerChoice {
  nodeId: string;
  backlog: number;
}

/** The view of peer load the analyzer service needs (see {@link PeerBacklogs}). */
export interface PeerLoad {
  /** The recently heard peer serving `fault` with the shortest estimated backlog, or undefined when none is known. */
  lightestPeer(fault: FaultKind): PeerChoice | undefined;
  /** Records that one request was spilled to `nodeId` (it counts against that peer until its next status). */
  spilled(nodeId: string): void;
}

interface Peer {
  backlog: number;
  faults: ReadonlySet<string>;
  heardAt: number;
  /** Requests spilled since this peer's last status (they are not in its reported backlog yet). */
  spilledSince: number;
}

/**
 * Peer backlogs heard on `vtox.cluster.node.*`, excluding this node's own status.
 *
 * @example
 * ```ts
 * const peers = PeerBacklogs.watch(nc, "n1");
 * const analyzers = AnalyzerService.start({ nc, dsp, peers });
 * // ...
 * peers.close();
 * ```
 */
export class PeerBacklogs implements PeerLoad {
  readonly #peers = new Map<string, Peer>();
  readonly #self: string;
  readonly #maxAgeMs: number;
  #sub: Subscription | undefined;

  /** `maxAgeMs`: a status older than this is ignored (the peer may be gone; default 3 s, three status periods). */
  constructor(selfNodeId: string, maxAgeMs = 3_000) {
    this.#self = selfNodeId;
    this.#maxAgeMs = maxAgeMs;
  }

  /** Subscribes to the node statuses on `nc`. */
  static watch(nc: NatsConnection, selfNodeId: string, maxAgeMs?: number): PeerBacklogs {
    const p = new PeerBacklogs(selfNodeId, maxAgeMs);
    p.#sub = nc.subscribe(nodeStatusSubject("*"), {
      callback: (_e, m) => {
        try {
          p.heard(decodeValue(m.data, "node status") as NodeStatus);
        } catch {
          // A malformed status only means less is known about that peer; nothing depends on it.
        }
      },
    });
    return p;
  }

  /** Takes one status message (the subscription calls this; exposed for tests). */
  heard(st: NodeStatus, now = Date.now()): void {
    // A node id that is not one subject token could not be addressed (vtox.analyze.<fault>.<nodeId>).
    if (!st || !isToken(st.nodeId) || st.nodeId === this.#self || typeof st.analyzerBacklog !== "number") return;
    this.#peers.set(st.nodeId, {
      backlog: st.analyzerBacklog, faults: new Set(Object.keys(st.analyzerBacklogByFault ?? {})), heardAt: now, spilledSince: 0,
    });
  }

  lightestPeer(fault: FaultKind, now = Date.now()): PeerChoice | undefined {
    let best: PeerChoice | undefined;
    for (const [id, p] of this.#peers) {
      if (now - p.heardAt > this.#maxAgeMs) {
        this.#peers.delete(id);
        continue;
      }
      if (!p.faults.has(fault)) continue;
      const estimate = p.backlog + p.spilledSince;
      if (!best || estimate < best.backlog) best = { nodeId: id, backlog: estimate };
    }
    return best;
  }

  spilled(nodeId: string): void {
    const p = this.#peers.get(nodeId);
    if (p) p.spilledSince++;
  }

  /** Stops listening. */
  close(): void {
    this.#sub?.unsubscribe();
    this.#sub = undefined;
  }
}
