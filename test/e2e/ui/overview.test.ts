// The Overview in a real workbench: the histogram of a delivery folder, brushed with the mouse, narrows the tree to
// the brushed bins (counts equal `ctlens stats --filter` with the same after:/before:), its table equals
// `ctlens timeline`, a double-click clears the range, and a noise lens hides what `ctlens stats` says it hides.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { after, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { ROOT } from '../harness';
import { cliStats, LEVEL_LABELS } from '../cliStats';
import { closeBrowser, eventually, explorerContextMenu, groups, quickInput, runCommand, screenshot, showCloudTrail, withSession } from './workbench';

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
  const sidebar = await showCloudTrail(page);
  const found = await groups(sidebar);
  return LEVEL_LABELS.reduce((sum, label) => sum + (found.get(label)?.count ?? 0), 0);
}

test(
  '14. the Overview: a brushed range filters the tree as ctlens stats counts it; its table equals ctlens timeline; a noise lens hides',
  { timeout: 240_000 },
  () =>
    withSession('overview', {}, async (s) => {
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
