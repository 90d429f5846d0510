import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeIdentity, identityKey } from '../../../src/core/identity/decode';
import type { IdentityKind, RawRecord } from '../../../src/core/types';
import { handmade, realRecord, userIdentityOf } from '../s3/domainFixtures';

function byType(type: string, extra: (record: RawRecord) => boolean = () => true): RawRecord {
  return realRecord((record) => userIdentityOf(record)?.type === type && extra(record));
}

describe('decodeIdentity: every userIdentity type', () => {
  const cases: Array<[string, () => RawRecord, IdentityKind]> = [
    ['Root (real, grycap)', () => byType('Root', (record) => userIdentityOf(record)?.principalId === '974349055189'), 'root'],
    ['IAMUser (real, invictus)', () => byType('IAMUser'), 'iam-user'],
    ['AssumedRole (real)', () => byType('AssumedRole'), 'assumed-role'],
    ['FederatedUser (real, panther)', () => byType('FederatedUser'), 'federated-user'],
    ['AWSAccount (real, awsdocs)', () => byType('AWSAccount'), 'aws-account'],
    ['AWSService (real, boogy)', () => byType('AWSService'), 'aws-service'],
    ['Unknown (real, panther)', () => byType('Unknown'), 'unknown'],
    ['SAMLUser (awsdocs example)', () => byType('SAMLUser'), 'saml-user'],
    ['WebIdentityUser (real, boogy)', () => byType('WebIdentityUser'), 'web-identity-user'],
    ['Role (hand-made)', () => handmade('handmade-role'), 'role'],
    ['SAMLUser (hand-made)', () => handmade('handmade-saml-user'), 'saml-user'],
    ['WebIdentityUser (hand-made)', () => handmade('handmade-web-identity-user'), 'web-identity-user'],
    ['IdentityCenterUser (hand-made)', () => handmade('handmade-identity-center-user'), 'identity-center-user'],
    ['Directory (hand-made)', () => handmade('handmade-directory'), 'directory'],
    ['anonymous AWSAccount (hand-made)', () => handmade('handmade-anonymous'), 'anonymous'],
    ['ANONYMOUS_PRINCIPAL (hand-made)', () => handmade('handmade-anonymous-principal'), 'anonymous'],
    [
      'no type but invokedBy (real, invictus)',
      () =>
        realRecord(
          (record) =>
            userIdentityOf(record) !== undefined && userIdentityOf(record)?.type === undefined && userIdentityOf(record)?.invokedBy !== undefined,
        ),
      'aws-service',
    ],
    ['no userIdentity (hand-made Insights event)', () => handmade('handmade-insight-no-identity'), 'unknown'],
  ];
  for (const [title, load, kind] of cases) {
    it(`${title} → ${kind}, with a one-sentence summary and the three answers`, () => {
      const record = load();
      const identity = decodeIdentity(record);
      assert.equal(identity.kind, kind);
      assert.equal(identityKey(record).kind, kind);
      assert.match(identity.summary, /^[A-Z][^\n]*\.$/);
      for (const answer of Object.values(identity.questions)) assert.ok(answer.length > 1);
      assert.deepEqual(JSON.parse(JSON.stringify(identity)), identity);
    });
  }
});

describe('decodeIdentity: the three questions of the source document', () => {
  it('root credentials', () => {
    const identity = decodeIdentity(byType('Root', (record) => userIdentityOf(record)?.principalId === '974349055189'));
    assert.match(identity.questions.rootOrIamUser, /^Yes: the root user/);
    assert.match(identity.summary, /^The root user of account 974349055189 \(account alias grycap-aws\)/);
  });

  it('IAM user credentials with a long-term key', () => {
    const identity = decodeIdentity(handmade('handmade-get-object'));
    assert.equal(identity.credential, 'long-term');
    assert.match(identity.questions.rootOrIamUser, /^Yes: the credentials of IAM user alice/);
    assert.equal(identity.questions.temporaryCredentials, 'No.');
    assert.equal(identity.questions.awsService, 'No.');
    assert.equal(identity.summary, 'IAM user alice of account 111122223333 made this request with a long-term access key.');
  });

  it('temporary credentials of a role, with session issuer, session name, creation time and MFA', () => {
    const identity = decodeIdentity(handmade('handmade-cross-account-get'));
    assert.equal(identity.kind, 'assumed-role');
    assert.equal(identity.credential, 'temporary');
    assert.equal(identity.mfa, false);
    assert.equal(identity.sessionName, 'nightly');
    assert.deepEqual(identity.sessionIssuer, {
      type: 'Role',
      arn: 'arn:aws:iam::444455556666:role/reader',
      name: 'reader',
      accountId: '444455556666',
      principalId: 'AROAEXAMPLEROLEID123',
    });
    assert.equal(identity.sessionCreated, '2024-05-14T09:00:00Z');
    assert.match(identity.questions.temporaryCredentials, /^Yes: temporary credentials of role reader, session nightly/);
  });

  it('temporary credentials of a federated user', () => {
    const identity = decodeIdentity(byType('FederatedUser'));
    assert.match(identity.questions.temporaryCredentials, /^Yes: temporary credentials of a federated user \(GetFederationToken\)/);
    assert.equal(identity.sessionName, 'federated-user');
  });

  it('a request made by another AWS service', () => {
    const identity = decodeIdentity(byType('AWSService'));
    assert.match(identity.questions.awsService, /^Yes: .*amazonaws\.com made the request/);
  });

  it('a principal acting through an AWS service (invokedBy)', () => {
    const identity = decodeIdentity(byType('AssumedRole', (record) => typeof userIdentityOf(record)?.invokedBy === 'string'));
    assert.match(identity.questions.awsService, /made the request on behalf of this principal/);
    assert.match(identity.summary, /, through [a-z0-9.-]+\.amazonaws\.com/);
  });
});

describe('decodeIdentity: structured fields', () => {
  it('IAM Identity Center role sessions (AWSReservedSSO_)', () => {
    const identity = decodeIdentity(handmade('handmade-identity-center-role'));
    assert.deepEqual(identity.identityCenter, {
      permissionSet: 'ReadOnlyAccess',
      roleName: 'AWSReservedSSO_ReadOnlyAccess_0123456789abcdef',
      userName: 'alice@example.com',
    });
    assert.match(identity.summary, /^IAM Identity Center user alice@example\.com with permission set ReadOnlyAccess/);
  });

  it('IAM Identity Center sessions in real data (TrailDiscover), whose masked AKIA key contradicts the session', () => {
    const identity = decodeIdentity(
      byType('AssumedRole', (record) => String(userIdentityOf(record)?.arn).includes('AWSReservedSSO_AdministratorAccess_')),
    );
    assert.equal(identity.identityCenter?.permissionSet, 'AdministratorAccess');
    assert.equal(identity.credential, 'long-term');
    assert.match(identity.summary, /marked long-term \(AKIA\), which a session cannot use: a placeholder or masked value/);
  });

  it('IdentityCenterUser: onBehalfOf user and identity store', () => {
    const identity = decodeIdentity(handmade('handmade-identity-center-user'));
    assert.deepEqual(identity.onBehalfOf, {
      userId: '544894e8-80c1-707f-60e3-3ba6510dfac1',
      identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-1234567890',
    });
    assert.match(identity.summary, /identity store arn:aws:identitystore/);
    assert.equal(identity.principal, '544894e8-80c1-707f-60e3-3ba6510dfac1');
  });

  it('SAML and web identity providers', () => {
    assert.equal(decodeIdentity(handmade('handmade-saml-user')).samlProvider, 'SampleUkh1i4+ExamplexL/jEvs=');
    assert.equal(decodeIdentity(handmade('handmade-web-identity-user')).webIdentityProvider, 'accounts.google.com');
    const federated = decodeIdentity(handmade('handmade-web-identity-role-session'));
    assert.equal(federated.webIdentityProvider, 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com');
    assert.match(federated.questions.temporaryCredentials, /obtained with a web identity/);
  });

  it('source identity', () => {
    const identity = decodeIdentity(byType('AssumedRole', (record) => JSON.stringify(record.userIdentity).includes('sourceIdentity')));
    assert.equal(identity.sourceIdentity, 'JohnDoe');
    assert.match(identity.summary, /source identity JohnDoe/);
  });

  it('cross-account calls: userIdentity.accountId differs from recipientAccountId', () => {
    const identity = decodeIdentity(handmade('handmade-cross-account-get'));
    assert.deepEqual(identity.crossAccount, { callerAccountId: '444455556666', recipientAccountId: '111122223333' });
    assert.match(identity.summary, /this copy was delivered to account 111122223333/);
  });

  it('anonymous callers', () => {
    const identity = decodeIdentity(handmade('handmade-anonymous'));
    assert.equal(identity.anonymous, true);
    assert.equal(identity.accountId, null);
    assert.equal(identity.credential, 'none');
    assert.equal(identity.summary, 'An anonymous (unauthenticated) caller made this request.');
  });

  it('decodes the owning account from the access key when the record does not say', () => {
    const record = handmade('handmade-key-only-account');
    assert.equal(identityKey(record).accountId, '444455556666');
    const identity = decodeIdentity(record);
    assert.equal(identity.accountId, '444455556666');
    assert.equal(identity.accountIdSource, 'access key id');
    assert.equal(identity.accessKey?.decodedAccountId, '444455556666');
  });

  it('AssumeRoot sessions, console sessions, MFA, EC2 role delivery and inScopeOf', () => {
    const root = decodeIdentity(handmade('handmade-assumed-root'));
    assert.equal(root.assumedRoot, true);
    assert.match(root.questions.rootOrIamUser, /AssumeRoot/);
    assert.match(root.questions.temporaryCredentials, /^Yes: a temporary session of the root user/);
    const fromConsole = decodeIdentity(handmade('handmade-iam-user-mfa-console'));
    assert.equal(fromConsole.mfa, true);
    assert.equal(fromConsole.consoleSession, true);
    assert.match(fromConsole.summary, /signed in with MFA, from a console session/);
    const instance = decodeIdentity(handmade('handmade-ec2-instance-role'));
    assert.equal(instance.ec2RoleDelivery, '2.0');
    assert.equal(instance.inScopeOf, 'AWS::EC2::Instance');
  });

  it('explains principal-id prefixes', () => {
    assert.deepEqual(decodeIdentity(handmade('handmade-get-object')).principalIdPrefix, { prefix: 'AIDA', meaning: 'IAM user' });
    assert.deepEqual(decodeIdentity(handmade('handmade-role')).principalIdPrefix, { prefix: 'AROA', meaning: 'IAM role' });
  });

  it('reads identities whose keys are written in lower case (panther-analysis)', () => {
    const record = realRecord((record) => typeof userIdentityOf(record)?.principalid === 'string');
    const identity = decodeIdentity(record);
    assert.equal(identity.kind, 'assumed-role');
    assert.equal(identity.accountId, '112233445566');
    assert.equal(identity.mfa, true);
    assert.equal(identity.sessionIssuer?.name, 'TestAdmin');
  });

  it('identityKey prefers the ARN as principal and is cheap on records without identity', () => {
    assert.deepEqual(identityKey(handmade('handmade-get-object')), {
      kind: 'iam-user',
      principal: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      accessKeyId: 'AKIARTX3GSDSRFEXAMPL',
    });
    assert.deepEqual(identityKey({}), { kind: 'unknown', principal: null, accountId: null, accessKeyId: null });
    assert.deepEqual(identityKey({ userIdentity: 'not an object' }), { kind: 'unknown', principal: null, accountId: null, accessKeyId: null });
  });
});

describe('decodeIdentity: access key of another account', () => {
  const withKey = (accessKeyId: string) =>
    realRecord((record) => record.eventSource === 's3.amazonaws.com' && userIdentityOf(record)?.accessKeyId === accessKeyId);

  it('says when the key encodes an account other than userIdentity.accountId (real, anonymised invictus data)', () => {
    const identity = decodeIdentity(withKey('AKIATFQR7NSCUXC3DDDP'));
    assert.equal(identity.accountId, '123837392027');
    assert.deepEqual(identity.keyAccountMismatch, { recordAccountId: '123837392027', keyAccountId: '218007301253' });
    assert.match(
      identity.summary,
      /its access key id encodes account 218007301253, not 123837392027: anonymised data, or a key of another account\.$/,
    );
  });

  it('is silent when the key encodes the record account, when no account is written, and for keys that encode none', () => {
    const consistent = withKey('AKIATFQR7NSCUXC3DDDP');
    (consistent.userIdentity as Record<string, unknown>).accountId = '218007301253';
    assert.equal(decodeIdentity(consistent).keyAccountMismatch, null);

    const noAccount = withKey('AKIATFQR7NSCUXC3DDDP');
    delete (noAccount.userIdentity as Record<string, unknown>).accountId;
    const fromKey = decodeIdentity(noAccount);
    assert.equal(fromKey.accountIdSource, 'access key id');
    assert.equal(fromKey.keyAccountMismatch, null);

    const olderFormat = withKey('AKIATFQR7NSCUXC3DDDP');
    (olderFormat.userIdentity as Record<string, unknown>).accessKeyId = 'AKIAIOSFODNN7EXAMPLE';
    assert.equal(decodeIdentity(olderFormat).keyAccountMismatch, null);

    const matching = decodeIdentity(handmade('handmade-get-object'));
    assert.equal(matching.keyAccountMismatch, null);
    assert.doesNotMatch(matching.summary, /encodes account/);
  });
});
