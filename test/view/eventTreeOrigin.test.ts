// The Events tree grouped by origin principal, and filtered by origin: and session: terms, on the real invictus-ir
// chains: a role session's calls sit under the IAM user who assumed the role.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lineageTerms, originGroups, type RawRecord } from '../../src/core';
import { EventTreeModel, type GroupNode } from '../../src/view/eventTree';
import { REPO_ROOT } from '../core/engineFixtures';
import { storeOf } from '../core/lineage/records';

const SLICE: RawRecord[] = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/domain/lineage/invictus-ir-chains.json'), 'utf8')) as { Records: RawRecord[] }
).Records;
const BERT_JAN = 'arn:aws:iam::123837392027:user/bert-jan';

async function model() {
  const { store, links } = await storeOf(SLICE);
  return { store, links, tree: new EventTreeModel(store, () => 500, 'origin', { originGroups: (ids) => originGroups(links, ids) }) };
}

describe('Events tree by origin principal', () => {
  it('puts the role session’s GetPasswordData under the IAM user who assumed the role', async () => {
    const { store, tree } = await model();
    const roots = tree.children() as GroupNode[];
    const bertJan = roots.find((node) => node.value === BERT_JAN);
    assert.ok(bertJan, roots.map((node) => node.value).join(', '));
    // The row names the user as the event rows do; the tooltip and the accessible name keep the ARN.
    assert.equal(bertJan.label, 'bert-jan');
    const names = (tree.children(bertJan) as GroupNode[]).map((node) => node.label);
    assert.ok(names.includes('GetPasswordData') && names.includes('AssumeRole'), names.join(', '));
    assert.equal(
      roots.reduce((sum, node) => sum + node.ids.length, 0),
      store.size,
    );
  });

  it('a session: filter keeps what the minted credentials did', async () => {
    const { links, tree } = await model();
    const query = 'session:bbe86c7c-5981-4ac8-ad20-9248612b16c1';
    tree.setFilter(query, await lineageTerms(links, query));
    assert.equal(tree.visibleIds.length, 1);
    assert.match(tree.description().description ?? '', /Filter: session:bbe86c7c.* \(1 of \d+ events\) · by origin principal/);
  });
});
