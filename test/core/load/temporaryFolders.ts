// Temporary folders a test suite makes and removes once it is done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** Folders named `prefix…` in the temporary folder: `make` one, `removeAll` in the suite's `after`. */
export function temporaryFolders(prefix: string): { make(): string; removeAll(): void } {
  const made: string[] = [];
  return {
    make() {
      const folder = mkdtempSync(path.join(tmpdir(), prefix));
      made.push(folder);
      return folder;
    },
    removeAll() {
      made.splice(0).forEach((folder) => rmSync(folder, { recursive: true, force: true }));
    },
  };
}
