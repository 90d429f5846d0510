// What the SQL commands translate for the tree: each group's query, run by the engine itself, selects exactly that
// group's records (every grouping, every event-name subgroup, with and without a filter), on real logs
// (../shared/data's invictus-ir set, else the repository's slice of it) and on the invictus-ir lineage slice for the
// origin grouping.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { lineageTerms, originGroups, type EventStore, type RawRecord } from '../../src/core';
import { EventTreeModel, TREE_GROUPINGS, type GroupNode, type TreeGrouping } from '../../src/view/eventTree';
import { sqlTargetOfFilter, sqlTargetOfGroup, sqlTargetOfTree } from '../../src/view/sqlTarget';
import { REPO_ROOT } from '../core/engineFixtures';
import { storeOf } from '../core/lineage/records';
import { realStore } from '../core/overview/realLogs';

function sorted(ids: Uint32Array): number[] {
  return [...ids].sort((a, b) => a - b);
}

/** The record ids the engine finds for a query. */
function matches(store: EventStore, query: string): number[] {
  const result = store.query(query);
  assert.ok(result.ok, `${query}: ${result.ok ? '' : result.error.message}`);
  return sorted(result.ids);
}

/** Every group of the tree, each top-level group followed by its event-name groups, with the parent of each. */
function everyGroup(model: EventTreeModel): { group: GroupNode; parent?: GroupNode; topGroups: GroupNode[] }[] {
  const topGroups = (model.children() as GroupNode[]).filter((node) => node.kind === 'group');
  return topGroups.flatMap((top) => [
    { group: top, topGroups },
    ...(model.children(top) as GroupNode[]).map((group) => ({ group, parent: top, topGroups })),
  ]);
}

const TOP: GroupNode = {
  kind: 'group',
  key: 'k',
  depth: 0,
  label: 'x',
  ids: new Uint32Array(),
  recordIds: new Uint32Array(),
  errors: 0,
  value: null,
};

describe('sqlTarget', () => {
  let store: EventStore;
  before(async () => {
    store = await realStore();
  });

  for (const filter of [undefined, 'source:s3', '-readonly:true', 'name:Get*,List* -error:*'])
    it(`each group’s query selects exactly its records, for every grouping but origin (filter: ${filter ?? 'none'})`, () => {
      let groupsWithoutValue = 0;
      let groupsChecked = 0;
      const groupings = TREE_GROUPINGS.filter((each): each is Exclude<TreeGrouping, 'origin'> => each !== 'origin');
      for (const grouping of groupings) {
        const model = new EventTreeModel(store, () => 500, grouping);
        model.setFilter(filter);
        const groups = everyGroup(model);
        // The repository's slice (without ../shared) may put a narrow filter's events in one group of a grouping.
        assert.ok(groups.length >= 1, grouping);
        groupsChecked += groups.length;
        for (const { group, parent, topGroups } of groups) {
          const target = sqlTargetOfGroup(filter, group, parent, topGroups);
          assert.ok(target, group.key);
          assert.equal(target.groupBy, undefined);
          assert.deepEqual(matches(store, target.query), sorted(group.recordIds), `${grouping} ${group.key}: ${target.query}`);
          if (group.value === null) groupsWithoutValue++;
        }
      }
      assert.ok(groupsChecked > 2 * groupings.length, `several groups per grouping were checked (${groupsChecked})`);
      assert.ok(groupsWithoutValue > 0, 'some groups have no value (no bucket, succeeded): their -field:* terms were checked');
    });

  it('the origin grouping’s query selects its records once session lineage works out origin: terms', async () => {
    const slice = (
      JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/domain/lineage/invictus-ir-chains.json'), 'utf8')) as { Records: RawRecord[] }
    ).Records;
    const { store: lineageStore, links } = await storeOf(slice);
    const model = new EventTreeModel(lineageStore, () => 500, 'origin', { originGroups: (ids) => originGroups(links, ids) });
    const groups = everyGroup(model).filter(({ group }) => group.value !== null);
    assert.ok(groups.length > 2);
    for (const { group, parent, topGroups } of groups) {
      const target = sqlTargetOfGroup(undefined, group, parent, topGroups);
      assert.ok(target);
      const result = lineageStore.query(target.query, await lineageTerms(links, target.query));
      assert.ok(result.ok);
      assert.deepEqual(sorted(result.ids), sorted(group.recordIds), `${group.key}: ${target.query}`);
    }
  });

  it('leaves out the longer principals that hold a principal group’s value (principal: finds a part of one)', () => {
    const node = (value: string): GroupNode => ({ ...TOP, grouping: 'identity', value });
    const groups = [node('bert-jan'), node('arn:aws:iam::123837392027:user/Bert-Jan'), node('alice'), { ...TOP, grouping: 'identity' as const }];
    assert.deepEqual(sqlTargetOfGroup(undefined, groups[0], undefined, groups), {
      query: 'principal:"bert-jan" -principal:"arn:aws:iam::123837392027:user/Bert-Jan"',
    });
    assert.deepEqual(sqlTargetOfGroup(undefined, groups[2], undefined, groups), { query: 'principal:"alice"' });
    assert.deepEqual(
      sqlTargetOfGroup(undefined, { ...TOP, grouping: 'bucket', value: 'logs' }, undefined, [node('logs-archive')]),
      {
        query: 'bucket:"logs"',
      },
      'bucket: takes the whole value',
    );
  });

  it('names a log file by its file name, the end of its S3 key too, leaving out the other files whose path holds it', () => {
    const file = (value: string): GroupNode => ({ ...TOP, grouping: 'file', value });
    const name = '111122223333_CloudTrail_us-east-1_20230710T0005Z_EXAMPLE1.json.gz';
    const groups = [file(`/logs/a/${name}`), file(`/logs/b/${name}`), file('C:\\logs\\other.json')];
    assert.deepEqual(sqlTargetOfGroup(undefined, groups[0], undefined, groups), { query: `file:"${name}" -file:"/logs/b/${name}"` });
    assert.deepEqual(sqlTargetOfGroup(undefined, groups[2], undefined, groups), { query: 'file:"other.json"' });
  });

  it('quotes a value so its characters are taken literally, and a group of no value becomes -field:*', () => {
    const top = TOP;
    assert.deepEqual(sqlTargetOfGroup('region:us-east-1', { ...top, grouping: 'bucket', value: 'a "b" \\c' }), {
      query: 'region:us-east-1 bucket:"a \\"b\\" \\\\c"',
    });
    assert.deepEqual(sqlTargetOfGroup(undefined, { ...top, grouping: 'errorCode', value: null }), { query: '-error:*' });
    assert.deepEqual(sqlTargetOfGroup(undefined, { ...top, grouping: 'level', value: 'other' }), { query: 'level:"none"' });
    const byName: GroupNode = { ...top, depth: 1, value: 'GetObject' };
    assert.equal(sqlTargetOfGroup(undefined, byName), undefined, 'an event-name group needs its parent');
    assert.deepEqual(sqlTargetOfGroup(' ', byName, { ...top, grouping: 'identity', value: 'arn:aws:iam::123456789012:user/alice' }), {
      query: 'principal:"arn:aws:iam::123456789012:user/alice" name:"GetObject"',
    });
  });

  it('from the view’s title: the filter, grouped by the tree’s grouping, but for the origin grouping SQL cannot work out', () => {
    for (const grouping of TREE_GROUPINGS.filter((each) => each !== 'origin'))
      assert.deepEqual(sqlTargetOfTree('level:object', grouping), { query: 'level:object', groupBy: grouping });
    const byOrigin = sqlTargetOfTree('level:object', 'origin');
    assert.equal(byOrigin.groupBy, undefined);
    assert.match(byOrigin.ungrouped ?? '', /origin principal comes from session lineage/);
    assert.deepEqual(sqlTargetOfTree(undefined, 'bucket'), { query: '', groupBy: 'bucket' });
    assert.deepEqual(sqlTargetOfFilter('  name:GetObject '), { query: 'name:GetObject' });
  });
});
