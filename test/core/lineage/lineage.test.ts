import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lineage, lineageOfSummary, MAX_HOPS, sessionActivity } from '../../../src/core';
import type { RawRecord } from '../../../src/core/types';
import { REPO_ROOT } from '../engineFixtures';
import { ACCOUNT_A, ACCOUNT_B, assumeRole, call, iamUser, roleSession, storeOf } from './records';

async function chainOf(files: RawRecord[][], eventID: string) {
  const { links, idOf } = await storeOf(...files);
  const chain = await lineage(links, idOf(eventID));
  assert.ok(chain);
  return chain;
}

const ROLE_A = `arn:aws:iam::${ACCOUNT_A}:role/AdminRole`;
const ROLE_B = `arn:aws:iam::${ACCOUNT_B}:role/AuditRole`;

// Real chains of the invictus-ir Stratus Red Team run (test/fixtures/domain/SOURCE.md); the whole data set when it
// is beside the clone (../shared/data), else the repository's slice of the same records.
const SHARED_SET = join(REPO_ROOT, '..', 'shared', 'data', 'invictus-ir-aws-dataset');
const SLICE: RawRecord[] = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/domain/lineage/invictus-ir-chains.json'), 'utf8')) as { Records: RawRecord[] }
).Records;

async function realStore() {
  if (!existsSync(SHARED_SET)) return storeOf(SLICE);
  const { EventStore, loadPaths, SessionLinks } = await import('../../../src/core');
  const store = new EventStore();
  store.add(await loadPaths([SHARED_SET], { workers: 0 }));
  const links = new SessionLinks(store);
  await links.update();
  return { store, links, idOf: (wanted: string) => store.findByEventId(wanted) as number };
}

describe('lineage on real chains (invictus-ir)', () => {
  it('names the IAM user behind a role session: GetPasswordData ← AssumeRole by bert-jan with his long-term key', async () => {
    const { links, idOf } = await realStore();
    const chain = await lineage(links, idOf('fbd91225-39aa-4c00-822c-9f0b96e7758f'));
    assert.ok(chain);
    assert.equal(chain.event.accessKeyId, 'ASIATFQR7NSCWLLE7IWW');
    assert.deepEqual(
      chain.hops.map((hop) => [hop.issuer.eventID, hop.issuer.eventName, hop.match, hop.issuedKey, hop.principal, hop.accessKeyId]),
      [
        [
          'bbe86c7c-5981-4ac8-ad20-9248612b16c1',
          'AssumeRole',
          'key',
          'ASIATFQR7NSCWLLE7IWW',
          'arn:aws:iam::123837392027:user/bert-jan',
          'AKIATFQR7NSC8Q4X20BJ',
        ],
      ],
    );
    assert.equal(chain.origin.kind, 'iam-user');
    assert.equal(chain.origin.principal, 'arn:aws:iam::123837392027:user/bert-jan');
    assert.equal(chain.origin.credential, 'long-term');
    assert.equal(chain.complete, true);
    assert.equal(chain.missing, null);
  });

  it('ends an instance-profile session at Amazon EC2, which assumed the role for the instance', async () => {
    const { links, idOf } = await realStore();
    const chain = await lineage(links, idOf('6bf8950b-f1ed-439d-8fc8-211645bfbe0f'));
    assert.ok(chain);
    assert.deepEqual(
      chain.hops.map((hop) => [hop.issuer.eventID, hop.principal, hop.session]),
      [
        [
          '7a5ee168-7848-4cfa-8d3c-69f78ecb1806',
          'ec2.amazonaws.com',
          'arn:aws:sts::123837392027:assumed-role/stratus-red-team-ec2-steal-credentials-role/i-0dbc91f429e48eeed',
        ],
      ],
    );
    assert.equal(chain.origin.kind, 'aws-service');
    assert.match(chain.origin.how, /EC2 instance/);
    assert.equal(chain.complete, true);
  });

  it('ties a console session to its ConsoleLogin by user and creation time, as a weaker match', async () => {
    const { links, idOf } = await realStore();
    const chain = await lineage(links, idOf('1ede4fb6-1dcd-43b1-a5e1-75ab29599040'));
    assert.ok(chain);
    assert.deepEqual(
      chain.hops.map((hop) => [hop.issuer.eventID, hop.issuer.eventName, hop.match]),
      [['8feee4c2-5e27-4857-8475-bfa7e7b6d791', 'ConsoleLogin', 'session']],
    );
    assert.equal(chain.origin.principal, 'arn:aws:iam::123837392027:user/bert-jan');
    assert.match(chain.origin.how, /signed in with a password/);
    assert.equal(chain.origin.mfa, true);
    assert.equal(chain.complete, true);
  });

  it('says which sign-in to look for when a console session began before the logs', async () => {
    const { links, idOf } = await realStore();
    const chain = await lineage(links, idOf('8b0a92b6-4868-4090-a6aa-d8f4d618c9d4'));
    assert.ok(chain);
    assert.equal(chain.complete, false);
    assert.equal(chain.hops.length, 0);
    assert.equal(chain.missing?.reason, 'not-loaded');
    assert.equal(chain.missing?.accessKeyId, 'ASIATFQR7NSC5445CWUI');
    assert.deepEqual(chain.missing?.eventNames, ['GetSessionToken', 'ConsoleLogin']);
    assert.deepEqual([chain.missing?.after, chain.missing?.before], ['2023-07-10T11:37:31Z', '2023-07-10T11:43:31Z']);
    assert.equal(chain.missing?.accountId, '123837392027');
  });
});

describe('lineageOfSummary: the chain from the index alone', () => {
  it('finds the same hops and origin as lineage() for every real event whose chain goes by keys', async () => {
    const { store, links } = await realStore();
    let compared = 0;
    for (const id of store.allIds()) {
      const full = await lineage(links, id);
      assert.ok(full);
      if (!full.hops.every((hop) => hop.match === 'key') || full.origin.kind === 'ec2-instance') continue;
      const cheap = lineageOfSummary(links, id);
      assert.deepEqual(
        cheap?.hops.map((hop) => hop.issuer.id),
        full.hops.map((hop) => hop.issuer.id),
      );
      if (full.complete) assert.deepEqual([cheap?.origin.principal, cheap?.origin.kind], [full.origin.principal, full.origin.kind]);
      compared++;
    }
    assert.ok(compared >= 5, `${compared} events compared`);
  });
});

describe('lineage of each issuing call (records shaped from the AWS documentation)', () => {
  it('AssumeRoleWithSAML: the chain leaves AWS at the SAML user', async () => {
    const saml = {
      type: 'SAMLUser',
      principalId: 'SampleUkh1i4+ExamplexL/jEvs=:alice@example.com',
      userName: 'alice@example.com',
      identityProvider: 'bdGOnTesti4+ExampleGYWkgm7ZsEXAMPLE',
    };
    const issue = assumeRole(saml, '2024-05-01T08:00:00Z', ROLE_A, 'alice@example.com', 'ASIAEXAMPLESAML00001', { eventName: 'AssumeRoleWithSAML' });
    const use = call(roleSession('AdminRole', 'alice@example.com', 'ASIAEXAMPLESAML00001', '2024-05-01T08:00:00Z'), '2024-05-01T08:05:00Z');
    const chain = await chainOf([[issue, use]], use.eventID as string);
    assert.deepEqual(
      chain.hops.map((hop) => [hop.issuer.eventName, hop.match, hop.identityKind]),
      [['AssumeRoleWithSAML', 'key', 'saml-user']],
    );
    assert.equal(chain.origin.kind, 'saml-user');
    assert.match(chain.origin.how, /bdGOnTesti4\+ExampleGYWkgm7ZsEXAMPLE/);
    assert.equal(chain.complete, true);
  });

  it('AssumeRoleWithWebIdentity: the chain leaves AWS at the OIDC provider', async () => {
    const web = { type: 'WebIdentityUser', principalId: 'accounts.google.com:app:user', userName: 'user', identityProvider: 'accounts.google.com' };
    const issue = assumeRole(web, '2024-05-01T08:00:00Z', ROLE_A, 'web-session', 'ASIAEXAMPLEWEBID0001', { eventName: 'AssumeRoleWithWebIdentity' });
    const use = call(roleSession('AdminRole', 'web-session', 'ASIAEXAMPLEWEBID0001', '2024-05-01T08:00:00Z'), '2024-05-01T08:01:00Z');
    const chain = await chainOf([[issue, use]], use.eventID as string);
    assert.equal(chain.origin.kind, 'web-identity-user');
    assert.equal(chain.origin.principal, 'user');
    assert.equal(chain.hops.length, 1);
  });

  it('Identity Center GetRoleCredentials: no key in the log, so account, permission set and creation time match (weaker)', async () => {
    const portal = {
      type: 'IdentityCenterUser',
      accountId: ACCOUNT_A,
      onBehalfOf: {
        userId: '94482488-3041-7026-18f3-be45837cd0e4',
        identityStoreArn: `arn:aws:identitystore::${ACCOUNT_A}:identitystore/d-1234567890`,
      },
      credentialId: 'EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE',
    };
    const issue: RawRecord = {
      ...call(portal, '2024-05-01T09:00:00Z', 'GetRoleCredentials'),
      eventSource: 'sso.amazonaws.com',
      requestParameters: { roleName: 'PowerUser', accountId: ACCOUNT_A },
      responseElements: null,
    };
    const session = roleSession('AWSReservedSSO_PowerUser_0123456789abcdef', 'alice', 'ASIAEXAMPLESSO000001', '2024-05-01T09:00:01Z');
    const use = call(session, '2024-05-01T09:10:00Z');
    const { links, idOf } = await storeOf([issue, use]);
    const chain = await lineage(links, idOf(use.eventID as string));
    assert.ok(chain);
    assert.deepEqual(
      chain.hops.map((hop) => [hop.issuer.eventName, hop.match, hop.issuedKey]),
      [['GetRoleCredentials', 'session', null]],
    );
    assert.equal(chain.origin.kind, 'identity-center-user');
    assert.equal(chain.origin.principal, '94482488-3041-7026-18f3-be45837cd0e4');
    // The reverse walk finds the session's key from the issuing event alone.
    const activity = await sessionActivity(links, issue.eventID as string);
    assert.deepEqual(
      activity.sessions.map((found) => [found.accessKeyId, found.match]),
      [['ASIAEXAMPLESSO000001', 'session']],
    );
    assert.deepEqual(activity.ids, [idOf(use.eventID as string)]);
    assert.equal(activity.sessions[0]?.session, `arn:aws:sts::${ACCOUNT_A}:assumed-role/AWSReservedSSO_PowerUser_0123456789abcdef/alice`);
  });

  it('Identity Center: a session created hours after the call is not tied to it', async () => {
    const portal = { type: 'IdentityCenterUser', accountId: ACCOUNT_A, onBehalfOf: { userId: 'u-1' } };
    const issue: RawRecord = {
      ...call(portal, '2024-05-01T09:00:00Z', 'GetRoleCredentials'),
      eventSource: 'sso.amazonaws.com',
      requestParameters: { roleName: 'PowerUser', accountId: ACCOUNT_A },
    };
    const use = call(
      roleSession('AWSReservedSSO_PowerUser_0123456789abcdef', 'bob', 'ASIAEXAMPLESSO000002', '2024-05-01T15:00:00Z'),
      '2024-05-01T15:01:00Z',
    );
    const chain = await chainOf([[issue, use]], use.eventID as string);
    assert.equal(chain.complete, false);
    assert.deepEqual(chain.missing?.eventNames, ['AssumeRoleWithSAML', 'GetRoleCredentials']);
  });

  it('AssumeRoot: a root session of a member account, issued to the management account (cross-account)', async () => {
    const issue = {
      ...call(iamUser('admin', 'AKIAEXAMPLEADMIN0001'), '2024-11-20T10:00:00Z', 'AssumeRoot'),
      eventSource: 'sts.amazonaws.com',
      requestParameters: { targetPrincipal: ACCOUNT_B, taskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy' } },
      responseElements: { credentials: { accessKeyId: 'ASIAEXAMPLEROOT00001', sessionToken: 'EXAMPLE', expiration: 'Nov 20, 2024, 10:15:00 AM' } },
    };
    const rootSession = {
      type: 'Root',
      principalId: ACCOUNT_B,
      arn: `arn:aws:iam::${ACCOUNT_B}:root`,
      accountId: ACCOUNT_B,
      accessKeyId: 'ASIAEXAMPLEROOT00001',
      sessionContext: { attributes: { creationDate: '2024-11-20T10:00:00Z', mfaAuthenticated: 'false' }, assumedRoot: 'true' },
    };
    const use = call(rootSession, '2024-11-20T10:02:00Z', 'DeleteBucketPolicy');
    const chain = await chainOf([[issue], [use]], use.eventID as string);
    assert.deepEqual(
      chain.hops.map((hop) => [hop.issuer.eventName, hop.accountId, hop.crossAccount]),
      [['AssumeRoot', ACCOUNT_A, true]],
    );
    assert.equal(chain.origin.principal, `arn:aws:iam::${ACCOUNT_A}:user/admin`);
  });

  it('GetFederationToken: a federated user goes back to the IAM user who asked', async () => {
    const issue = {
      ...call(iamUser('broker', 'AKIAEXAMPLEBROKER001'), '2024-05-01T08:00:00Z', 'GetFederationToken'),
      eventSource: 'sts.amazonaws.com',
      requestParameters: { name: 'Bob', durationSeconds: 3600 },
      responseElements: {
        credentials: { accessKeyId: 'ASIAEXAMPLEFED000001', sessionToken: 'EXAMPLE', expiration: 'May 1, 2024, 9:00:00 AM' },
        federatedUser: { federatedUserId: `${ACCOUNT_A}:Bob`, arn: `arn:aws:sts::${ACCOUNT_A}:federated-user/Bob` },
      },
    };
    const federated = {
      type: 'FederatedUser',
      principalId: `${ACCOUNT_A}:Bob`,
      arn: `arn:aws:sts::${ACCOUNT_A}:federated-user/Bob`,
      accountId: ACCOUNT_A,
      accessKeyId: 'ASIAEXAMPLEFED000001',
      sessionContext: { attributes: { creationDate: '2024-05-01T08:00:00Z', mfaAuthenticated: 'false' } },
    };
    const use = call(federated, '2024-05-01T08:30:00Z');
    const chain = await chainOf([[issue, use]], use.eventID as string);
    assert.equal(chain.origin.principal, `arn:aws:iam::${ACCOUNT_A}:user/broker`);
    assert.deepEqual(
      chain.hops.map((hop) => hop.issuer.eventName),
      ['GetFederationToken'],
    );
  });

  it('CreateAccessKey: a long-term key ends the chain at its user, naming who created the key', async () => {
    const issue: RawRecord = {
      ...call(iamUser('admin', 'AKIAEXAMPLEADMIN0001'), '2024-05-01T08:00:00Z', 'CreateAccessKey'),
      eventSource: 'iam.amazonaws.com',
      requestParameters: { userName: 'backdoor' },
      responseElements: {
        accessKey: { accessKeyId: 'AKIAEXAMPLEBACKDOOR1', status: 'Active', userName: 'backdoor', createDate: 'May 1, 2024 8:00:00 AM' },
      },
    };
    const use = call(iamUser('backdoor', 'AKIAEXAMPLEBACKDOOR1'), '2024-05-02T08:00:00Z');
    const chain = await chainOf([[issue, use]], use.eventID as string);
    assert.equal(chain.hops.length, 0);
    assert.equal(chain.origin.principal, `arn:aws:iam::${ACCOUNT_A}:user/backdoor`);
    assert.equal(chain.origin.keyCreatedBy?.principal, `arn:aws:iam::${ACCOUNT_A}:user/admin`);
    assert.equal(chain.origin.keyCreatedBy?.event.eventID, issue.eventID);
    assert.equal(chain.complete, true);
  });

  it('an EC2 instance-profile session whose AssumeRole is not logged ends at the instance, complete', async () => {
    const session = roleSession('WebServer', 'i-0123456789abcdef0', 'ASIAEXAMPLEEC2000001', '2024-05-01T07:00:00Z');
    (session.sessionContext as RawRecord).ec2RoleDelivery = '2.0';
    const use = call(session, '2024-05-01T08:00:00Z');
    const chain = await chainOf([[use]], use.eventID as string);
    assert.equal(chain.origin.kind, 'ec2-instance');
    assert.match(chain.origin.how, /instance i-0123456789abcdef0 by its metadata service \(IMDSv2\)/);
    assert.equal(chain.complete, true);
  });
});

describe('chains across accounts, roles and missing logs', () => {
  const aliceKey = 'AKIAEXAMPLEALICE0001';
  const assume = assumeRole(iamUser('alice', aliceKey), '2024-05-01T08:00:00Z', ROLE_B, 'alice-audit', 'ASIAEXAMPLECROSS0001', {
    recipientAccountId: ACCOUNT_A,
  });
  const use = call(
    roleSession('AuditRole', 'alice-audit', 'ASIAEXAMPLECROSS0001', '2024-05-01T08:00:00Z', { accountId: ACCOUNT_B }),
    '2024-05-01T08:10:00Z',
  );

  it("cross-account AssumeRole: account A's log holds the call, account B's the session; the hop is marked", async () => {
    const chain = await chainOf([[assume], [use]], use.eventID as string);
    assert.deepEqual(
      chain.hops.map((hop) => [hop.principal, hop.accountId, hop.crossAccount]),
      [[`arn:aws:iam::${ACCOUNT_A}:user/alice`, ACCOUNT_A, true]],
    );
    assert.equal(chain.origin.accessKeyId, aliceKey);
  });

  it("with only account B's log the chain breaks and says what to look for; adding A's log completes it; closing it breaks it again", async () => {
    const { store, links, idOf } = await storeOf([use]);
    const broken = await lineage(links, idOf(use.eventID as string));
    assert.equal(broken?.complete, false);
    assert.equal(broken?.missing?.accessKeyId, 'ASIAEXAMPLECROSS0001');
    assert.equal(broken?.missing?.accountId, ACCOUNT_B);
    assert.deepEqual(broken?.missing?.eventNames, ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']);
    assert.deepEqual([broken?.missing?.after, broken?.missing?.before], ['2024-05-01T07:55:00Z', '2024-05-01T08:01:00Z']);
    assert.match(broken?.missing?.message ?? '', /whose response holds ASIAEXAMPLECROSS0001/);

    const { loadText } = await import('../../../src/core');
    store.add(loadText('account-a.json', JSON.stringify({ Records: [assume] })));
    await links.update();
    assert.equal((await lineage(links, idOf(use.eventID as string)))?.complete, true);

    store.removeFile('account-a.json');
    await links.update();
    assert.equal(links.size, 0);
    assert.equal((await lineage(links, idOf(use.eventID as string)))?.complete, false);
  });

  it('role chaining carries sourceIdentity from the first AssumeRole to every session after it', async () => {
    const first = assumeRole(iamUser('alice', aliceKey), '2024-05-01T08:00:00Z', ROLE_A, 'alice', 'ASIAEXAMPLECHAIN0001', {
      sourceIdentity: 'alice@example.com',
    });
    const firstSession = roleSession('AdminRole', 'alice', 'ASIAEXAMPLECHAIN0001', '2024-05-01T08:00:00Z', { sourceIdentity: 'alice@example.com' });
    const second = assumeRole(firstSession, '2024-05-01T08:05:00Z', ROLE_B, 'alice', 'ASIAEXAMPLECHAIN0002');
    const secondSession = roleSession('AuditRole', 'alice', 'ASIAEXAMPLECHAIN0002', '2024-05-01T08:05:00Z', {
      accountId: ACCOUNT_B,
      sourceIdentity: 'alice@example.com',
    });
    const use = call(secondSession, '2024-05-01T08:06:00Z');
    const chain = await chainOf([[first, second], [use]], use.eventID as string);
    assert.deepEqual(
      chain.hops.map((hop) => [hop.issuer.eventID, hop.issuedKey, hop.sourceIdentity, hop.crossAccount]),
      [
        [second.eventID, 'ASIAEXAMPLECHAIN0002', 'alice@example.com', true],
        [first.eventID, 'ASIAEXAMPLECHAIN0001', 'alice@example.com', false],
      ],
    );
    assert.equal(chain.sourceIdentity, 'alice@example.com');
    assert.equal(chain.origin.principal, `arn:aws:iam::${ACCOUNT_A}:user/alice`);
  });

  it('a chain whose middle is missing stops at the session whose AssumeRole is not loaded', async () => {
    const first = assumeRole(iamUser('alice', aliceKey), '2024-05-01T08:00:00Z', ROLE_A, 'alice', 'ASIAEXAMPLEGAP000001');
    // The AssumeRole made with ASIAEXAMPLEGAP000001 that minted ASIAEXAMPLEGAP000002 is not in the logs.
    const use = call(
      roleSession('AuditRole', 'hop-two', 'ASIAEXAMPLEGAP000002', '2024-05-01T08:30:00Z', { accountId: ACCOUNT_B }),
      '2024-05-01T08:31:00Z',
    );
    const chain = await chainOf([[first, use]], use.eventID as string);
    assert.equal(chain.hops.length, 0);
    assert.equal(chain.complete, false);
    assert.equal(chain.origin.kind, 'session');
    assert.equal(chain.missing?.session, `arn:aws:sts::${ACCOUNT_B}:assumed-role/AuditRole/hop-two`);
    assert.equal(chain.missing?.accessKeyId, 'ASIAEXAMPLEGAP000002');
  });

  it('a session name reused later does not tie a session to an old AssumeRole (creation time decides)', async () => {
    const old = assumeRole(iamUser('alice', aliceKey), '2024-05-01T08:00:00Z', ROLE_A, 'deploy', null);
    const use = call(roleSession('AdminRole', 'deploy', 'ASIAEXAMPLEREUSE0001', '2024-05-01T10:00:00Z'), '2024-05-01T10:01:00Z');
    const chain = await chainOf([[old, use]], use.eventID as string);
    assert.equal(chain.complete, false);
    const fresh = assumeRole(iamUser('bob', 'AKIAEXAMPLEBOB000001'), '2024-05-01T09:59:58Z', ROLE_A, 'deploy', null);
    const matched = await chainOf([[old, fresh, use]], use.eventID as string);
    assert.deepEqual(
      matched.hops.map((hop) => [hop.issuer.eventID, hop.match]),
      [[fresh.eventID, 'session']],
    );
  });
});

describe('hostile logs', () => {
  it('a key that issues itself is a loop, not a hang', async () => {
    const self = assumeRole(
      roleSession('AdminRole', 'loop', 'ASIAEXAMPLELOOP00001', '2024-05-01T08:00:00Z'),
      '2024-05-01T08:00:00Z',
      ROLE_A,
      'loop',
      'ASIAEXAMPLELOOP00001',
    );
    const use = call(roleSession('AdminRole', 'loop', 'ASIAEXAMPLELOOP00001', '2024-05-01T08:00:00Z'), '2024-05-01T08:01:00Z');
    const chain = await chainOf([[self, use]], use.eventID as string);
    assert.equal(chain.hops.length, 1);
    assert.equal(chain.missing?.reason, 'loop');
    assert.equal(chain.complete, false);
    const ofItself = await chainOf([[self]], self.eventID as string);
    assert.equal(ofItself.hops.length, 0);
    assert.equal(ofItself.missing?.reason, 'loop');
  });

  it('two keys that issue each other stop at the loop', async () => {
    const a = assumeRole(
      roleSession('AdminRole', 'a', 'ASIAEXAMPLECYCLE0002', '2024-05-01T08:00:00Z'),
      '2024-05-01T08:00:00Z',
      ROLE_A,
      'b',
      'ASIAEXAMPLECYCLE0001',
    );
    const b = assumeRole(
      roleSession('AdminRole', 'b', 'ASIAEXAMPLECYCLE0001', '2024-05-01T08:00:00Z'),
      '2024-05-01T08:00:00Z',
      ROLE_A,
      'a',
      'ASIAEXAMPLECYCLE0002',
    );
    const use = call(roleSession('AdminRole', 'b', 'ASIAEXAMPLECYCLE0001', '2024-05-01T08:00:00Z'), '2024-05-01T08:01:00Z');
    const chain = await chainOf([[a, b, use]], use.eventID as string);
    assert.equal(chain.hops.length, 2);
    assert.equal(chain.missing?.reason, 'loop');
  });

  it(`a chain longer than ${MAX_HOPS} hops stops there`, async () => {
    const key = (n: number) => `ASIAEXAMPLEDEEP${String(n).padStart(5, '0')}`;
    const records = Array.from({ length: MAX_HOPS + 10 }, (_, n) =>
      assumeRole(roleSession('AdminRole', `s${n}`, key(n), '2024-05-01T08:00:00Z'), '2024-05-01T08:00:00Z', ROLE_A, `s${n + 1}`, key(n + 1)),
    );
    const use = call(roleSession('AdminRole', 'last', key(MAX_HOPS + 10), '2024-05-01T08:00:00Z'), '2024-05-01T08:01:00Z');
    const chain = await chainOf([[...records, use]], use.eventID as string);
    assert.equal(chain.hops.length, MAX_HOPS);
    assert.equal(chain.missing?.reason, 'too-deep');
  });

  it('anonymised keys (AKIA****…) link nothing', async () => {
    const masked = 'AKIA****************';
    const issue = assumeRole(iamUser('alice', masked), '2024-05-01T08:00:00Z', ROLE_A, 'x', masked);
    const use = call(iamUser('bob', masked), '2024-05-01T08:01:00Z');
    const { links, idOf } = await storeOf([issue, use]);
    const chain = await lineage(links, idOf(use.eventID as string));
    assert.equal(chain?.hops.length, 0);
    assert.equal(links.issuedBy(idOf(issue.eventID as string))?.issuedKey, null);
  });
});

describe('sessionActivity: everything a key started', () => {
  it('finds the events of the key, of the keys it issued and of the keys those issued, with each session', async () => {
    const aliceKey = 'AKIAEXAMPLEALICE0002';
    const own = call(iamUser('alice', aliceKey), '2024-05-01T07:59:00Z');
    const first = assumeRole(iamUser('alice', aliceKey), '2024-05-01T08:00:00Z', ROLE_A, 'alice', 'ASIAEXAMPLEACT000001');
    const firstSession = roleSession('AdminRole', 'alice', 'ASIAEXAMPLEACT000001', '2024-05-01T08:00:00Z');
    const second = assumeRole(firstSession, '2024-05-01T08:05:00Z', ROLE_B, 'alice', 'ASIAEXAMPLEACT000002');
    const download = call(
      roleSession('AuditRole', 'alice', 'ASIAEXAMPLEACT000002', '2024-05-01T08:05:00Z', { accountId: ACCOUNT_B }),
      '2024-05-01T08:06:00Z',
      'GetObject',
    );
    const unrelated = call(iamUser('carol', 'AKIAEXAMPLECAROL0001'), '2024-05-01T08:06:00Z');
    const { links, idOf } = await storeOf([own, first, second, download, unrelated]);
    const activity = await sessionActivity(links, aliceKey);
    assert.deepEqual(
      activity.ids,
      [own, first, second, download].map((record) => idOf(record.eventID as string)),
    );
    assert.deepEqual(
      activity.sessions.map((session) => [session.accessKeyId, session.parentKey, session.depth, session.events, session.issuer?.eventID ?? null]),
      [
        [aliceKey, null, 0, 2, null],
        ['ASIAEXAMPLEACT000001', aliceKey, 1, 1, first.eventID],
        ['ASIAEXAMPLEACT000002', 'ASIAEXAMPLEACT000001', 2, 1, second.eventID],
      ],
    );
    const fromIssuer = await sessionActivity(links, first.eventID as string);
    assert.deepEqual(
      fromIssuer.ids,
      [second, download].map((record) => idOf(record.eventID as string)),
    );
    assert.equal(activity.truncated, false);
  });

  it('stops on keys that issue each other', async () => {
    const a = assumeRole(
      roleSession('AdminRole', 'a', 'ASIAEXAMPLECYCLE0012', '2024-05-01T08:00:00Z'),
      '2024-05-01T08:00:00Z',
      ROLE_A,
      'b',
      'ASIAEXAMPLECYCLE0011',
    );
    const b = assumeRole(
      roleSession('AdminRole', 'b', 'ASIAEXAMPLECYCLE0011', '2024-05-01T08:00:00Z'),
      '2024-05-01T08:00:00Z',
      ROLE_A,
      'a',
      'ASIAEXAMPLECYCLE0012',
    );
    const { links } = await storeOf([a, b]);
    const activity = await sessionActivity(links, 'ASIAEXAMPLECYCLE0011');
    assert.deepEqual(
      activity.sessions.map((session) => session.accessKeyId),
      ['ASIAEXAMPLECYCLE0011', 'ASIAEXAMPLECYCLE0012'],
    );
    assert.equal(activity.ids.length, 2);
  });

  it('an unknown key or a value that is no key finds nothing', async () => {
    const { links } = await storeOf([call(iamUser('alice', 'AKIAEXAMPLEALICE0003'), '2024-05-01T08:00:00Z')]);
    assert.deepEqual((await sessionActivity(links, 'ASIAEXAMPLENOTHERE01')).ids, []);
    assert.deepEqual((await sessionActivity(links, 'AKIA* name:*')).sessions, []);
  });
});
