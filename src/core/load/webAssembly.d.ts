// The part of the WebAssembly JavaScript API that Node has and the modules of wasm/ use. TypeScript declares it only in
// its DOM and web worker libraries, which would bring `window` and the DOM's other globals into the core.
// https://webassembly.github.io/spec/js-api/

declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: Record<string, never>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Global {
    readonly value: unknown;
  }
}
