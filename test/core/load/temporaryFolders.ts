// Temporary folders a test or a test suite makes and removes once it is done, whether it passed or failed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';

/** A fresh folder `prefix…` in the temporary folder, removed with all it holds once the test `t` is done. */
export function tempFolder(t: TestContext, prefix = 'ctlens-'): string {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  t.after(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/**
 * Folders named `prefix…` in the temporary folder, for helpers that make them outside a test's own body: `make` one,
 * `removeAll` in the `after` hook (mocha: `suiteTeardown`) of the file or suite that makes them.
 */
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
