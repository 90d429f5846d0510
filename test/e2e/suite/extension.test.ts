// In-host suite: the API-level behaviour of every command and provider, inside the real extension host of
// VS Code 1.100 (code-server), on the sample workspace of real logs. Expected counts come from `ctlens stats`.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import * as vscode from 'vscode';
import { temporaryFolders } from '../../core/load/temporaryFolders';
import { accountOfAccessKey, cliStats, groupCount, LEVEL_LABELS } from '../cliStats';
import { api, children, closeEverything, EXTENSION_ID, fixture, hoverText, until } from './util';

const CONTRACT_COMMANDS = [
  'openFiles',
  'openFolder',
  'openPath',
  'closeLog',
  'closeAll',
  'pinLog',
  'searchEvents',
  'filterTree',
  'clearFilter',
  'goToEventById',
  'findByAccessKey',
  'findByPrincipal',
  'groupBy',
  'showEvent',
  'revealInLog',
  'copyEventJson',
  'filterByPrincipal',
  'filterByAccessKey',
  'filterByBucket',
  'explainTrailMatch',
  'showOutput',
  'validateIntegrity',
  'showCredentialActivity',
  'showOverview',
  'noiseLenses',
  'openPrettyView',
  'copyAsAthenaSql',
  'copyAsLakeSql',
  'openSqlInEditor',
].map((c) => `cloudtrailLens.${c}`);

const SAMPLE = () => fixture('s3-activity.json');
const DELIVERY = () => fixture('AWSLogs');

async function openPath(p: string) {
  await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(p));
}

suite('activation and registration', () => {
  test('activate() returns the test API { store, tree, panel }', async () => {
    const a = await api();
    assert.ok(a.store, 'store');
    assert.ok(a.tree && typeof a.tree.getChildren === 'function' && typeof a.tree.getTreeItem === 'function', 'tree is a TreeDataProvider');
    assert.ok(a.panel, 'panel');
  });

  test('every command of the contract is registered', async () => {
    await api();
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = CONTRACT_COMMANDS.filter((c) => !all.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    // And every command package.json contributes (a menu entry of an unregistered command fails when clicked).
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.commands ?? []) as { command: string }[];
    assert.ok(contributed.length >= CONTRACT_COMMANDS.length);
    const unregistered = contributed.map(({ command }) => command).filter((command) => !all.has(command));
    assert.deepEqual(unregistered, [], `contributed but not registered: ${unregistered.join(', ')}`);
  });

  test('the Events, Trails, Integrity and Overview views are registered (their focus commands run)', async () => {
    await api();
    for (const view of ['events', 'trails', 'integrity', 'overview']) await vscode.commands.executeCommand(`cloudtrailLens.${view}.focus`);
  });
});

suite('loading logs', () => {
  setup(closeEverything);

  test('Open as CloudTrail Logs on a .json file: store and tree groups match ctlens stats', async () => {
    const { store, tree } = await api();
    const expected = cliStats(SAMPLE());
    await openPath(SAMPLE());
    await until('the store to hold the file', () => store.size === expected.total);
    const rows = await children(tree);
    for (const label of LEVEL_LABELS) {
      const row = rows.find((r) => r.label === label);
      const want = expected.levels[label];
      if (want === 0 && !row) continue; // an empty group may be left out
      assert.ok(row, `no top-level group "${label}" (have: ${rows.map((r) => r.label).join(', ')})`);
      assert.equal(groupCount(row.description), want, `${label}: description "${row.description}"`);
    }
  });

  test('Open as CloudTrail Logs on a delivery-layout folder of .json.gz: counts match ctlens stats', async () => {
    const { store } = await api();
    const expected = cliStats(DELIVERY());
    const gzFiles = listFiles(DELIVERY()).filter((f) => f.endsWith('.json.gz'));
    await openPath(DELIVERY());
    await until('all events of the folder', () => store.size === expected.total, 60_000);
    assert.equal(store.files().length, gzFiles.length);
  });

  test('a folder with broken files: good files load, every broken file has a diagnostic, a Problems group shows', async () => {
    const { store, tree } = await api();
    const dir = fixture('broken');
    const expected = cliStats(dir);
    await openPath(dir);
    await until('the good events', () => store.size === expected.total && store.diagnostics().length > 0, 60_000);
    const diagFiles = new Set<string>(store.diagnostics().map((d: any) => String(d.file)));
    for (const bad of ['truncated.json', 'truncated.json.gz', 'not-json.json', 'not-cloudtrail.json', 'empty.json', 'garbage.json.gz']) {
      assert.ok(
        [...diagFiles].some((f) => f.endsWith(bad)),
        `no diagnostic for ${bad} (have ${[...diagFiles].join(', ')})`,
      );
    }
    const rows = await children(tree);
    assert.ok(
      rows.some((r) => r.label === 'Problems'),
      `no Problems group (have: ${rows.map((r) => r.label).join(', ')})`,
    );
  });

  test('Close All Logs empties the store and the tree', async () => {
    const { store, tree } = await api();
    await openPath(SAMPLE());
    await until('events loaded', () => store.size > 0);
    await vscode.commands.executeCommand('cloudtrailLens.closeAll');
    await until('an empty store', () => store.size === 0);
    const rows = await children(tree);
    assert.ok(
      rows.every((r) => !r.count),
      `tree still shows events: ${rows.map((r) => r.label + ' ' + r.description).join('; ')}`,
    );
  });

  test('opening a .json log in an editor adds it to the store (autoIndexOpenedLogs)', async () => {
    const { store } = await api();
    const expected = cliStats(SAMPLE());
    const doc = await vscode.workspace.openTextDocument(SAMPLE());
    await vscode.window.showTextDocument(doc);
    await until('the opened log in the store', () => store.size === expected.total);
  });
});

suite('viewers and providers', () => {
  setup(closeEverything);
  // Folders the tests write logs into, removed once the suite is done and nothing of theirs is open or loaded.
  const folders = temporaryFolders('ctlens-viewers-');
  suiteTeardown(async () => {
    await closeEverything();
    folders.removeAll();
  });

  test('a .json.gz log opens read-only as pretty-printed JSON under the cloudtrail-log scheme', async () => {
    const gz = listFiles(DELIVERY()).find((f) => f.endsWith('.json.gz'))!;
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(gz));
    const editor = await until('a cloudtrail-log editor', () =>
      vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'cloudtrail-log'),
    );
    const doc = editor.document;
    assert.ok(doc.lineCount > 20, `pretty-printed text has many lines (got ${doc.lineCount})`);
    const original = JSON.parse(zlib.gunzipSync(fs.readFileSync(gz)).toString('utf8'));
    assert.deepEqual(JSON.parse(doc.getText()), original, 'same JSON as the decompressed file');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(doc.uri, Buffer.from('{}'))), 'writing the view is refused');
  });

  test('hovers: eventName, userIdentity and accessKeyId are explained', async () => {
    await api();
    const doc = await vscode.workspace.openTextDocument(SAMPLE());
    await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    const record = JSON.parse(text).Records[0];
    const at = (needle: string) => doc.positionAt(text.indexOf(needle) + 2);
    const hover = async (needle: string) =>
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at(needle)));

    const onName = await until('an eventName hover', async () => (await hover('"eventName"')) || undefined);
    assert.ok(onName.includes(record.eventName), `eventName hover names ${record.eventName}: ${onName}`);
    const onIdentity = await hover('"userIdentity"');
    assert.ok(
      onIdentity.includes(record.userIdentity.type) || onIdentity.includes(record.userIdentity.userName ?? '\u0000'),
      `userIdentity hover describes the identity: ${onIdentity}`,
    );
    const onKey = await hover(`"${record.userIdentity.accessKeyId}"`);
    const owner = accountOfAccessKey(record.userIdentity.accessKeyId);
    assert.ok(onKey.includes(owner), `accessKeyId hover decodes the owning account ${owner}: ${onKey}`);
  });

  test('CloudWatch Logs events (filter-log-events output) opened in an editor join the store, and hovers explain a field inside a message', async () => {
    const { store } = await api();
    const expected = cliStats(SAMPLE());
    const records = (JSON.parse(fs.readFileSync(SAMPLE(), 'utf8')) as { Records: { eventName: string }[] }).Records;
    const events = records.map((record, i) => ({
      logStreamName: '111122223333_CloudTrail_us-east-1',
      timestamp: i,
      message: JSON.stringify(record),
    }));
    const file = path.join(folders.make(), 'filter-log-events.json');
    fs.writeFileSync(file, JSON.stringify({ events, searchedLogStreams: [] }, null, 2));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    await until('the CloudWatch Logs events in the store', () => store.size === expected.total);
    const text = doc.getText();
    const at = doc.positionAt(text.indexOf('\\"eventName\\"') + 3);
    const onName = await until(
      'an eventName hover inside a message',
      async () => hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) || undefined,
    );
    assert.ok(onName.includes(records[0].eventName), `the hover names ${records[0].eventName}: ${onName}`);
  });

  test('Filter Tree with a query narrows the tree; Clear Filter restores it', async () => {
    const { store, tree } = await api();
    await openPath(SAMPLE());
    const expected = cliStats(SAMPLE());
    await until('events loaded', () => store.size === expected.total);
    const before = sum(await children(tree));
    const want = cliStats(SAMPLE(), 'name:GetBucketAcl').total;
    assert.ok(want > 0 && want < before);
    await vscode.commands.executeCommand('cloudtrailLens.filterTree', 'name:GetBucketAcl');
    await until(`a filtered tree of ${want} events`, async () => sum(await children(tree)) === want);
    await vscode.commands.executeCommand('cloudtrailLens.clearFilter');
    await until('the unfiltered tree', async () => sum(await children(tree)) === before);
  });

  test('Show Event Details opens the detail panel titled "CloudTrail: <eventName>"', async () => {
    const { store } = await api();
    await openPath(SAMPLE());
    await until('events loaded', () => store.size > 0);
    const id = store.allIds()[0];
    const summary = store.summary(id);
    await vscode.commands.executeCommand('cloudtrailLens.showEvent', id);
    const tab = await until('the detail panel tab', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('cloudtrailLens.eventDetail')),
    );
    assert.equal(tab.label, `CloudTrail: ${summary.eventName}`);
  });

  test('trail configurations: the configured file and every *.trail.json of the workspace are read', async () => {
    const a = (await api()) as any;
    const configured = vscode.workspace.getConfiguration('cloudtrailLens').get<string[]>('trailConfigurations') || [];
    assert.ok(configured.length > 0, 'the sample workspace configures a trail file');
    assert.ok(a.trails, 'activate() exposes the trail settings (trails) beside { store, tree, panel }');
    if (typeof a.trails.whenLoaded === 'function') await a.trails.whenLoaded();
    const names = await until('trails read', () => {
      const n = (a.trails.trails || []).map((t: any) => t.name);
      return n.length >= 2 ? n : undefined;
    });
    for (const file of fs.readdirSync(fixture('trails')).filter((f) => f.endsWith('.trail.json'))) {
      const cfg = JSON.parse(fs.readFileSync(fixture('trails', file), 'utf8'));
      const name = cfg.trailList?.[0]?.Name ?? String(cfg.TrailARN).split('trail/')[1];
      assert.ok(names.includes(name), `trail ${name} of ${file} is read (have ${names.join(', ')})`);
    }
  });

  test('trails rebuilt from the logs: opening a log with a trail’s StopLogging adds the trail to the Trails view, and a later event is judged against it', async () => {
    const a = (await api()) as any;
    await closeEverything();
    const file = fixture('tampering', 'stopped-trail.json');
    const records = JSON.parse(fs.readFileSync(file, 'utf8')).Records as any[];
    const stop = records.find((r) => r.eventName === 'StopLogging');
    const trailName = records.find((r) => r.eventName === 'CreateTrail').requestParameters.name;
    await openPath(file);
    const trail = await until('the trail rebuilt from the logs', () => a.logTrails.trails.find((t: any) => t.name === trailName));
    assert.deepEqual(
      trail.timeline.map((change: any) => change.eventName),
      ['CreateTrail', 'StartLogging', 'StopLogging'],
    );
    const node = a.trailsTree.trails.find((n: any) => n.label === trailName);
    assert.match(node.description, /from the logs · stopped · 1 warning/);
    const after = records.find((r) => Date.parse(r.eventTime) > Date.parse(stop.eventTime) && r.eventSource !== 'cloudtrail.amazonaws.com');
    await vscode.commands.executeCommand('cloudtrailLens.showEvent', a.store.findByEventId(after.eventID));
    const verdict = await until('the panel to judge the rebuilt trail', () => a.panel.current?.view.trails?.find((t: any) => t.name === trailName));
    assert.equal(verdict.logged, false);
    assert.match(verdict.reasons.join(' '), new RegExp(`StopLogging at ${stop.eventTime}`));
    await closeEverything();
    await until('closing the log removes its trail', () => a.logTrails.trails.length === 0);
  });

  test('a trail with 1,200 changes shows them a page at a time behind "Show more"', async () => {
    const a = (await api()) as any;
    await closeEverything();
    const records = JSON.parse(fs.readFileSync(fixture('tampering', 'stopped-trail.json'), 'utf8')).Records as any[];
    const stop = records.find((r) => r.eventName === 'StopLogging');
    const trailName = records.find((r) => r.eventName === 'CreateTrail').requestParameters.name;
    // The same StopLogging, a second apart, under eventIDs of its own: 1,200 changes of one trail.
    const forged = Array.from({ length: 1200 }, (_, k) => ({
      ...stop,
      eventID: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
      eventTime: new Date(Date.parse(stop.eventTime) + k * 1000).toISOString().replace('.000Z', 'Z'),
    }));
    const folder = folders.make();
    const file = path.join(folder, 'many-stops.json');
    fs.writeFileSync(file, JSON.stringify({ Records: forged }));
    await openPath(file);
    const node = await until('the forged trail in the Trails view', () => a.trailsTree.trails.find((n: any) => n.label === trailName));
    assert.equal(node.childCount, 1200);
    const firstPage = a.trailsTree.getChildren(node);
    assert.equal(firstPage.length, 501, 'a page of changes and a "Show more" item');
    const more = firstPage[500];
    const item = a.trailsTree.getTreeItem(more);
    assert.equal(item.command?.command, 'cloudtrailLens.trails.showMore');
    await vscode.commands.executeCommand(item.command.command, ...item.command.arguments);
    assert.equal(a.trailsTree.getChildren(node).length, 1001);
    await vscode.commands.executeCommand(item.command.command, ...item.command.arguments);
    assert.equal(a.trailsTree.getChildren(node).length, 1200, 'every change once the pages reach them');
    await closeEverything();
  });
});

/** The events of the top-level groups (Problems apart); a group whose description is not a count fails. */
function sum(rows: { label: string; description: string }[]): number {
  return rows.filter((r) => r.label !== 'Problems').reduce((a, r) => a + groupCount(r.description), 0);
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? d.path, d.name));
}
