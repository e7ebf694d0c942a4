import { Buffer } from "node:buffer";
import { expect, it } from "vitest";
import { decodeValue, encodeValue } from "../../actors/runtime/mod.ts";

it("a value decoded from a Node Buffer (as NATS hands them out) keeps its bytes when the Buffer is overwritten", () => {
  const source = Buffer.from(encodeValue({ pad: new Uint8Array([1, 2, 3, 4]) }));
  const decoded = decodeValue(source) as { pad: Uint8Array };
  source.fill(0);
  expect(Array.from(decoded.pad)).toEqual([1, 2, 3, 4]);
  // A plain Uint8Array, as Deno and browsers would give.
  expect(decoded.pad.constructor).toBe(Uint8Array);
});
