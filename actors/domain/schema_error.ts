/**
 * The error every domain schema raises when a value at an edge (NATS payload, CSV, HTTP body,
 * CLI flag) does not match: it names the object, the field, what was expected and what was found.
 * @module
 */

/** A value failed schema validation. `code` is stable; `path` names the offending field. */
export class SchemaError extends Error {
  /** Stable error code for counting and for problem+json replies. */
  readonly code = "SCHEMA_INVALID";
  /** Dotted path of the offending field, e.g. `profile.bearing.balls`. */
  readonly path: string;
  constructor(what: string, path: string, expected: string, found: unknown, options?: ErrorOptions) {
    super(`Cannot decode ${what}: ${path} must be ${expected}, got ${describe(found)}`, options);
    this.name = "SchemaError";
    this.path = path;
  }
}

/** A short, safe rendering of a found value for error messages. */
export function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : String(v);
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as { length: number }).length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  return typeof v;
}

/** Small field readers that throw {@link SchemaError}s naming the path. */
export class FieldReader {
  readonly what: string;
  constructor(what: string) {
    this.what = what;
  }
  fail(path: string, expected: string, found: unknown): never {
    throw new SchemaError(this.what, path, expected, found);
  }
  object(v: unknown, path: string): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) this.fail(path, "an object", v);
    return v as Record<string, unknown>;
  }
  string(v: unknown, path: string, pattern?: RegExp): string {
    if (typeof v !== "string" || v.length === 0 || (pattern && !pattern.test(v))) {
      this.fail(path, pattern ? `a string matching ${pattern}` : "a non-empty string", v);
    }
    return v;
  }
  number(v: unknown, path: string, opts: { min?: number; max?: number; exclusiveMin?: number; integer?: boolean } = {}): number {
    const ok = typeof v === "number" && Number.isFinite(v) &&
      (opts.min === undefined || v >= opts.min) &&
      (opts.max === undefined || v <= opts.max) &&
      (opts.exclusiveMin === undefined || v > opts.exclusiveMin) &&
      (!opts.integer || Number.isInteger(v));
    if (!ok) {
      const parts = [opts.integer ? "an integer" : "a finite number"];
      if (opts.exclusiveMin !== undefined) parts.push(`> ${opts.exclusiveMin}`);
      if (opts.min !== undefined) parts.push(`>= ${opts.min}`);
      if (opts.max !== undefined) parts.push(`<= ${opts.max}`);
      this.fail(path, parts.join(" "), v);
    }
    return v as number;
  }
  optionalNumber(v: unknown, path: string, opts: Parameters<FieldReader["number"]>[2] = {}): number | undefined {
    return v === undefined || v === null ? undefined : this.number(v, path, opts);
  }
  oneOf<T extends string>(v: unknown, path: string, values: readonly T[]): T {
    if (typeof v !== "string" || !values.includes(v as T)) this.fail(path, `one of ${values.join(" | ")}`, v);
    return v as T;
  }
  /** A numeric sample array: Float32Array/Float64Array/Int16Array (with scale) or number[]; all finite. */
  samples(v: unknown, path: string, opts: { minLength?: number; scale?: number } = {}): Float32Array {
    let out: Float32Array;
    // Int16 samples times a finite scale that cannot overflow float32 are finite: no check needed.
    let finite = false;
    if (v instanceof Float32Array) out = v;
    else if (v instanceof Float64Array || Array.isArray(v)) out = Float32Array.from(v as ArrayLike<number>);
    else if (v instanceof Int16Array) {
      const scale = opts.scale ?? 1;
      out = scaledInt16(v, scale);
      finite = Number.isFinite(scale) && Math.abs(scale) < 1e33;
    } else this.fail(path, "a Float32Array, Int16Array or number array", v);
    if (out.length < (opts.minLength ?? 1)) this.fail(path, `at least ${opts.minLength ?? 1} samples`, `${out.length} samples`);
    if (!finite) for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i])) this.fail(`${path}[${i}]`, "a finite number", out[i]);
    }
    return out;
  }
}

/** Int16 samples times `scale` as Float32 (its own function, so the loop stays monomorphic and fast). */
function scaledInt16(v: Int16Array, scale: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * scale;
  return out;
}
