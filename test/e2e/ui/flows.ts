// What several UI flows do on the sample workspace: its files, the tree's level counts against `ctlens stats`, and
// the detail panel reached by an event's ID.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame, Page } from 'playwright-core';
import { cliStats, groupCount, LEVEL_LABELS } from '../cliStats';
import { eventually, groups, runCommand, showCloudTrail, Session } from './workbench';

export const T = { timeout: 180_000 };

export const SAMPLE = 's3-activity.json';
export const records = (s: Session, rel: string) => JSON.parse(fs.readFileSync(path.join(s.workspace, rel), 'utf8')).Records as any[];

/** Sum of the four level groups' counts (Problems apart); a group whose description is not a count fails. */
export function levelSum(g: Map<string, { description: string }>): number {
  return LEVEL_LABELS.reduce((a, l) => a + (g.has(l) ? groupCount(g.get(l)!.description) : 0), 0);
}

export async function expectLevelCounts(s: Session, expected: ReturnType<typeof cliStats>) {
  const sidebar = await showCloudTrail(s.page);
  await eventually(
    async () => {
      const g = await groups(sidebar);
      for (const label of LEVEL_LABELS) {
        const want = expected.levels[label];
        if (want === 0 && !g.has(label)) continue; // an empty group may be left out
        assert.ok(g.has(label), `tree has no group "${label}"; groups: ${[...g.keys()].join(', ')}`);
        assert.equal(groupCount(g.get(label)!.description), want, `${label}: "${g.get(label)!.description}" vs ctlens stats ${want}`);
      }
    },
    30_000,
    'tree group counts equal to ctlens stats',
  );
  return sidebar;
}

/** Command palette → "Go to Event by ID…" → the event's detail panel. */
export async function goToEvent(page: Page, eventID: string, eventName: string) {
  // the command's own input box (not the palette's); a panel still rendering may take the focus and close it,
  // in which case the command is run again
  const box = page.locator('.quick-input-widget input.input:not([aria-label^="Type the name of a command"])');
  for (let attempt = 0; ; attempt++) {
    await runCommand(page, 'CloudTrail: Go to Event by ID…');
    try {
      await box.waitFor({ state: 'visible', timeout: 5000 });
      await box.fill(eventID, { timeout: 5000 });
      await page.keyboard.press('Enter');
      break;
    } catch (e) {
      if (attempt === 2) throw e;
    }
  }
  await page
    .locator('.tabs-container .tab', { hasText: `CloudTrail: ${eventName}` })
    .first()
    .waitFor();
}

/** The Frame object of the detail panel's content (for evaluate). */
export async function panelContentFrame(page: Page): Promise<Frame> {
  const outer = await (await page.locator('iframe.webview.ready').first().elementHandle())!.contentFrame();
  const inner = await (await outer!.locator('#active-frame').elementHandle())!.contentFrame();
  return inner!;
}
