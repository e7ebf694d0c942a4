// Argument checks of the binding. Every failure throws DspError("DSP_INVALID_INPUT") with a
// message naming the operation, the argument and the offending value, and is counted.
import { DspError } from "./dsp_error.ts";

/** Validates binding arguments and counts rejections. */
export class InputGuard {
  rejected = 0;

  fail(op: string, problem: string): never {
    this.rejected++;
    throw new DspError("DSP_INVALID_INPUT", `Cannot compute ${op}: ${problem}`);
  }

  /** A Float32Array with min..max elements. */
  samples(op: string, name: string, x: unknown, min: number, max: number): Float32Array {
    if (!(x instanceof Float32Array)) {
      this.fail(op, `${name} must be a Float32Array, got ${describe(x)}`);
    }
    if (x.length === 0) this.fail(op, `${name} is empty`);
    if (x.length < min) this.fail(op, `${name}.length must be >= ${min}, got ${x.length}`);
    if (x.length > max) this.fail(op, `${name}.length must be <= ${max}, got ${x.length}`);
    return x;
  }

  /** log2(n) when n is a power of two in min..max. */
  powerOfTwo(op: string, name: string, n: number, min: number, max: number): number {
    if (!Number.isInteger(n) || n < min || n > max || (n & (n - 1)) !== 0) {
      this.fail(op, `${name} must be a power of two in ${min}..${max}, got ${n}`);
    }
    return 31 - Math.clz32(n);
  }

  positive(op: string, name: string, v: number): void {
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
      this.fail(op, `${name} must be a finite number > 0, got ${v}`);
    }
  }

  finiteNumber(op: string, name: string, v: number): void {
    if (typeof v !== "number" || !Number.isFinite(v)) this.fail(op, `${name} must be a finite number, got ${v}`);
  }

  nonNegative(op: string, name: string, v: number): void {
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      this.fail(op, `${name} must be a finite number >= 0, got ${v}`);
    }
  }

  /** 0 <= low < high <= fs/2. */
  band(op: string, fs: number, low: number, high: number): void {
    this.positive(op, "fs", fs);
    this.finiteNumber(op, "lowHz", low);
    this.finiteNumber(op, "highHz", high);
    if (low < 0 || high > fs / 2 || low >= high) {
      this.fail(op, `band ${low}..${high} Hz must satisfy 0 <= lowHz < highHz <= fs/2 = ${fs / 2}`);
    }
  }

  /** `out`, when given, must be a Float32Array of exactly n elements. */
  out(op: string, out: Float32Array | undefined, n: number): Float32Array {
    if (out === undefined) return new Float32Array(n);
    if (!(out instanceof Float32Array) || out.length !== n) {
      this.fail(op, `out must be a Float32Array of length ${n}, got ${describe(out)}`);
    }
    return out;
  }

  /** Reports the first non-finite sample found by the core (index >= 0). */
  nonFinite(op: string, name: string, x: Float32Array, index: number): never {
    return this.fail(op, `${name}[${index}] is ${x[index]} (NaN and infinities are not allowed)`);
  }

  sameLength(op: string, a: Float32Array, b: Float32Array, c: Float32Array): void {
    if (a.length !== b.length || a.length !== c.length) {
      this.fail(op, `phases must have equal lengths, got ${a.length}, ${b.length}, ${c.length}`);
    }
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as Float32Array).length})`;
  if (Array.isArray(v)) return `Array(${v.length})`;
  return typeof v;
}
