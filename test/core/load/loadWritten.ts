// Writing a file into a test's own temporary folder and loading it alone, in the calling thread.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { LoadedFile } from '../../../src/core/load/loadedFile';

/** A loader into a fresh folder (removed after the test file): `load(name, text)` writes the file and loads it. */
export function loaderInTempFolder(prefix: string): { load(name: string, text: string): Promise<LoadedFile> } {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  after(() => rmSync(folder, { recursive: true, force: true }));
  return {
    async load(name, text) {
      const file = path.join(folder, name);
      writeFileSync(file, text);
      const result = await loadPaths([file], { workers: 0 });
      return result.files[0];
    },
  };
}
