// In-host suite: a plain .json log written as CloudTrail writes it, one minified line (issue 15, item 7), is offered
// "Open Pretty View" (a CodeLens on its first line), which opens the same read-only, laid-out view as .json.gz logs;
// hovers work there, Reveal in Log lands there while it is open, and the user's file is never rewritten.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, closeEverything, fixture, hoverText, until } from './util';

const OPEN_PRETTY_VIEW = 'cloudtrailLens.openPrettyView';
const SAMPLE = () => fixture('s3-activity.json');

/** The sample's records minified into one line, in a folder of its own outside the workspace. */
function writeMinifiedLog(): { folder: string; file: string; bytes: Buffer; records: any[] } {
  const records = JSON.parse(fs.readFileSync(SAMPLE(), 'utf8')).Records as any[];
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ctlens-pretty-'));
  const file = path.join(folder, '123837392027_CloudTrail_us-east-1_20230710T1200Z_minified.json');
  fs.writeFileSync(file, JSON.stringify({ Records: records }));
  return { folder, file, bytes: fs.readFileSync(file), records };
}

async function lensesOf(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses.filter((lens) => lens.command?.command === OPEN_PRETTY_VIEW);
}

async function prettyEditor(): Promise<vscode.TextEditor> {
  return until('the pretty view in front', () => {
    const editor = vscode.window.activeTextEditor;
    return editor?.document.uri.scheme === 'cloudtrail-log' ? editor : undefined;
  });
}

suite('pretty view of one-line .json logs', () => {
  let log: ReturnType<typeof writeMinifiedLog>;
  setup(async () => {
    await closeEverything();
    log = writeMinifiedLog();
  });
  teardown(async () => {
    await closeEverything();
    fs.rmSync(log.folder, { recursive: true, force: true });
  });

  test('a one-line log has the Open Pretty View lens on its first line; a laid-out log has none', async () => {
    await api();
    const doc = await vscode.workspace.openTextDocument(log.file);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.lineCount, 1);
    const lens = await until('the Open Pretty View lens', async () => (await lensesOf(doc.uri))[0]);
    assert.equal(lens.command?.title, 'Open Pretty View');
    assert.equal(lens.range.start.line, 0);
    const laidOut = await vscode.workspace.openTextDocument(SAMPLE());
    assert.deepEqual(await lensesOf(laidOut.uri), []);
  });

  test('the lens opens the read-only laid-out view; the file on disk is unchanged', async () => {
    await api();
    const doc = await vscode.workspace.openTextDocument(log.file);
    await vscode.window.showTextDocument(doc);
    const lens = await until('the Open Pretty View lens', async () => (await lensesOf(doc.uri))[0]);
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
    const view = (await prettyEditor()).document;
    assert.equal(view.languageId, 'json');
    assert.equal(view.uri.path, vscode.Uri.file(log.file).path);
    assert.ok(view.lineCount > 1000, `laid out on many lines (got ${view.lineCount})`);
    assert.deepEqual(JSON.parse(view.getText()).Records, log.records, 'the same records as the file');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(view.uri, Buffer.from('{}'))), 'writing the view is refused');
    assert.ok(fs.readFileSync(log.file).equals(log.bytes), 'the log file is byte for byte what it was');
    assert.equal(doc.isDirty, false);
  });

  test('hovers explain the fields in the pretty view', async () => {
    await api();
    await vscode.commands.executeCommand(OPEN_PRETTY_VIEW, vscode.Uri.file(log.file));
    const view = (await prettyEditor()).document;
    const text = view.getText();
    const record = log.records[3];
    const at = text.lastIndexOf('"eventName"', text.indexOf(`"eventID": "${record.eventID}"`));
    assert.ok(at > 0);
    const onName = await until('an eventName hover', async () => {
      const shown = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', view.uri, view.positionAt(at + 2)));
      return shown.replace(/\\(.)/g, '$1') || undefined;
    });
    assert.ok(onName.includes(record.eventName), `the eventName hover names ${record.eventName}: ${onName}`);
    const identityAt = text.indexOf('"userIdentity"');
    const onIdentity = hoverText(
      await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', view.uri, view.positionAt(identityAt + 2)),
    ).replace(/\\(.)/g, '$1');
    const { userName, accountId } = log.records[0].userIdentity;
    assert.ok(onIdentity.includes(`IAM user ${userName} of account ${accountId}`), `the userIdentity hover names the user: ${onIdentity}`);
  });

  test('Reveal in Log selects the record in the pretty view while it is open, in the file otherwise', async () => {
    const a = (await api()) as any;
    await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(log.file));
    await until('the log loaded', () => a.store.size === log.records.length);
    const index = log.records.findIndex((record) => record.eventName === 'GetBucketPolicy');
    assert.ok(index > 0, 'a GetBucketPolicy record past the first');
    const eventID = log.records[index].eventID;
    const id = a.store.findByEventId(eventID);
    assert.ok(id !== undefined);

    await vscode.commands.executeCommand('cloudtrailLens.revealInLog', id);
    const inFile = await until('the log file in front', () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.fsPath === log.file ? editor : undefined;
    });
    assert.deepEqual(JSON.parse(inFile.document.getText(inFile.selection)), log.records[index], 'the file’s selection is the record');

    await vscode.commands.executeCommand(OPEN_PRETTY_VIEW, vscode.Uri.file(log.file));
    await prettyEditor();
    await vscode.commands.executeCommand('cloudtrailLens.revealInLog', id);
    const inView = await until('the pretty view with a selection', () => {
      const editor = vscode.window.activeTextEditor;
      return editor?.document.uri.scheme === 'cloudtrail-log' && !editor.selection.isEmpty ? editor : undefined;
    });
    const selected = inView.document.getText(inView.selection);
    assert.ok(selected.includes(`"eventID": "${eventID}"`), `the view's selection is the record of ${eventID}`);
    assert.deepEqual(JSON.parse(selected), log.records[index]);
  });
});
