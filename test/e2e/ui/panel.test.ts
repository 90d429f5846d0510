// The detail panel in a real workbench: reached from a search, its identity and trail verdicts following a trail
// file's edit, and its state kept through a window reload.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { after, test } from 'node:test';
import { cliStats } from '../cliStats';
import {
  closeBrowser,
  eventually,
  explorerContextMenu,
  panelFrame,
  quickInput,
  quickPickRows,
  runCommand,
  screenshot,
  sharedWindow,
} from './workbench';
import { expectLevelCounts, goToEvent, records, SAMPLE, T } from './flows';

const inWindow = sharedWindow('panel');
after(closeBrowser);

test('5. "CloudTrail: Search Events…" finds events by a query and opens the chosen one in the detail panel', T, () =>
  inWindow(async (s) => {
    const wanted = records(s, SAMPLE).filter((r) => r.eventName === 'GetBucketPolicy');
    assert.ok(wanted.length > 1 && wanted.length < 12);
    await explorerContextMenu(s.page, SAMPLE, 'Open as CloudTrail Logs');
    await expectLevelCounts(s, cliStats(path.join(s.workspace, SAMPLE)));
    await runCommand(s.page, 'CloudTrail: Search Events…');
    await quickInput(s.page).waitFor({ state: 'visible' });
    await quickInput(s.page).fill('name:GetBucketPolicy');
    const rows = quickPickRows(s.page);
    await eventually(async () => {
      const texts = await rows.allInnerTexts();
      assert.equal(texts.length, wanted.length, `one row per GetBucketPolicy event: ${JSON.stringify(texts).slice(0, 400)}`);
      assert.ok(
        texts.every((t) => t.includes('GetBucketPolicy')),
        'every row is a GetBucketPolicy event',
      );
    });
    await screenshot(s, 'screenshot-search');
    // Results come in time order, like the tree (the file holds the S3 events out of order).
    await quickInput(s.page).fill('source:s3');
    const inFileOrder = records(s, SAMPLE)
      .filter((r) => r.eventSource === 's3.amazonaws.com')
      .map((r) => r.eventTime as string);
    assert.notDeepEqual(inFileOrder, [...inFileOrder].sort(), 'the sample holds S3 events out of time order');
    await eventually(async () => {
      const times = (await quickPickRows(s.page).locator('.label-description').allInnerTexts()).filter((t) => /^\d{4}-/.test(t));
      // The list renders only the rows in view: they must be in order and start at the earliest S3 event.
      assert.ok(times.length >= 5, `rows shown: ${times.length}`);
      assert.deepEqual(times, [...times].sort(), `rows in time order: ${times.join(' | ')}`);
      assert.equal(times[0]?.replace(' ', 'T').slice(0, 19), [...inFileOrder].sort()[0]?.slice(0, 19), 'the first row is the earliest S3 event');
    });
    await quickInput(s.page).fill('name:GetBucketPolicy');
    await eventually(async () => assert.equal((await rows.allInnerTexts()).length, wanted.length));
    await rows.nth(1).click();
    await s.page.locator('.tabs-container .tab', { hasText: 'CloudTrail: GetBucketPolicy' }).first().waitFor();
    await panelFrame(s.page).locator('[data-testid="raw-json"]').filter({ hasText: 'GetBucketPolicy' }).first().waitFor({ state: 'attached' });
  }),
);

test('6. the detail panel shows the decoded identity and trail verdicts, and follows trail file changes', T, () =>
  inWindow(async (s) => {
    const r = records(s, SAMPLE).find((x) => x.eventName === 'GetBucketAcl' && x.readOnly === true)!;
    await explorerContextMenu(s.page, SAMPLE, 'Open as CloudTrail Logs');
    await expectLevelCounts(s, cliStats(path.join(s.workspace, SAMPLE)));
    await goToEvent(s.page, r.eventID, r.eventName);
    const frame = panelFrame(s.page);
    const identity = frame.locator('[data-testid="identity-summary"]');
    await eventually(async () => {
      const text = await identity.innerText();
      assert.match(text, new RegExp(r.userIdentity.userName), 'identity sentence names the user');
      assert.match(text, new RegExp(r.userIdentity.accountId), 'identity sentence names the account');
    });
    await frame.locator('[data-testid="level-reason"]').first().waitFor();
    // The write-only trail (advanced selectors: Management + readOnly=false) cannot log a read-only call;
    // the CLI-default trail (all management events) does.
    const audit = frame.locator('[data-testid="trail-verdict"][data-trail="s3-write-audit"]');
    const defaults = frame.locator('[data-testid="trail-verdict"][data-trail="management-default"]');
    await eventually(async () => {
      assert.equal(await audit.getAttribute('data-logged'), 'false');
      assert.equal(await defaults.getAttribute('data-logged'), 'true');
    });
    await screenshot(s, 'screenshot-panel');
    await audit.scrollIntoViewIfNeeded();
    await screenshot(s, 'screenshot-trails');
    // drop the readOnly condition from the trail file: the panel must follow
    const trailFile = path.join(s.workspace, 'trails', 's3-write-audit.trail.json');
    const cfg = JSON.parse(fs.readFileSync(trailFile, 'utf8'));
    const sel = cfg.trailList[0].AdvancedEventSelectors[0];
    sel.FieldSelectors = sel.FieldSelectors.filter((f: any) => f.Field !== 'readOnly');
    fs.writeFileSync(trailFile, JSON.stringify(cfg, null, 2));
    await eventually(
      async () => assert.equal(await audit.getAttribute('data-logged'), 'true'),
      30_000,
      'the verdict to follow the edited trail file',
    );
  }),
);

test('10. the detail panel survives a window reload', T, () =>
  inWindow(async (s) => {
    const r = records(s, SAMPLE).find((x) => x.eventName === 'GetBucketPolicy')!;
    await explorerContextMenu(s.page, SAMPLE, 'Open as CloudTrail Logs');
    await expectLevelCounts(s, cliStats(path.join(s.workspace, SAMPLE)));
    await goToEvent(s.page, r.eventID, r.eventName);
    const identity = panelFrame(s.page).locator('[data-testid="identity-summary"]');
    const before = await eventually(async () => {
      const t = await identity.innerText();
      assert.ok(t.trim());
      return t;
    });
    await runCommand(s.page, 'Developer: Reload Window');
    await s.page.waitForEvent('load');
    await s.page.locator('.monaco-workbench .part.activitybar').waitFor();
    await s.page
      .locator('.tabs-container .tab', { hasText: `CloudTrail: ${r.eventName}` })
      .first()
      .waitFor();
    await s.page
      .locator('.tabs-container .tab', { hasText: `CloudTrail: ${r.eventName}` })
      .first()
      .click();
    await eventually(
      async () => assert.equal(await panelFrame(s.page).locator('[data-testid="identity-summary"]').innerText(), before),
      30_000,
      'the restored panel to show the same event',
    );
    await panelFrame(s.page).locator('[data-testid="raw-json"]').filter({ hasText: r.eventID }).first().waitFor({ state: 'attached' });
  }),
);
