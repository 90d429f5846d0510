// In-host suite, part 2: the commands that act on one event or one log, called the way the tree, the panel and
// the explorer call them (with an event id or a Uri), on real logs. Expected counts come from `ctlens stats`,
// given the very filter query the extension built.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as zlib from 'zlib';
import * as vscode from 'vscode';
import { cliStats, groupCount } from '../cliStats';
import { api, children, closeEverything, fixture, until, loadSample } from './util';

const SAMPLE = () => fixture('s3-activity.json');
/** The events of the top-level groups (Problems apart); a group whose description is not a count fails. */
const sum = (rows: { label: string; description: string }[]) =>
  rows.filter((r) => r.label !== 'Problems').reduce((a, r) => a + groupCount(r.description), 0);

/** The store id of the first event with that eventName. */
function idOf(store: any, eventName: string): number {
  const id = [...store.allIds()].find((i: number) => store.summary(i).eventName === eventName);
  assert.ok(id !== undefined, `an event ${eventName} in the store`);
  return id;
}

suite('commands on one event', () => {
  setup(closeEverything);

  for (const [command, field, term] of [
    ['cloudtrailLens.filterByPrincipal', 'principal', 'principal'],
    ['cloudtrailLens.filterByAccessKey', 'accessKeyId', 'key'],
    ['cloudtrailLens.filterByBucket', 'bucket', 'bucket'],
  ] as const) {
    test(`${command} filters the tree to the events ctlens finds with the same query`, async () => {
      const { store, tree } = await loadSample();
      const id = idOf(store, 'GetBucketPolicy');
      const value = store.summary(id)[field];
      assert.ok(value, `the event has a ${field}`);
      await vscode.commands.executeCommand(command, id);
      const filter: string = await until('a filter', () => (tree as any).filter);
      assert.ok(filter.startsWith(`${term}:`) && filter.includes(String(value).slice(0, 8)), `filter "${filter}" is on ${term} = ${value}`);
      const want = cliStats(SAMPLE(), filter).total;
      assert.ok(want > 0 && want <= store.size);
      await until(`${want} events in the filtered tree`, async () => sum(await children(tree)) === want);
    });
  }

  test('cloudtrailLens.revealInLog opens the log with the record selected', async () => {
    const { store } = await loadSample();
    const id = idOf(store, 'GetBucketPolicy');
    const eventID = store.summary(id).eventID;
    await vscode.commands.executeCommand('cloudtrailLens.revealInLog', id);
    const editor = await until('the log editor', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === SAMPLE()));
    const selected = editor.document.getText(editor.selection);
    assert.ok(selected.includes(`"eventID": "${eventID}"`), `the selection is the record of ${eventID} (${selected.length} chars)`);
    const record = JSON.parse(selected.replace(/,\s*$/, ''));
    assert.equal(record.eventID, eventID);
  });

  test('cloudtrailLens.revealInLog on a .json.gz event opens the pretty view at the record', async () => {
    const a = await api();
    const dir = fixture('AWSLogs', '218007301253', 'CloudTrail', 'us-east-1', '2023', '07', '10');
    const gz = fs
      .readdirSync(dir)
      .map((f) => `${dir}/${f}`)
      .find((f) => f.includes('OU6Ha25B'))!;
    await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(gz));
    const records = JSON.parse(zlib.gunzipSync(fs.readFileSync(gz)).toString('utf8')).Records;
    await until('the gz log loaded', () => a.store.size === records.length);
    const id = [...a.store.allIds()].at(-1) as number;
    await vscode.commands.executeCommand('cloudtrailLens.revealInLog', id);
    const editor = await until('the gz view', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'cloudtrail-log'));
    assert.ok(editor.document.getText(editor.selection).includes(a.store.summary(id).eventID));
  });

  test('cloudtrailLens.copyEventJson puts the record on the clipboard', async () => {
    const { store } = await loadSample();
    const id = idOf(store, 'CopyObject');
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('cloudtrailLens.copyEventJson', id);
    const text = await until('clipboard text', async () => (await vscode.env.clipboard.readText()) || undefined);
    const original = JSON.parse(fs.readFileSync(SAMPLE(), 'utf8')).Records.find((r: any) => r.eventID === store.summary(id).eventID);
    assert.deepEqual(JSON.parse(text), original);
  });

  test('cloudtrailLens.explainTrailMatch opens the detail panel on the event', async () => {
    const { store } = await loadSample();
    const id = idOf(store, 'GetBucketAcl');
    await vscode.commands.executeCommand('cloudtrailLens.explainTrailMatch', id);
    await until('the panel tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'CloudTrail: GetBucketAcl'),
    );
  });
});

suite('commands on logs and the tree', () => {
  setup(closeEverything);

  test('cloudtrailLens.closeLog closes one log and keeps the others', async () => {
    const { store } = await loadSample();
    const dir = fixture('broken');
    await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(`${dir}/good-1.json`));
    const both = cliStats([SAMPLE(), `${dir}/good-1.json`]).total;
    await until('two logs', () => store.size === both);
    await vscode.commands.executeCommand('cloudtrailLens.closeLog', vscode.Uri.file(SAMPLE()));
    await until('one log left', () => store.size === cliStats(`${dir}/good-1.json`).total);
  });

  test('cloudtrailLens.pinLog keeps an editor-opened log after its editor closes; unpinned it goes', async () => {
    const { store } = await api();
    const file = fixture('broken', 'good-1.json');
    const total = cliStats(file).total;
    const open = async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await until('the opened log indexed', () => store.size === total);
    };
    await open();
    await vscode.commands.executeCommand('cloudtrailLens.pinLog', vscode.Uri.file(file));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise((r) => setTimeout(r, 1000)); // give a wrong removal the time to happen
    assert.equal(store.size, total, 'a pinned log stays');
    await vscode.commands.executeCommand('cloudtrailLens.closeAll');
    await until('empty', () => store.size === 0);
    await open();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('an unpinned editor-opened log to leave with its editor', () => store.size === 0, 20_000);
  });

  test('groupBy bucket: each top-level group has the count ctlens gives for that bucket', async () => {
    const { tree } = await loadSample();
    const config = vscode.workspace.getConfiguration('cloudtrailLens');
    await config.update('groupBy', 'bucket', vscode.ConfigurationTarget.Workspace);
    try {
      const rows = await until('bucket groups', async () => {
        const r = await children(tree);
        return r.some((x) => x.label.startsWith('baker221b-')) ? r : undefined;
      });
      let checked = 0;
      for (const r of rows) {
        // The label may be the bucket's name elided to fit the row ("baker221b-bu…7fcs7w"); the group keeps the name.
        const bucket = (r.node as { value?: string | null }).value;
        if (!bucket || !/^[a-z0-9][a-z0-9.-]+$/.test(bucket)) continue;
        assert.ok(r.label === bucket || (r.label.includes('…') && r.label.length < bucket.length), `label "${r.label}" for ${bucket}`);
        assert.equal(groupCount(r.description), cliStats(SAMPLE(), `bucket:${bucket}`).total, `bucket ${bucket}`);
        checked++;
      }
      assert.ok(checked >= 3, `several bucket groups checked (${checked})`);
    } finally {
      await config.update('groupBy', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('cloudtrailLens.showOutput shows the extension log', async () => {
    await api();
    await vscode.commands.executeCommand('cloudtrailLens.showOutput');
  });
  test('a log rewritten after loading: copying an event reports it changed, the other logs stay, and Reload loads it again', async () => {
    const a: any = await api();
    const copy = fixture('rewritten-after-load.json');
    fs.copyFileSync(SAMPLE(), copy);
    await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(SAMPLE()));
    await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(copy));
    const total = cliStats(SAMPLE()).total;
    await until('both logs loaded', () => a.store.size === 2 * total);
    const id = [...a.store.allIds()].find((i: number) => a.store.summary(i).file === copy);
    // Same size, other bytes: every record's braces move, as when a log is replaced by another export.
    const text = fs.readFileSync(copy, 'utf8');
    fs.writeFileSync(copy, ' ' + text.slice(0, -1));
    await vscode.commands.executeCommand('cloudtrailLens.copyEventJson', id);
    await until('the log reported as changed', () => a.store.changedFiles().includes(copy));
    assert.ok(
      a.store.diagnostics().some((d: any) => d.file === copy && d.code === 'changed-since-load'),
      'a changed-since-load diagnostic names the file',
    );
    assert.equal(a.store.size, 2 * total, 'no event of either log is lost');
    await a.logs.reload(copy);
    await until('reloaded: no longer changed', () => !a.store.changedFiles().includes(copy) && a.store.size === 2 * total);
    fs.rmSync(copy);
  });
});
