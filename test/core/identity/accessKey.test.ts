import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { accountIdFromAccessKey, credentialClassOf, describeAccessKey, describeIdPrefix } from '../../../src/core/identity/accessKey';

describe('access key ids', () => {
  it('classes AKIA keys as long-term and ASIA keys as temporary', () => {
    assert.equal(credentialClassOf('AKIAIOSFODNN7EXAMPLE'), 'long-term');
    assert.equal(credentialClassOf('ASIAIOSFODNN7EXAMPLE'), 'temporary');
    assert.equal(credentialClassOf(''), 'none');
    assert.equal(credentialClassOf(null), 'none');
    assert.equal(credentialClassOf('EXAMPLE_KEY_ID'), 'unknown');
  });

  it('decodes the owning account with the published test vectors', () => {
    // Vectors from Aidan Steele's and Tal Be'ery's write-ups and from the aws_account_id_from_key_id crate.
    assert.equal(accountIdFromAccessKey('ASIAY34FZKBOKMUTVV7A'), '609629065308');
    assert.equal(accountIdFromAccessKey('AKIASP2TPHJSQH3FJXYZ'), '171436882533');
    assert.equal(accountIdFromAccessKey('ASIAVJ2E6QGR2WZILJFM'), '364679954851');
    assert.equal(accountIdFromAccessKey('ASIAQAAAAAAAGMKEM7X5'), '000000000000');
  });

  it('does not decode keys of the older format, masked or malformed keys', () => {
    assert.equal(accountIdFromAccessKey('AKIAIOSFODNN7EXAMPLE'), null);
    assert.equal(accountIdFromAccessKey('AKIAJ44QH8DHBEXAMPLE'), null);
    assert.equal(accountIdFromAccessKey('AKIA****************'), null);
    assert.equal(accountIdFromAccessKey('ASIA1234'), null);
    assert.equal(accountIdFromAccessKey('AKIA-MOCKACCESSKEYID-1'), null);
  });

  it('round-trips any 12-digit account through a key built with the documented layout', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999 }), fc.integer({ min: 0, max: 511 }), (account, lowBits) => {
        let value = 2 ** 49 + account * 512 + lowBits;
        let encoded = '';
        for (let index = 0; index < 10; index++) {
          encoded = alphabet[value % 32] + encoded;
          value = Math.floor(value / 32);
        }
        return accountIdFromAccessKey(`ASIA${encoded}EXAMPL`) === String(account).padStart(12, '0');
      }),
    );
  });

  it('describes a key in one sentence', () => {
    const description = describeAccessKey('ASIAY34FZKBOKMUTVV7A');
    assert.equal(description.credential, 'temporary');
    assert.equal(description.decodedAccountId, '609629065308');
    assert.match(description.summary, /^ASIAY34FZKBOKMUTVV7A is a temporary access key from AWS STS .* encodes account 609629065308\.$/);
    assert.match(describeAccessKey('AKIAIOSFODNN7EXAMPLE').summary, /older key format/);
  });

  it('explains IAM unique-id prefixes', () => {
    assert.deepEqual(describeIdPrefix('AROAEXAMPLE'), { prefix: 'AROA', meaning: 'IAM role' });
    assert.deepEqual(describeIdPrefix('AIDAEXAMPLE'), { prefix: 'AIDA', meaning: 'IAM user' });
    assert.equal(describeIdPrefix('XXXXEXAMPLE'), null);
  });
});
