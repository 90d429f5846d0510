// Bug 5 of issue 10: an AWSAccount identity names its principal only by principalId; the summary, the three
// questions and the hover must read it the same way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeIdentity } from '../../../src/core/identity/decode';
import { decodePrincipalId } from '../../../src/core/identity/principalId';
import { fieldNote } from '../../../src/core/fieldNotes/field';
import { realRecord, userIdentityOf } from '../s3/domainFixtures';

describe('decodePrincipalId: the formats of the CloudTrail userIdentity page and the aws:userid table', () => {
  const cases: Array<[string, string, string | null, string]> = [
    ['AIDAJ45Q7YFFAREXAMPLE', 'iam-user', null, 'IAM user with unique id AIDAJ45Q7YFFAREXAMPLE'],
    ['AROAEXAMPLE:session-name', 'role-session', 'session-name', 'role with unique id AROAEXAMPLE, session session-name'],
    [
      'AROATFQR7NSCQNEXZHIOB:i-05c30218156bcc246',
      'role-session',
      'i-05c30218156bcc246',
      "role with unique id AROATFQR7NSCQNEXZHIOB, session i-05c30218156bcc246 (an EC2 instance id: the instance's role credentials)",
    ],
    ['AROAEXAMPLEROLEID123', 'role', null, 'role with unique id AROAEXAMPLEROLEID123'],
    ['111122223333', 'account', null, 'account 111122223333 itself'],
    ['111122223333:bob', 'federated-user', 'bob', 'federated user bob of account 111122223333'],
    ['SAMPLE_PRINCIPAL_ID:lambda-name', 'unrecognised', 'lambda-name', 'principal SAMPLE_PRINCIPAL_ID, session lambda-name'],
  ];
  for (const [principalId, kind, sessionName, words] of cases) {
    it(`${principalId} → ${kind}`, () => {
      const decoded = decodePrincipalId(principalId);
      assert.equal(decoded?.kind, kind);
      assert.equal(decoded?.sessionName, sessionName);
      assert.equal(decoded?.words, words);
    });
  }

  it('an AKIA key id written as a principal id (an AWS documentation placeholder) is called one', () => {
    assert.equal(decodePrincipalId('AKIAIOSFODNN7EXAMPLE')?.kind, 'access-key');
  });

  it('an anonymous request has no principal id to decode', () => {
    assert.equal(decodePrincipalId(''), null);
    assert.equal(decodePrincipalId(null), null);
  });
});

describe('AWSAccount identities: summary and questions agree', () => {
  const awsAccount = (prefix: string) =>
    realRecord((record) => userIdentityOf(record)?.type === 'AWSAccount' && String(userIdentityOf(record)?.principalId).startsWith(prefix));

  it('an IAM user unique id (AWS IAM guide example, AssumeRole from account 777788889999)', () => {
    const identity = decodeIdentity(awsAccount('AIDA'));
    assert.equal(identity.summary, 'AWS account 777788889999 (IAM user with unique id AIDAQRSTUVWXYZEXAMPLE) made this request.');
    assert.equal(identity.questions.rootOrIamUser, 'Yes: an IAM user of account 777788889999, known by its unique id AIDAQRSTUVWXYZEXAMPLE.');
    assert.equal(identity.questions.temporaryCredentials, 'No: IAM user AIDAQRSTUVWXYZEXAMPLE is neither a role nor a federated user.');
    assert.equal(identity.principalIdDecoded?.kind, 'iam-user');
  });

  it('a role session (panther-analysis cross-account GetObject, AROAEXAMPLE:session-name)', () => {
    const identity = decodeIdentity(awsAccount('AROA'));
    assert.match(identity.summary, /^AWS account 111111111111 \(role with unique id AROAEXAMPLE, session session-name\) made this request/);
    assert.equal(identity.sessionName, 'session-name');
    assert.equal(identity.questions.rootOrIamUser, 'No: a role session (role with unique id AROAEXAMPLE, session session-name).');
    assert.equal(identity.questions.temporaryCredentials, 'Yes: temporary credentials of the role with unique id AROAEXAMPLE, session session-name.');
  });

  it('no answer says "not named" when the summary names the principal', () => {
    for (const prefix of ['AIDA', 'AROA']) {
      const identity = decodeIdentity(awsAccount(prefix));
      for (const answer of Object.values(identity.questions)) assert.doesNotMatch(answer, /not named|Not stated/, answer);
    }
  });

  it('a principal id equal to the account names the account itself, and the answers say what is not stated', () => {
    const record = structuredClone(awsAccount('AIDA'));
    (record.userIdentity as Record<string, unknown>).principalId = '777788889999';
    const identity = decodeIdentity(record);
    assert.equal(identity.summary, 'AWS account 777788889999 made this request.');
    assert.match(identity.questions.rootOrIamUser, /^Not stated: the principal is account 777788889999 itself/);
  });

  it('the hover on principalId uses the same decoding', () => {
    const note = fieldNote(awsAccount('AROA'), ['userIdentity', 'principalId']);
    assert.ok(note?.lines.includes('Names the role with unique id AROAEXAMPLE, session session-name.'), JSON.stringify(note));
    assert.ok(note?.lines.includes('Prefix AROA: IAM role.'));
  });
});
