/**
 * publishResults stores a window's publications through the runtime's JetStreamPublisher; when
 * one cannot be stored within the budget it rejects with FleetError(RESULT_PUBLISH_FAILED) naming
 * the subject and msgID, with the publisher's named error as cause, while the publications that
 * could be stored are stored once (a retry with the same msgIDs is a duplicate, not a second copy).
 */
import { beforeAll, expect, it } from "vitest";
import { ensureFleetStreams, FleetError, publishResults, RESULTS_STREAM, type Publication } from "../../actors/fleet/mod.ts";
import { JetStreamPublisher, PublishUnavailableError } from "../../actors/runtime/mod.ts";
import { readStream, useFleetNats } from "./fleet_fixtures.ts";

const env = useFleetNats();
beforeAll(async () => {
  await ensureFleetStreams(env.nc);
}, 60_000);

it("names the publication no stream stores, and stores the others once", async () => {
  const { nc } = env;
  const publisher = new JetStreamPublisher(nc, 1_000);
  try {
    const stored: Publication = { subject: "vtox.health.pub-1", msgID: "pub-1.1000.health", body: { vehicleId: "pub-1", windowTimestamp: 1_000 } };
    const lost: Publication = { subject: "vtox.nowhere.pub-1", msgID: "pub-1.1000.nowhere", body: { x: 1 } };
    const err = await publishResults(publisher, [stored, lost], 300).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(FleetError);
    expect((err as FleetError).code).toBe("RESULT_PUBLISH_FAILED");
    expect((err as FleetError).message).toContain("vtox.nowhere.pub-1 (pub-1.1000.nowhere)");
    expect((err as FleetError).cause).toBeInstanceOf(PublishUnavailableError);

    expect(await publishResults(publisher, [stored], 1_000)).toBe(0);
    const health = (await readStream(nc, RESULTS_STREAM)).filter((m) => m.subject === "vtox.health.pub-1");
    expect(health.map((m) => m.msgId)).toEqual(["pub-1.1000.health"]);
    expect(health[0]!.contentType).toBe("application/cbor");
  } finally {
    publisher.close();
  }
}, 60_000);
