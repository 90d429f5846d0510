// origin: and session: query terms and the origin grouping, on the real invictus-ir chains (the repository's slice)
// and on doc-shaped chains that cross accounts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lineageTerms, originGroups, usesLineageTerms } from '../../../src/core';
import type { RawRecord } from '../../../src/core/types';
import { REPO_ROOT } from '../engineFixtures';
import { ACCOUNT_A, ACCOUNT_B, assumeRole, call, iamUser, roleSession, storeOf } from './records';

const SLICE: RawRecord[] = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/domain/lineage/invictus-ir-chains.json'), 'utf8')) as { Records: RawRecord[] }
).Records;
const BERT_JAN = 'arn:aws:iam::123837392027:user/bert-jan';
const ASSUME_ROLE = 'bbe86c7c-5981-4ac8-ad20-9248612b16c1';
const GET_PASSWORD_DATA = 'fbd91225-39aa-4c00-822c-9f0b96e7758f';

function eventIdsOf(store: Awaited<ReturnType<typeof storeOf>>['store'], ids: Iterable<number>): string[] {
  return [...ids].map((id) => store.summary(id)?.eventID ?? '').sort();
}

describe('origin: and session: terms', () => {
  it('origin: finds the user’s own calls and the calls of the role session he started', async () => {
    const { store, links } = await storeOf(SLICE);
    const query = 'origin:bert-jan';
    const result = store.query(query, await lineageTerms(links, query));
    assert.ok(result.ok);
    const names = [...result.ids].map((id) => store.summary(id)?.eventName);
    assert.ok(names.includes('GetPasswordData'), `the role session's call is found: ${names.join(', ')}`);
    assert.ok(names.includes('AssumeRole'), 'and his own AssumeRole');
    const without = store.query('-origin:bert-jan', await lineageTerms(links, '-origin:bert-jan'));
    assert.ok(without.ok);
    assert.equal(without.ids.length + result.ids.length, store.size, 'negation keeps the rest');
  });

  it('session:<issuing eventID> finds what the credentials it minted did; session:<key> the same', async () => {
    const { store, links } = await storeOf(SLICE);
    const byEvent = `session:${ASSUME_ROLE}`;
    const result = store.query(byEvent, await lineageTerms(links, byEvent));
    assert.ok(result.ok);
    assert.deepEqual(eventIdsOf(store, result.ids), [GET_PASSWORD_DATA]);
    const byKey = 'session:ASIATFQR7NSCWLLE7IWW name:GetPasswordData';
    const keyed = store.query(byKey, await lineageTerms(links, byKey));
    assert.ok(keyed.ok);
    assert.deepEqual(eventIdsOf(store, keyed.ids), [GET_PASSWORD_DATA]);
  });

  it('follows a chain across accounts: everything the user started, in both accounts’ logs', async () => {
    const alice = iamUser('alice', 'AKIAALICEEXAMPLE0001');
    const toB = assumeRole(alice, '2024-05-01T10:00:00Z', `arn:aws:iam::${ACCOUNT_B}:role/AuditRole`, 'audit', 'ASIAAUDITEXAMPLE0001', {
      recipientAccountId: ACCOUNT_A,
    });
    const inB = call(
      roleSession('AuditRole', 'audit', 'ASIAAUDITEXAMPLE0001', '2024-05-01T10:00:00Z', { accountId: ACCOUNT_B }),
      '2024-05-01T10:05:00Z',
      'GetObject',
    );
    const { store, links } = await storeOf([toB], [inB]);
    const query = 'origin:alice';
    const result = store.query(query, await lineageTerms(links, query));
    assert.ok(result.ok);
    assert.equal(result.ids.length, 2);
    assert.equal(store.summary(result.ids[1] as number)?.account, ACCOUNT_B);
    assert.equal(ACCOUNT_A, store.summary(result.ids[0] as number)?.account);
  });

  it('without session lineage the store says which term needs it; plain queries need nothing', async () => {
    const { store } = await storeOf(SLICE);
    const result = store.query('name:AssumeRole origin:bert-jan');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error.message, /origin: needs session lineage/);
    assert.equal(result.ok ? '' : result.error.term, 'origin:bert-jan');
    assert.equal(usesLineageTerms('name:AssumeRole'), false);
    assert.equal(usesLineageTerms('-session:ASIA123'), true);
  });
});

describe('originGroups', () => {
  it('groups the events by the principal at the origin of their credentials, largest first, ids ascending', async () => {
    const { store, links } = await storeOf(SLICE);
    const groups = originGroups(links, store.allIds());
    assert.equal(
      groups.reduce((sum, group) => sum + group.count, 0),
      store.size,
    );
    const bertJan = groups.find((group) => group.value === BERT_JAN);
    assert.ok(bertJan);
    assert.ok(eventIdsOf(store, bertJan.ids).includes(GET_PASSWORD_DATA), 'the role session falls under the user who assumed the role');
    assert.deepEqual(
      [...bertJan.ids],
      [...bertJan.ids].sort((a, b) => a - b),
    );
    for (let k = 1; k < groups.length; k++) assert.ok((groups[k - 1]?.count ?? 0) >= (groups[k]?.count ?? 0));
  });
});
