/**
 * The analyzer's drain loop never strands a job: a request queued just as the loop finds the
 * queue empty and ends is still analysed (a stranded job would hold its vehicle's window, its
 * shard's batch and the node's shutdown forever). Requests are queued at every microtask offset
 * around the end of a drain.
 */
import { expect, it } from "vitest";
import { AnalyzerService, planFleet } from "../../actors/fleet/mod.ts";
import { DEFAULT_INDUCTION_PROFILE } from "../../actors/domain/mod.ts";
import { loadDsp } from "../../wasm/mod.ts";
import { useFleetNats } from "./fleet_fixtures.ts";

const env = useFleetNats();

it("analyses a request queued at any moment around the end of a drain", async () => {
  const dsp = await loadDsp();
  const service = AnalyzerService.start({ nc: env.nc, dsp, faults: ["insulation"] });
  const plan = planFleet({ vehicles: 1, faults: "insulation=1", windowsPerClass: 1 });
  const req = (i: number) => ({ v: 1, window: plan.windowBytes(0, 0, 1_000 + i), windowKey: `ev-0.${1_000 + i}`, profile: DEFAULT_INDUCTION_PROFILE });
  try {
    let stranded = 0;
    for (let offset = 0; offset < 30; offset++) {
      const first = service.tryLocal("insulation", req(2 * offset)).reply!;
      for (let k = 0; k < offset; k++) await Promise.resolve();
      const second = service.tryLocal("insulation", req(2 * offset + 1)).reply!;
      const answered = await Promise.race([Promise.all([first, second]).then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 2_000))]);
      if (!answered) stranded++;
    }
    expect(stranded).toBe(0);
    expect(service.counts.analysed).toBe(60);
  } finally {
    await service.stop();
  }
}, 120_000);
