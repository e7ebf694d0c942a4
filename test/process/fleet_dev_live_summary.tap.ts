/**
 * The development fleet (what `npm start` runs): its own nats-server, three fleet node
 * processes, a simulated fleet and the live summary — which reports every vehicle, the injected
 * faults found, the alarms raised, all three nodes with actors, and where to subscribe.
 */
import t from "tap";
import { runFleetDev } from "../../cli/fleet/mod.ts";

await t.test("runs 3 nodes with a simulated fleet and prints a live summary", async (t) => {
  const lines: string[] = [];
  const code = await runFleetDev({ nodes: 3, shards: 12, vehicles: 12, ratePerVehicle: 1, durationS: 8, summaryEveryS: 2, say: (l) => lines.push(l) });
  const out = lines.join("\n");
  t.equal(code, 0, "exit 0 after diagnosing windows");
  t.match(out, /nats-server ready at nats:\/\/127\.0\.0\.1:\d+/, "started its own nats-server");
  for (const id of ["fleet-1", "fleet-2", "fleet-3"]) t.match(out, new RegExp(`fleet node ${id} ready: owns 4 shards`), `${id} ready`);
  t.match(out, /health\s+vtox\.health\.<vehicleId>/, "says where to subscribe");
  const summaries = lines.filter((l) => l.startsWith("── fleet"));
  t.ok(summaries.length >= 3, `printed ${summaries.length} summaries`);
  const last = lines.lastIndexOf(summaries.at(-1)!);
  const final = lines.slice(last, last + 6).join("\n");
  t.match(final, /vehicles 12 · windows \d+/, "every vehicle reported");
  // 12 vehicles with the default mix 5:1:1:1:1:1: 6 healthy, at least one vehicle with each fault.
  for (const f of ["broken_bar", "eccentricity", "bearing", "turn_fault", "insulation"]) t.match(final, new RegExp(`${f} \\d`), `${f} found`);
  t.match(final, /alarms raised [1-9]\d*/, "alarms raised");
  for (const id of ["fleet-1", "fleet-2", "fleet-3"]) t.match(final, new RegExp(`node ${id}: \\d+ actors on 4 shards`), `${id} in the summary`);
});
