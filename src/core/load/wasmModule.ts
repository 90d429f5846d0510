// A WebAssembly module of wasm/ (its bytes base64 in a generated file), compiled the first time it is asked for.

/**
 * The module of `base64`, compiled once per thread on first call; null where this runtime cannot run it (no
 * WebAssembly, or no SIMD or bulk memory), and the caller's JavaScript path does the work.
 */
export function compiledOnce(base64: string): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        compiled = new WebAssembly.Module(Buffer.from(base64, 'base64'));
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}
