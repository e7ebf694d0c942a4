/**
 * Reads a stored telemetry window by stream sequence with a JetStream direct get
 * (`$JS.API.DIRECT.GET.VTOX_TELEMETRY`, the stream has `allow_direct`). This lets the router tell
 * the vehicle actor a small reference instead of copying the window into the mailbox, and the
 * analyzers fetch the window themselves instead of receiving it five times from the vehicle.
 * @module
 */
import { FleetError } from "./fleet_error.ts";
import type { ReplyCorrelator } from "../runtime/mod.ts";
import { TELEMETRY_STREAM } from "./subjects.ts";

/** Where a stored window is. */
export interface WindowRef {
  stream: string;
  seq: number;
}

const encoder = new TextEncoder();

/**
 * The stored bytes of `ref`, checked to be on `expectedSubject` when given; throws
 * FleetError(WINDOW_UNAVAILABLE) naming why (expired by retention, timeout, wrong subject).
 *
 * @example
 * ```ts
 * const bytes = await fetchWindow(inbox, { stream: "VTOX_TELEMETRY", seq: 42 }, "vtox.telemetry.ev-1");
 * ```
 */
export async function fetchWindow(inbox: ReplyCorrelator, ref: WindowRef, expectedSubject?: string, timeoutMs = 3_000): Promise<Uint8Array> {
  if (ref.stream !== TELEMETRY_STREAM || !Number.isInteger(ref.seq) || ref.seq < 1) {
    throw new FleetError("WINDOW_UNAVAILABLE", `Cannot fetch window: reference must be ${TELEMETRY_STREAM} with a sequence >= 1, got ${JSON.stringify(ref)}`);
  }
  let lastWhy = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const o = await inbox.request(`$JS.API.DIRECT.GET.${ref.stream}`, encoder.encode(JSON.stringify({ seq: ref.seq })), timeoutMs);
    if (o.kind === "reply") {
      const h = o.msg.headers;
      if (h && h.code && h.code !== 200) {
        // 404: gone (retention limits) — retrying cannot bring it back.
        throw new FleetError("WINDOW_UNAVAILABLE", `Cannot fetch window ${ref.stream}#${ref.seq}: ${h.code} ${h.description || "error"} (past the telemetry retention?)`);
      }
      const subject = h?.get("Nats-Subject");
      if (expectedSubject && subject !== expectedSubject) {
        throw new FleetError("WINDOW_UNAVAILABLE", `Cannot fetch window ${ref.stream}#${ref.seq}: it is on ${subject}, expected ${expectedSubject}`);
      }
      return o.msg.data;
    }
    lastWhy = o.kind === "no_responders" ? "no stream leader answers (no responders)" : o.kind === "closed" ? "the connection is closed" : `no answer within ${timeoutMs} ms`;
    // No pause after the last attempt: the caller gets the failure at once.
    if (attempt < 2) await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
  }
  throw new FleetError("WINDOW_UNAVAILABLE", `Cannot fetch window ${ref.stream}#${ref.seq}: ${lastWhy}`);
}
