// In-host suite: the Events tree's rows fit the default sidebar width (issue 15, item 2). The TreeItems are the real
// provider's; counts come from `ctlens stats`, times, principals and buckets from the log file itself.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { cliStats, groupCounts, LEVEL_LABELS } from '../cliStats';
import { api, children, closeEverything, fixture, until, type Row } from './util';

const SAMPLE = () => fixture('s3-activity.json');
/** The query word of each level group (docs/contracts.md). */
const LEVEL_QUERY: Record<(typeof LEVEL_LABELS)[number], string> = {
  'Account-level': 'level:account',
  'Bucket-level': 'level:bucket',
  'Object-level (data events)': 'level:object',
  'Other services': 'level:none',
};
/** What fits a row at the default sidebar width (about 300 px), in characters of label and description. */
const ROW_WIDTH = 40;

interface SampleRecord {
  eventID: string;
  eventTime: string;
  userIdentity?: { arn?: string };
  requestParameters?: { bucketName?: string };
}

const errorsOf = (stats: ReturnType<typeof cliStats>) =>
  Object.values((stats.raw as { errors: Record<string, number> }).errors).reduce((a, n) => a + n, 0);

suite('tree rows at the default sidebar width', () => {
  setup(closeEverything);

  test('level groups say "count · errors ✗" within the row width; the accessible name says it in words', async () => {
    const { store, tree } = await api();
    const expected = cliStats(SAMPLE());
    await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(SAMPLE()));
    await until('the sample loaded', () => store.size === expected.total);
    const rows = await children(tree);
    let failing = 0;
    for (const label of LEVEL_LABELS) {
      const row = rows.find((r) => r.label === label);
      if (!row) continue;
      const stats = cliStats(SAMPLE(), LEVEL_QUERY[label]);
      assert.deepEqual(groupCounts(row.description), { events: expected.levels[label], errors: errorsOf(stats) }, `${label}: "${row.description}"`);
      assert.ok(`${row.label} ${row.description}`.length <= ROW_WIDTH, `"${row.label} ${row.description}"`);
      const words = `${expected.levels[label]} ${expected.levels[label] === 1 ? 'event' : 'events'}`;
      assert.match(row.item.accessibilityInformation?.label ?? '', new RegExp(`^${label.replace(/[()]/g, '\\$&')}, ${words}`));
      if (errorsOf(stats) > 0) {
        failing++;
        assert.match(row.description, / · \d+ ✗$/);
        assert.match(row.item.accessibilityInformation?.label ?? '', new RegExp(`, ${errorsOf(stats)} with an error$`));
      }
    }
    assert.ok(failing > 0, 'the sample has a level group with failed events');
  });

  test('event rows show the time and a short principal, then bucket; the accessible name and tooltip the full record', async () => {
    const { store, tree } = await api();
    const records = (JSON.parse(fs.readFileSync(SAMPLE(), 'utf8')) as { Records: SampleRecord[] }).Records;
    await vscode.commands.executeCommand('cloudtrailLens.openPath', vscode.Uri.file(SAMPLE()));
    await until('the sample loaded', () => store.size === records.length);
    const bucketLevel = (await children(tree)).find((r) => r.label === 'Bucket-level');
    assert.ok(bucketLevel, 'a Bucket-level group');
    const byName = (await children(tree, bucketLevel.node)).find((r) => r.label === 'GetBucketAcl');
    assert.ok(byName, 'a GetBucketAcl group under Bucket-level');
    const events: Row[] = await children(tree, byName.node);
    assert.ok(events.length > 1);
    const recordOf = (row: Row) => records.find((r) => r.eventID === store.summary(row.item.command?.arguments?.[0] as number)?.eventID);
    // The sample's GetBucketAcl calls fall on one UTC day: the rows show the time of day only (the date is in the long form).
    assert.equal(new Set(events.map((row) => recordOf(row)?.eventTime.slice(0, 10))).size, 1);
    for (const row of events) {
      const record = recordOf(row);
      assert.ok(record, `the record of "${row.label}"`);
      const time = record.eventTime.slice(11, 19);
      const arn = record.userIdentity?.arn ?? '';
      const bucket = record.requestParameters?.bucketName ?? '';
      assert.ok(arn.includes(':user/') && bucket, 'an IAM user calling on a bucket');
      assert.equal(row.label, `${time} ${arn.slice(arn.lastIndexOf('/') + 1)}`);
      assert.ok(row.description.startsWith(bucket), `"${row.description}" starts with ${bucket}`);
      assert.equal(row.item.accessibilityInformation?.label, `GetBucketAcl at ${record.eventTime.slice(0, 10)} ${time} UTC by ${arn} on ${bucket}`);
    }
    const resolved = await tree.resolveTreeItem!(events[0].item, events[0].node, new vscode.CancellationTokenSource().token);
    const markdown = resolved?.tooltip instanceof vscode.MarkdownString ? resolved.tooltip.value : String(resolved?.tooltip);
    // The tooltip escapes punctuation for markdown (src/view/markdown.ts); read it as the text it renders.
    const tooltip = markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
    assert.ok(tooltip.includes(events[0].item.accessibilityInformation?.label ?? '(none)'), tooltip);
  });
});
