// Reading a log in the editor and narrowing the tree: hovers that decode a record's fields, and Filter Tree / Clear
// Filter against `ctlens stats --filter`.
import { strict as assert } from 'assert';
import * as path from 'path';
import { after, test } from 'node:test';
import { accountOfAccessKey, cliStats } from '../cliStats';
import {
  closeBrowser,
  eventually,
  explorerContextMenu,
  groups,
  hoverToken,
  quickInput,
  quickOpen,
  runCommand,
  screenshot,
  sharedWindow,
} from './workbench';
import { expectLevelCounts, levelSum, records, SAMPLE, T } from './flows';

const inWindow = sharedWindow('hovers-and-filter');
after(closeBrowser);

test('4. hovers over eventName, userIdentity and an accessKeyId show decoded text', T, () =>
  inWindow(async (s) => {
    const r0 = records(s, SAMPLE)[0];
    await quickOpen(s.page, SAMPLE);
    const onName = await hoverToken(s.page, '"eventName"', new RegExp(r0.eventName));
    assert.ok(onName.split('\n').filter(Boolean).length >= 2, `eventName hover explains more than the name: ${onName}`);
    const onIdentity = await hoverToken(s.page, '"userIdentity"', new RegExp(r0.userIdentity.userName));
    assert.match(onIdentity, new RegExp(r0.userIdentity.accountId), 'identity hover names the account');
    const onKey = await hoverToken(s.page, `"${r0.userIdentity.accessKeyId}"`, new RegExp(r0.userIdentity.accessKeyId));
    const owner = accountOfAccessKey(r0.userIdentity.accessKeyId);
    assert.match(onKey, new RegExp(owner), `access key hover decodes the owning account ${owner}: ${onKey}`);
    assert.match(onKey, /long-term|AKIA/i, `access key hover tells the credential class: ${onKey}`);
    await screenshot(s, 'screenshot-hover');
  }),
);

test('7. Filter Tree narrows the tree to the matching events; Clear Filter restores it', T, () =>
  inWindow(async (s) => {
    const expected = cliStats(path.join(s.workspace, SAMPLE));
    const matching = cliStats(path.join(s.workspace, SAMPLE), 'name:GetBucketAcl').total;
    assert.ok(matching > 0 && matching < expected.total);
    await explorerContextMenu(s.page, SAMPLE, 'Open as CloudTrail Logs');
    const sidebar = await expectLevelCounts(s, expected);
    await runCommand(s.page, 'CloudTrail: Filter Tree…');
    await quickInput(s.page).waitFor({ state: 'visible' });
    await quickInput(s.page).fill('name:GetBucketAcl');
    await s.page.keyboard.press('Enter');
    await eventually(async () => assert.equal(levelSum(await groups(sidebar)), matching), 20_000, 'the filtered tree');
    await s.page.locator('.statusbar-item', { hasText: 'name:GetBucketAcl' }).first().waitFor();
    await runCommand(s.page, 'CloudTrail: Clear Filter');
    await eventually(async () => assert.equal(levelSum(await groups(sidebar)), expected.total), 20_000, 'the unfiltered tree');
  }),
);
