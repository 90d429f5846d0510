// The investigation in a real workbench, in one window: a trail rebuilt from the logs with the StopLogging that
// stopped it, then (the logs closed) an assumed-role session followed back to the IAM user behind it.
import { strict as assert } from 'assert';
import * as path from 'path';
import { after, test } from 'node:test';
import { cliStats } from '../cliStats';
import { closeBrowser, eventually, explorerContextMenu, panelFrame, runCommand, screenshot, sharedWindow, showCloudTrail } from './workbench';
import { expectLevelCounts, goToEvent, records, T } from './flows';

const inWindow = sharedWindow('investigation');
after(closeBrowser);

test('11. the Trails view rebuilds a trail from the logs with its StopLogging marked, and a verdict names that call', T, () =>
  inWindow(async (s) => {
    const rel = 'tampering/stopped-trail.json';
    const recs = records(s, rel);
    const stop = recs.find((x) => x.eventName === 'StopLogging')!;
    const after = recs.find((x) => Date.parse(x.eventTime) > Date.parse(stop.eventTime) && x.eventSource !== 'cloudtrail.amazonaws.com')!;
    const trailName = recs.find((x) => x.eventName === 'CreateTrail')!.requestParameters.name as string;
    await explorerContextMenu(s.page, 'tampering', 'Open as CloudTrail Logs');
    const sidebar = await expectLevelCounts(s, cliStats(path.join(s.workspace, 'tampering')));
    const trailsPane = sidebar.locator('.pane', { has: s.page.locator('.pane-header', { hasText: /^\s*Trails/i }) });
    const header = trailsPane.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const trailRow = trailsPane.locator('.monaco-list-row', { hasText: trailName }).first();
    await eventually(
      async () => assert.match(await trailRow.innerText(), /from the logs · stopped · 1 warning/),
      30_000,
      'the trail rebuilt from the logs',
    );
    const stopRow = trailsPane.locator('.monaco-list-row', { hasText: 'StopLogging' }).first();
    await eventually(async () => {
      // Another row's hover can lie over this one and take the click (the row stayed closed, or the click waited 20 s
      // behind it): move the mouse off the view so the hover goes, then click, until the row opens.
      if ((await trailRow.getAttribute('aria-expanded')) !== 'true') {
        await s.page.mouse.move(900, 600);
        await trailRow.click({ timeout: 2000 });
      }
      assert.match(await stopRow.innerText({ timeout: 2000 }), /logging stopped: nothing is recorded until StartLogging/);
    });
    await screenshot(s, 'screenshot-trails-view');
    await goToEvent(s.page, after.eventID, after.eventName);
    const verdict = panelFrame(s.page).locator(`[data-testid="trail-verdict"][data-trail="${trailName}"]`);
    await eventually(
      async () => {
        assert.equal(await verdict.getAttribute('data-logged'), 'false');
        const text = await verdict.innerText();
        assert.match(text, new RegExp(`StopLogging at ${stop.eventTime}`), 'the verdict names the StopLogging that decided it');
        assert.match(text, /rebuilt from the logs/);
      },
      30_000,
      'the verdict against the rebuilt trail',
    );
    await verdict.scrollIntoViewIfNeeded();
    await screenshot(s, 'screenshot-trail-stopped');
    // Close All Logs empties the tree (its welcome text comes back) for the next investigation.
    await runCommand(s.page, 'CloudTrail: Close All Logs');
    await (await showCloudTrail(s.page)).getByText('No CloudTrail logs are open.').first().waitFor({ timeout: 20_000 });
  }),
);

test('12. the detail panel follows an assumed-role session back to the IAM user behind it', T, () =>
  inWindow(async (s) => {
    const rel = 'lineage/invictus-ir-chains.json';
    const recs = records(s, rel);
    // A call made with temporary credentials whose AssumeRole is in the same log: the chain has a hop and an origin.
    const issued = new Map(
      recs.filter((r) => r.responseElements?.credentials?.accessKeyId).map((r) => [r.responseElements.credentials.accessKeyId, r]),
    );
    const used = recs.find((r) => issued.has(r.userIdentity?.accessKeyId) && r.eventName !== 'AssumeRole')!;
    const issuer = issued.get(used.userIdentity.accessKeyId)!;
    const origin = issuer.userIdentity.userName ?? issuer.userIdentity.arn;
    await explorerContextMenu(s.page, 'lineage', 'Open as CloudTrail Logs');
    await expectLevelCounts(s, cliStats(path.join(s.workspace, 'lineage')));
    await goToEvent(s.page, used.eventID, used.eventName);
    const section = panelFrame(s.page).locator('[data-testid="session-lineage"]');
    await eventually(
      async () => {
        assert.match(
          await section.locator('[data-testid="lineage-sentence"]').innerText(),
          new RegExp(origin),
          'the sentence names the origin first',
        );
        assert.ok((await section.locator('[data-testid="lineage-hop"][data-event-name="AssumeRole"]').count()) >= 1, 'the AssumeRole hop is listed');
      },
      30_000,
      'the session lineage section',
    );
    await section.scrollIntoViewIfNeeded();
    await screenshot(s, 'screenshot-lineage');
  }),
);
