import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkFactsOf } from '../../../src/core';
import { ACCOUNT_A, assumeRole, call, iamUser } from './records';

const ROLE = `arn:aws:iam::${ACCOUNT_A}:role/AdminRole`;

describe('linkFactsOf: what an issuing record contributes', () => {
  it('an AssumeRole: the minted key, the session it creates and its caller, as plain data', () => {
    const facts = linkFactsOf(assumeRole(iamUser('alice', 'AKIAEXAMPLEALICE0001'), '2024-05-01T08:00:00Z', ROLE, 'work', 'ASIAEXAMPLEFACTS0001'));
    assert.ok(facts);
    assert.equal(facts.issuedKey, 'ASIAEXAMPLEFACTS0001');
    assert.equal(facts.session, `arn:aws:sts::${ACCOUNT_A}:assumed-role/AdminRole/work`);
    assert.equal(facts.caller.accessKeyId, 'AKIAEXAMPLEALICE0001');
    assert.equal(facts.eventTimeMs, Date.UTC(2024, 4, 1, 8));
    // Plain data: it survives a structured clone (a worker thread's message) unchanged.
    assert.deepEqual(structuredClone(facts), facts);
  });

  it('a failed call, a failed sign-in, a call that issues nothing and a masked key give no link', () => {
    const failed = {
      ...assumeRole(iamUser('alice', 'AKIAEXAMPLEALICE0001'), '2024-05-01T08:00:00Z', ROLE, 'x', 'ASIAEXAMPLEFACTS0002'),
      errorCode: 'AccessDenied',
    };
    assert.equal(linkFactsOf(failed), null);
    const signIn = { ...call(iamUser('alice', ''), '2024-05-01T08:00:00Z', 'ConsoleLogin'), eventSource: 'signin.amazonaws.com' };
    assert.equal(linkFactsOf({ ...signIn, responseElements: { ConsoleLogin: 'Failure' } }), null);
    assert.equal(linkFactsOf({ ...signIn, responseElements: { ConsoleLogin: 'Success' } })?.session, `arn:aws:iam::${ACCOUNT_A}:user/alice`);
    assert.equal(linkFactsOf(call(iamUser('alice', 'AKIAEXAMPLEALICE0001'), '2024-05-01T08:00:00Z', 'DescribeInstances')), null);
    const masked = assumeRole(iamUser('alice', 'AKIA****************'), '2024-05-01T08:00:00Z', ROLE, 'y', 'ASIA****************');
    assert.equal(linkFactsOf(masked)?.issuedKey, null);
  });
});
