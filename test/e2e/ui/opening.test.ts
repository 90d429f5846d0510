// Opening logs in a real workbench: a .json in the editor, a .json.gz viewed read-only and pretty, and a folder of
// broken files (a delivery folder opened with progress is in deliveryFolder.test.ts). Counts come from `ctlens stats` (dist/cli.js).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { after, test } from 'node:test';
import { cliStats, LEVEL_LABELS } from '../cliStats';
import { closeBrowser, eventually, explorerContextMenu, quickOpen, runCommand, screenshot, treeRows, withSession } from './workbench';
import { expectLevelCounts, SAMPLE, T } from './flows';

const DELIVERY_DIR = 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10';

after(closeBrowser);

test('1. opening a .json log in the editor fills the tree; group counts match ctlens stats', T, () =>
  withSession('json-in-editor', {}, async (s) => {
    const expected = cliStats(path.join(s.workspace, SAMPLE));
    assert.ok(expected.total > 0 && LEVEL_LABELS.every((l) => expected.levels[l] > 0), 'the sample has events of every level');
    await quickOpen(s.page, SAMPLE);
    const sidebar = await expectLevelCounts(s, expected);
    await s.page
      .locator('.statusbar-item', { hasText: `${expected.total.toLocaleString('en-US')} events` })
      .first()
      .waitFor();
    // expand a group: its event rows appear under it
    await sidebar
      .getByRole('treeitem', { name: /Bucket-level/ })
      .first()
      .click();
    await eventually(async () => {
      const rows = await treeRows(sidebar);
      assert.ok(
        rows.some((r) => r.level === 2),
        'event rows under Bucket-level',
      );
    });
    await sidebar
      .getByRole('treeitem', { name: /^GetBucketAcl/ })
      .first()
      .click();
    await eventually(async () =>
      assert.ok(
        (await treeRows(sidebar)).some((r) => r.level === 3),
        'events under GetBucketAcl',
      ),
    );
    await s.page.mouse.move(900, 600); // no tooltip in the picture
    await screenshot(s, 'screenshot-tree');
  }),
);

test('3. a .json.gz log opens read-only as pretty-printed JSON', T, () =>
  withSession('gz-viewer', {}, async (s) => {
    const name = '218007301253_CloudTrail_us-east-1_20230710T1230Z_OU6Ha25B4GGhUIMr.json.gz';
    const original = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(s.workspace, DELIVERY_DIR, name))).toString('utf8'));
    await quickOpen(s.page, name);
    const editor = s.page.locator('.editor-instance .monaco-editor').first();
    const lines = async () =>
      (
        await editor
          .locator('.view-lines .view-line')
          .evaluateAll((ls: any[]) => ls.map((l) => ({ top: parseFloat(l.style.top), text: String(l.innerText).replace(/\u00a0/g, ' ') })))
      )
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text);
    const shown = await eventually(async () => {
      const l = await lines();
      assert.ok(l.length > 10, 'text rendered');
      return l;
    });
    // the same text a standard pretty-printer gives, at the indentation the viewer chose
    const indent = /^(\s+)/.exec(shown[1])?.[1] ?? '';
    assert.ok(indent.length > 0, `second line is indented: ${JSON.stringify(shown.slice(0, 3))}`);
    const want = JSON.stringify(original, null, indent).split('\n');
    assert.deepEqual(shown.slice(0, 10), want.slice(0, 10));
    // read-only: typing is refused with VS Code's message, and the text does not change
    await editor.locator('.view-line').nth(2).click();
    await s.page.keyboard.type('X');
    await s.page
      .locator('.monaco-editor-overlaymessage', { hasText: /read-only|readonly/i })
      .first()
      .waitFor();
    assert.deepEqual((await lines()).slice(0, 10), want.slice(0, 10));
  }),
);

test('8. a folder with broken files: good files load, each broken file is listed with its message, nothing crashes', T, () =>
  withSession('broken', {}, async (s) => {
    const dir = path.join(s.workspace, 'broken');
    const expected = cliStats(dir);
    const broken = ['truncated.json', 'truncated.json.gz', 'not-json.json', 'not-cloudtrail.json', 'empty.json', 'garbage.json.gz'];
    await explorerContextMenu(s.page, 'broken', 'Open as CloudTrail Logs');
    // A load the user started ends in front of them: the CloudTrail view comes forward by itself, and a notification
    // says what loaded and offers the Problems.
    await s.page.locator('.part.sidebar .composite.title', { hasText: /CloudTrail/i }).waitFor({ timeout: 30_000 });
    const toast = s.page.locator('.notification-toast', { hasText: /could not be read in full/ }).first();
    await toast.waitFor({ timeout: 30_000 });
    assert.match(await toast.innerText(), new RegExp(`Loaded [\\d,]+ events from \\d+ log files; ${broken.length} files could not be read in full`));
    await toast.getByRole('button', { name: 'Show Problems' }).click();
    await s.page
      .locator('.part.sidebar .monaco-list-row[aria-expanded="true"]', { hasText: /^Problems/ })
      .first()
      .waitFor({ timeout: 20_000 });
    const sidebar = await expectLevelCounts(s, expected);
    const problems = sidebar.getByRole('treeitem', { name: /^Problems/ }).first();
    await problems.waitFor();
    if ((await problems.getAttribute('aria-expanded')) !== 'true') await problems.click();
    const rows = await eventually(async () => {
      const all = await treeRows(sidebar);
      const start = all.findIndex((r) => r.level === 1 && r.label === 'Problems');
      const under = all.slice(start + 1).filter((r) => r.level > 1);
      const isFile = (r: { label: string }, b: string) => r.label === b || r.label.endsWith('/' + b);
      for (const b of broken)
        assert.ok(
          under.some((r) => isFile(r, b)),
          `Problems lists ${b}: ${under.map((r) => r.label).join(', ')}`,
        );
      return under.filter((r) => broken.some((b) => isFile(r, b)));
    });
    for (const r of rows) {
      const text = `${r.label} ${r.description}`;
      assert.ok(text.replace(/\S*\.json(\.gz)?/g, '').trim().length > 3, `a message beside the file name: "${text}"`);
    }
    // nothing crashed: no extension host crash notice, and a command of the extension still answers
    assert.equal(await s.page.locator('.notification-toast', { hasText: /terminated|crashed/i }).count(), 0);
    await runCommand(s.page, 'CloudTrail: Show Log');
    await s.page
      .locator('.part.panel .title-label, .part.panel .monaco-select-box', { hasText: /CloudTrail/ })
      .first()
      .waitFor();
  }),
);
