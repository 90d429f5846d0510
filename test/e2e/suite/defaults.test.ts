// In-host suite: with no trail at all (the workspace's trail files moved aside), the detail panel judges an event by
// CloudTrail's defaults as two verdicts, never one badge summarising both: Event history (90 days, so "no" for an
// event years old) and a trail with the default selector (which logs management events).
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { api, closeEverything, fixture, until } from './util';

suite('CloudTrail defaults in the detail panel', () => {
  // Renamed so that no name ends in .trail.json (the extension reads every such file of the workspace).
  const trailFiles = () => fs.readdirSync(fixture('trails')).filter((name) => name.endsWith('.trail.json'));
  let moved: string[] = [];
  let configured: string[] | undefined;

  suiteSetup(async () => {
    await closeEverything();
    configured = vscode.workspace.getConfiguration('cloudtrailLens').inspect<string[]>('trailConfigurations')?.workspaceValue;
    moved = trailFiles();
    for (const name of moved) fs.renameSync(fixture('trails', name), fixture('trails', `${name}.aside`));
    await vscode.workspace.getConfiguration('cloudtrailLens').update('trailConfigurations', [], vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    await closeEverything();
    // The workspace's own value (its .vscode/settings.json) comes back: the other suites read it.
    await vscode.workspace.getConfiguration('cloudtrailLens').update('trailConfigurations', configured, vscode.ConfigurationTarget.Workspace);
    for (const name of moved) fs.renameSync(fixture('trails', `${name}.aside`), fixture('trails', name));
  });

  test('an old management event: not in Event history any more, logged by a trail with the default selector', async () => {
    const a = (await api()) as any;
    assert.ok(moved.length > 0, 'the workspace had trail files to move aside');
    await until('no configured trail', () => a.trails.trails.length === 0);
    const file = fixture('s3-activity.json');
    const records = JSON.parse(fs.readFileSync(file, 'utf8')).Records as any[];
    const ageDays = (record: any) => (Date.now() - Date.parse(record.eventTime)) / 86_400_000;
    const old = records.find((record) => record.eventName === 'GetBucketAcl' && ageDays(record) > 90);
    assert.ok(old, 'the sample has a bucket-level management event older than 90 days');
    await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(file));
    const id = await until('the event loaded', () => {
      const found = a.store.findByEventId(old.eventID);
      return found === undefined ? undefined : { id: found as number };
    });
    await vscode.commands.executeCommand('cloudtrailLens.showEvent', id.id);
    const view = await until('the panel shows the defaults', () => (a.panel.current?.id === id.id ? a.panel.current.view : undefined));
    assert.deepEqual(view.trails, [], 'no trail is judged');
    assert.equal(view.defaults.length, 2, 'two verdicts, one per question');
    const [history, defaultTrail] = view.defaults;
    assert.equal(history.logged, false, 'Event history keeps 90 days');
    const said = /(\d+) days old/.exec(history.reasons.join(' '));
    assert.ok(said && Math.abs(Number(said[1]) - ageDays(old)) <= 1, `the verdict says how old the event is: ${history.reasons.join(' ')}`);
    assert.equal(defaultTrail.logged, true, 'the default selector logs management events');
    assert.notEqual(history.logged, defaultTrail.logged, 'the two answers differ, so no single badge could summarise them');
  });
});
