// The Events tree with noise lenses on: the events they mark are out of the tree, the description names what is
// hidden and how many events are shown, and a filter and lenses combine.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { EventStore, loadPaths } from '../../src/core';
import { EventTreeModel } from '../../src/view/eventTree';
import { REAL_LOGS } from '../core/overview/realLogs';

describe('EventTreeModel with noise lenses', () => {
  const store = new EventStore();
  const settings = { monitoringPrincipals: [] };
  before(async () => store.add(await loadPaths([REAL_LOGS], { workers: 0 })));

  const count = (query: string) => {
    const result = store.query(query, undefined, settings);
    assert.ok(result.ok);
    return result.ids.length;
  };

  it("hides what the lens's query term marks, says so in the description, and shows everything again when turned off", () => {
    const model = new EventTreeModel(store, () => 500, 'level');
    const all = model.visibleIds.length;
    model.setLenses(['delivery'], settings);
    assert.equal(model.visibleIds.length, count('-noise:delivery'));
    assert.ok(model.visibleIds.length < all, 'the real logs have CloudTrail delivery calls');
    const { description, message } = model.description();
    assert.match(description ?? '', /^hiding CloudTrail's delivery \([\d,]+ of [\d,]+ events\)$/);
    assert.match(message ?? '', /^Noise lenses hide CloudTrail's delivery: /);
    model.setLenses([], settings);
    assert.equal(model.visibleIds.length, all);
    assert.equal(model.description().description, undefined);
  });

  it('a filter and lenses narrow together; both are named', () => {
    const model = new EventTreeModel(store, () => 500, 'level');
    model.setFilter('source:s3');
    model.setLenses(['service', 'readonly'], settings);
    assert.equal(model.visibleIds.length, count('source:s3 -noise:service -noise:readonly'));
    assert.match(model.description().description ?? '', /^Filter: source:s3 · hiding AWS service calls, read-only calls \(/);
  });
});
