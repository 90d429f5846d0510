// The search palette says up front how many events match (not only "N more" at the bottom), its first row filters the
// tree with a cut list, and its "?" button lists the query fields in place of a tooltip over the title.
import { strict as assert } from 'assert';
import * as path from 'path';
import { after, test } from 'node:test';
import { cliStats, LEVEL_LABELS } from '../cliStats';
import {
  closeBrowser,
  eventually,
  explorerContextMenu,
  groups,
  quickInput,
  quickPickRows,
  runCommand,
  showCloudTrail,
  withSession,
} from './workbench';

after(closeBrowser);

test('15. the search title counts the matches, a cut list filters the tree with Enter, and "?" lists the query fields', { timeout: 180_000 }, () =>
  withSession('search-syntax', {}, async (s) => {
    const folder = path.join(s.workspace, 'AWSLogs');
    const all = cliStats(folder).total;
    assert.ok(all > 200, 'more events than one page of results');
    await explorerContextMenu(s.page, 'AWSLogs', 'Open as CloudTrail Logs');
    const sidebar = await showCloudTrail(s.page);
    await eventually(async () => {
      const found = await groups(sidebar);
      assert.equal(
        LEVEL_LABELS.reduce((sum, label) => sum + (found.get(label)?.count ?? 0), 0),
        all,
      );
    }, 30_000);

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
    await eventually(async () => {
      const found = await groups(sidebar);
      assert.equal(
        LEVEL_LABELS.reduce((sum, label) => sum + (found.get(label)?.count ?? 0), 0),
        matching,
      );
    }, 20_000);
  }),
);
