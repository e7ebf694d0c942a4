// A trap instead of an `env.abort` import keeps the module free of host imports, so the binding
// instantiates it with an empty import object in Node and Deno alike.
export function dspAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  unreachable();
}
