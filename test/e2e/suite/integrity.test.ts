// In-host suite: log integrity. CloudTrail: Validate Log Integrity… run the way the explorer runs it (with a folder's
// Uri) on a delivery folder written by test/core/integrity/deliveryFolder.ts with one log changed after delivery:
// the Integrity view's counts, the file decorations, and the detail panel's integrity line.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as vscode from 'vscode';
import { makeKeyPair, publicKeysJson, TRAIL, tempRoot, writeNewestSignature, writeTrail } from '../../core/integrity/deliveryFolder';
import { api, children, closeEverything, until, type Row } from './util';

function row(rows: Row[], label: string): Row {
  const found = rows.find((candidate) => candidate.label === label);
  assert.ok(found, `a row "${label}" among ${rows.map((candidate) => candidate.label).join(', ')}`);
  return found;
}

/** Opens a log and shows its first event in the detail panel; resolves to the event's store id. */
async function showFirstEventOf(a: any, file: string): Promise<number> {
  await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(file));
  // Wrapped: an id may be 0, which `until` would take for "not yet".
  const { id } = await until(`an event of ${path.basename(file)}`, () => {
    const found = [...a.store.allIds()].find((candidate: number) => a.store.summary(candidate).file === file);
    return found === undefined ? undefined : { id: found as number };
  });
  await vscode.commands.executeCommand('cloudtrailLens.showEvent', id);
  return id;
}

suite('log integrity', () => {
  setup(closeEverything);

  const keys = makeKeyPair();
  const root = tempRoot();
  const trail = writeTrail(root, TRAIL, 2, 2, keys);
  writeNewestSignature(trail);
  // Found at the top of the validated folder, as a list-public-keys output saved beside the logs.
  fs.writeFileSync(path.join(root, 'public-keys.json'), publicKeysJson(keys));
  const modified = trail.logs[0][1];
  const text = zlib.gunzipSync(fs.readFileSync(modified));
  text[text.indexOf('user')] = 'U'.charCodeAt(0);
  fs.writeFileSync(modified, zlib.gzipSync(text));
  const valid = trail.logs[1][0];

  suiteTeardown(() => fs.rmSync(root, { recursive: true, force: true }));

  test('Validate Log Integrity on a folder: the view counts one modified log, and the file is decorated M', async () => {
    const a = (await api()) as any;
    const run = await vscode.commands.executeCommand<any>('cloudtrailLens.validateIntegrity', vscode.Uri.file(root));
    assert.ok(run, 'the command resolves to the run');
    const rows = await children(a.integrityTree);
    const logs = row(rows, 'Log files');
    assert.equal(logs.description, '1 modified, 3 valid');
    assert.equal(row(rows, 'Digest files').description, '2 valid');
    assert.match(row(rows, 'Public keys').description, /^1 file$/);
    const groups = await children(a.integrityTree, logs.node);
    const modifiedGroup = row(groups, 'Modified');
    assert.equal(modifiedGroup.description, '1');
    const [fileRow] = await children(a.integrityTree, modifiedGroup.node);
    assert.equal(fileRow.item.resourceUri?.fsPath, modified);
    assert.equal((fileRow.item.iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(((fileRow.item.iconPath as vscode.ThemeIcon).color as vscode.ThemeColor).id, 'list.errorForeground');

    const decorationOf = (file: string): vscode.FileDecoration | undefined => a.integrityDecorations.provideFileDecoration(vscode.Uri.file(file));
    const changed = decorationOf(modified);
    assert.equal(changed?.badge, 'M');
    assert.equal(changed?.tooltip, 'Integrity: modified');
    assert.equal((changed?.color as vscode.ThemeColor).id, 'gitDecoration.deletedResourceForeground');
    assert.equal(decorationOf(valid)?.badge, '✓');
    assert.equal(decorationOf(valid)?.color, undefined);
    assert.equal(decorationOf(trail.digests[0])?.badge, '✓');
    assert.equal(decorationOf(path.join(root, 'public-keys.json')), undefined, 'only validated files are decorated');
  });

  test('the detail panel of an event says whether its log file was validated, and by which digest', async () => {
    const a = (await api()) as any;
    if (a.integrity.verdictOf(modified) === undefined)
      await vscode.commands.executeCommand('cloudtrailLens.validateIntegrity', vscode.Uri.file(root));
    for (const [file, status, digest] of [
      [modified, 'modified', trail.digests[0]],
      [valid, 'valid', trail.digests[1]],
    ] as const) {
      const id = await showFirstEventOf(a, file);
      const integrity = await until(
        `the panel's integrity line for ${path.basename(file)}`,
        () => a.panel.current?.id === id && a.panel.current.view.integrity,
      );
      assert.equal(integrity.status, status);
      assert.ok(integrity.sentence.includes(path.basename(digest)), `"${integrity.sentence}" names ${path.basename(digest)}`);
    }
  });

  test('an event shown before its log is validated says so, and the panel re-renders when validation finishes', async () => {
    const a = (await api()) as any;
    const other = tempRoot();
    const written = writeTrail(other, { ...TRAIL, account: '444455556666' }, 1, 1, keys);
    const file = written.logs[0][0];
    try {
      const id = await showFirstEventOf(a, file);
      await until('"not validated" in the panel', () => a.panel.current?.id === id && a.panel.current.view.integrity?.status === 'not-validated');
      await vscode.commands.executeCommand('cloudtrailLens.validateIntegrity', vscode.Uri.file(other));
      const integrity = await until(
        'the panel re-rendered',
        () => a.panel.current?.view.integrity?.status !== 'not-validated' && a.panel.current?.view.integrity,
      );
      assert.equal(integrity.status, 'valid');
      assert.match(
        integrity.sentence,
        /The digest itself is signature unchecked/,
        'its only digest is the newest, whose signature (S3 metadata) was not given',
      );
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
