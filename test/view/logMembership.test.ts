import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogMembership } from '../../src/view/logMembership';

describe('LogMembership', () => {
  it('a log opened by command stays when no tab shows it; one that joined from a tab leaves with it', () => {
    const logs = new LogMembership();
    logs.join('/a.json', 'command');
    logs.join('/b.json', 'editor');
    const plan = logs.planTabSync(new Set(), true);
    assert.deepEqual(plan, { toSniff: [], toClose: ['/b.json'] });
    assert.deepEqual(logs.files, ['/a.json']);
  });

  it('opening by command makes an editor log stay; another origin keeps the earlier reason', () => {
    const logs = new LogMembership();
    logs.join('/a.json', 'editor');
    logs.join('/a.json', 'command');
    assert.equal(logs.originOf('/a.json'), 'command');
    logs.join('/a.json', 'editor');
    assert.equal(logs.originOf('/a.json'), 'command');
    logs.join('/b.json', 'restoredPanel');
    logs.join('/b.json', 'editor');
    assert.equal(logs.originOf('/b.json'), 'restoredPanel');
  });

  it('a pinned editor log stays after its tab closes; unpinned it leaves at the next sync', () => {
    const logs = new LogMembership();
    logs.join('/a.json', 'editor');
    assert.equal(logs.pin('/a.json'), true);
    assert.deepEqual(logs.transientFiles(), []);
    assert.deepEqual(logs.planTabSync(new Set(), true).toClose, []);
    logs.unpin('/a.json');
    assert.deepEqual(logs.planTabSync(new Set(), true).toClose, ['/a.json']);
    assert.equal(logs.pin('/not-open.json'), false);
  });

  it('files in tabs are sniffed once: not CloudTrail, or closed by the user, they are ignored while a tab shows them', () => {
    const logs = new LogMembership();
    const tabs = new Set(['/a.json', '/b.json']);
    assert.deepEqual(logs.planTabSync(tabs, true).toSniff, ['/a.json', '/b.json']);
    logs.ignore('/a.json');
    logs.join('/b.json', 'editor');
    assert.deepEqual(logs.planTabSync(tabs, true).toSniff, []);
    logs.close('/b.json', true);
    assert.deepEqual(logs.planTabSync(tabs, true).toSniff, []);
    // Once no tab shows them, they are forgotten: shown again, they are sniffed again.
    logs.planTabSync(new Set(), true);
    assert.deepEqual(logs.planTabSync(tabs, true).toSniff, ['/a.json', '/b.json']);
  });

  it('with joining from tabs turned off nothing is sniffed, but transient logs still leave', () => {
    const logs = new LogMembership();
    logs.join('/b.json', 'editor');
    assert.deepEqual(logs.planTabSync(new Set(['/a.json']), false), { toSniff: [], toClose: ['/b.json'] });
  });

  it('logs of a restored panel become editor logs when the panel closes, and leave unless a tab shows them', () => {
    const logs = new LogMembership();
    logs.join('/a.json', 'restoredPanel');
    logs.join('/b.json', 'restoredPanel');
    assert.deepEqual(logs.planTabSync(new Set(), true).toClose, [], 'kept while the panel is open');
    assert.equal(logs.releaseRestoredPanelLogs(), true);
    assert.deepEqual(logs.planTabSync(new Set(['/b.json']), true).toClose, ['/a.json']);
    assert.deepEqual(logs.files, ['/b.json']);
    assert.equal(logs.releaseRestoredPanelLogs(), false);
  });

  it('closeAll forgets every log and ignores the files tabs still show', () => {
    const logs = new LogMembership();
    logs.join('/a.json', 'command');
    logs.pin('/a.json');
    logs.closeAll(['/a.json']);
    assert.deepEqual(logs.files, []);
    assert.equal(logs.isPinned('/a.json'), false);
    assert.deepEqual(logs.planTabSync(new Set(['/a.json']), true).toSniff, []);
  });
});
