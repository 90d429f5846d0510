// A delivery folder (AWSLogs/…, .json.gz as CloudTrail writes them) in one window: opened with progress (counts equal
// `ctlens stats`), searched (the palette's title counts the matches up front, its first row filters the tree with a
// cut list, its "?" lists the query fields), then seen in the Overview: the histogram brushed with the mouse narrows
// the tree to the brushed bins (counts equal `ctlens stats --filter` with the same after:/before:), its table equals
// `ctlens timeline`, a double-click clears the range, and a noise lens hides what `ctlens stats` says it hides.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { after, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { ROOT } from '../harness';
import { cliStats } from '../cliStats';
import {
  closeBrowser,
  eventually,
  explorerContextMenu,
  groups,
  quickInput,
  quickPickRows,
  runCommand,
  screenshot,
  sharedWindow,
  showCloudTrail,
} from './workbench';
import { expectLevelCounts, levelSum, T } from './flows';

const inWindow = sharedWindow('delivery-folder');
after(closeBrowser);

const FOLDER = 'AWSLogs';
/** The folder spans 2017 to 2023; the brushing happens on its busy day (52 minutes of 2023-07-10). */
const BUSY_DAY = 'after:2023-07-10';

/** The frame of the Overview's content: the webview whose document has the overview's toolbar. */
async function overviewFrame(page: Page): Promise<Frame> {
  return eventually(
    async () => {
      for (const frame of page.frames()) {
        if (
          (await frame
            .locator('.toolbar .heading')
            .count()
            .catch(() => 0)) > 0
        )
          return frame;
      }
      throw new Error('no webview frame shows the overview yet');
    },
    30_000,
    'the Overview webview',
  );
}

function cliTimeline(folder: string, filter?: string): { start: string; counts: Record<string, number>; errors: number }[] {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'timeline', folder, ...(filter ? ['--filter', filter] : [])], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

async function treeTotal(page: Page): Promise<number> {
  return levelSum(await groups(await showCloudTrail(page)));
}

test('2. Open as CloudTrail Logs on a delivery-layout folder of .json.gz shows progress; counts match ctlens stats', T, () =>
  inWindow(async (s) => {
    const expected = cliStats(path.join(s.workspace, 'AWSLogs'));
    // watch for the progress notification from the moment the command starts
    await s.page.evaluate(() => {
      const w = globalThis as any;
      w.__progress = [] as string[];
      new w.MutationObserver(() => {
        for (const t of w.document.querySelectorAll('.notification-toast')) {
          const text = t.innerText as string;
          if (/Loading/.test(text) && !w.__progress.includes(text)) w.__progress.push(text);
        }
      }).observe(w.document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await explorerContextMenu(s.page, 'AWSLogs', 'Open as CloudTrail Logs');
    await expectLevelCounts(s, expected);
    const seen: string[] = await s.page.evaluate(() => (globalThis as any).__progress);
    assert.ok(
      seen.some((t) => /Loading/.test(t)),
      `a progress notification was shown (seen: ${JSON.stringify(seen)})`,
    );
    await s.page
      .locator('.statusbar-item', { hasText: `${expected.total.toLocaleString('en-US')} events` })
      .first()
      .waitFor();
  }),
);

test('15. the search title counts the matches, a cut list filters the tree with Enter, and "?" lists the query fields', { timeout: 180_000 }, () =>
  inWindow(async (s) => {
    const folder = path.join(s.workspace, 'AWSLogs');
    const all = cliStats(folder).total;
    assert.ok(all > 200, 'more events than one page of results');
    await explorerContextMenu(s.page, 'AWSLogs', 'Open as CloudTrail Logs');
    await eventually(async () => assert.equal(await treeTotal(s.page), all), 30_000, 'the tree holds the folder');

    await runCommand(s.page, 'CloudTrail: Search Events…');
    await quickInput(s.page).waitFor({ state: 'visible' });
    const title = s.page.locator('.quick-input-widget .quick-input-title');
    await eventually(async () => assert.match(await title.innerText(), new RegExp(`${all.toLocaleString('en-US')} events match · first 200 shown`)));
    const first = quickPickRows(s.page).first();
    assert.match(await first.innerText(), new RegExp(`Filter the tree by this query: all ${all.toLocaleString('en-US')} events`));

    // "?" shows the fields; choosing one adds it to the query.
    await s.page.locator('.quick-input-widget .quick-input-titlebar .codicon-question').first().click();
    await eventually(async () => assert.match(await title.innerText(), /query syntax/));
    // The list draws the rows in view only: principal: is among the first.
    const principalRow = quickPickRows(s.page).filter({ hasText: 'caller ARN or best name' }).first();
    await principalRow.click();
    await eventually(async () => assert.equal(await quickInput(s.page).inputValue(), 'principal:'));

    // A query with more than a page of matches: Enter on the first row filters the tree by it.
    const query = '-error:*';
    const matching = cliStats(folder, query).total;
    assert.ok(matching > 200 && matching < all);
    await quickInput(s.page).fill(query);
    await eventually(async () => assert.match(await title.innerText(), new RegExp(`${matching.toLocaleString('en-US')} events match`)));
    await eventually(async () => assert.match(await quickPickRows(s.page).first().innerText(), /Filter the tree by this query/));
    await quickPickRows(s.page).first().click();
    await eventually(async () => assert.equal(await treeTotal(s.page), matching), 20_000, 'the tree filtered by the query');
    // Clear Filter gives the whole folder back (the Overview below starts from it).
    await runCommand(s.page, 'CloudTrail: Clear Filter');
    await eventually(async () => assert.equal(await treeTotal(s.page), all), 20_000, 'the whole folder again');
  }),
);

test(
  '14. the Overview: a brushed range filters the tree as ctlens stats counts it; its table equals ctlens timeline; a noise lens hides',
  { timeout: 240_000 },
  () =>
    inWindow(async (s) => {
      const folder = path.join(s.workspace, FOLDER);
      const expected = cliStats(folder);
      await explorerContextMenu(s.page, FOLDER, 'Open as CloudTrail Logs');
      await eventually(async () => assert.equal(await treeTotal(s.page), expected.total), 30_000, 'the tree holds the folder');
      await runCommand(s.page, 'CloudTrail: Show Overview');
      let frame = await overviewFrame(s.page);
      await eventually(async () =>
        assert.equal(await frame.locator('.toolbar .heading').innerText(), `${expected.total.toLocaleString('en-US')} events`),
      );
      await frame.locator('.u-over').waitFor();

      // The overview follows the tree's filter.
      const busy = cliStats(folder, BUSY_DAY).total;
      await runCommand(s.page, 'CloudTrail: Filter Tree…');
      await quickInput(s.page).waitFor({ state: 'visible' });
      await quickInput(s.page).fill(BUSY_DAY);
      await s.page.keyboard.press('Enter');
      frame = await overviewFrame(s.page);
      await eventually(async () => assert.equal(await frame.locator('.toolbar .heading').innerText(), `${busy.toLocaleString('en-US')} events`));
      await s.page.mouse.move(5, 5);
      await runCommand(s.page, 'View: Toggle Maximized Panel');
      frame = await overviewFrame(s.page);
      await frame.locator('section.top').first().waitFor();
      await s.page.waitForTimeout(500); // the chart follows the panel's new size
      await screenshot(s, 'screenshot-overview');
      await runCommand(s.page, 'View: Toggle Maximized Panel');

      // The accessible table of the bins is the CLI's timeline, bin for bin.
      await frame.getByRole('button', { name: 'Show as table' }).click();
      const cli = cliTimeline(folder, BUSY_DAY);
      const rows = await frame
        .locator('table.bins tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => Array.from(tr.querySelectorAll('th, td')).map((cell) => (cell as unknown as { innerText: string }).innerText)),
        );
      assert.equal(rows.length, cli.length, 'one row per bin');
      rows.forEach((cells, b) => {
        const counts = cells.slice(1, -1).map((text) => Number(text.replace(/,/g, '')));
        const cliTotal = Object.values(cli[b].counts).reduce((sum, n) => sum + n, 0);
        assert.equal(
          counts.reduce((sum, n) => sum + n, 0),
          cliTotal,
          `bin ${cells[0]}: overview ${counts.join('+')} vs ctlens timeline ${cliTotal}`,
        );
        assert.equal(Number(cells.at(-1)!.replace(/,/g, '')), cli[b].errors, `errors of bin ${cells[0]}`);
        const shownStart = cells[0].length === 10 ? `${cells[0]}T00:00Z` : `${cells[0].replace(' ', 'T')}Z`;
        assert.equal(Date.parse(shownStart), Date.parse(cli[b].start), `bin ${b}: same start`);
      });
      await frame.getByRole('button', { name: 'Show chart' }).click();

      // Brush the middle half of the chart with the mouse.
      frame = await overviewFrame(s.page);
      const box = (await frame.locator('.u-over').boundingBox())!;
      const y = box.y + box.height / 2;
      await s.page.mouse.move(box.x + box.width * 0.3, y);
      await s.page.mouse.down();
      await s.page.mouse.move(box.x + box.width * 0.5, y, { steps: 8 });
      await s.page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
      await s.page.mouse.up();
      // The Events view's description names the filter in full (the status bar cuts it short).
      const description = (await showCloudTrail(s.page)).locator('.pane-header .description', { hasText: 'before:' }).first();
      await description.waitFor({ timeout: 20_000 });
      const text = (await description.textContent()) ?? '';
      const range = /after:(\S+) before:(\S+)/.exec(text);
      assert.ok(range, `the Events view names the brushed range: ${text}`);
      assert.ok(!text.includes(`${BUSY_DAY} `), 'the brushed range replaced the typed after:');
      const brushed = cliStats(folder, `after:${range[1]} before:${range[2]}`).total;
      assert.ok(brushed > 0 && brushed < busy, `the brush covers some of the day's events (${brushed} of ${busy})`);
      await eventually(async () => assert.equal(await treeTotal(s.page), brushed), 20_000, 'the tree shows the brushed range');
      frame = await overviewFrame(s.page);
      await eventually(async () => assert.equal(await frame.locator('.toolbar .heading').innerText(), `${brushed.toLocaleString('en-US')} events`));

      // A double-click on the chart clears the range.
      frame = await overviewFrame(s.page);
      await frame.locator('.u-over').dblclick();
      await eventually(async () => assert.equal(await treeTotal(s.page), expected.total), 20_000, 'the range is cleared');

      // The CloudTrail delivery lens hides exactly what -noise:delivery leaves out.
      const withoutDelivery = cliStats(folder, '-noise:delivery').total;
      assert.ok(withoutDelivery < expected.total, 'the folder has CloudTrail delivery calls (its GetBucketAcl checks)');
      await runCommand(s.page, 'CloudTrail: Noise Lenses…');
      await quickInput(s.page).waitFor({ state: 'visible' });
      const deliveryRow = s.page.locator('.quick-input-list .monaco-list-row', { hasText: "CloudTrail's own log delivery" });
      await eventually(async () => assert.match(await deliveryRow.innerText(), new RegExp(`hides ${expected.total - withoutDelivery} of`)));
      // A click on the row toggles its check box (a click on the box itself went unnoticed in some runs).
      await deliveryRow.click();
      await eventually(async () => assert.match(await s.page.locator('.quick-input-widget .quick-input-count').innerText(), /1 Selected/));
      await s.page.keyboard.press('Enter');
      await eventually(async () => assert.equal(await treeTotal(s.page), withoutDelivery), 20_000, 'the lens hides the delivery calls');
      const sidebar = await showCloudTrail(s.page);
      await sidebar.locator('.pane-header', { hasText: 'Events' }).locator('.description', { hasText: "CloudTrail's delivery" }).waitFor();
    }),
);
