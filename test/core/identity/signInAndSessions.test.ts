// Issue 10, facts a responder needs: console sign-ins (MFAUsed, Success/Failure), forward access sessions
// (invokedBy "AWS Internal" with an ASIA key) and EC2 instance credentials (ec2RoleDelivery, inScopeOf).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeIdentity } from '../../../src/core/identity/decode';
import type { RawRecord } from '../../../src/core/types';
import { handmade, realRecord, userIdentityOf } from '../s3/domainFixtures';
import { sharedRecord } from './sharedRecord';

const consoleLogin = (predicate: (record: RawRecord) => boolean) =>
  realRecord((record) => record.eventName === 'ConsoleLogin' && record.eventID !== undefined && predicate(record));
const mfaUsed = (record: RawRecord) => (record.additionalEventData as Record<string, unknown> | undefined)?.MFAUsed;
const outcome = (record: RawRecord) => (record.responseElements as Record<string, unknown> | undefined)?.ConsoleLogin;

// invictus-ir/aws_dataset (MIT), 218007301253_CloudTrail_us-east-1_20230710T1230Z_AvIajGd5rkz6vTy4.json.
const MFA_SIGN_IN_RECORD: RawRecord = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDATFQR7NSC5AU2ZV3IE',
    arn: 'arn:aws:iam::123837392027:user/bert-jan',
    accountId: '123837392027',
    userName: 'bert-jan',
  },
  eventTime: '2023-07-10T12:27:45Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: {
    LoginTo: 'https://us-east-1.console.aws.amazon.com/vpc/home?region=us-east-1&state=hashArgs%23vpcs%3A&isauthcode=true',
    MobileVersion: 'No',
    MFAIdentifier: 'arn:aws:iam::123837392027:mfa/Mobile',
    MFAUsed: 'Yes',
  },
  eventID: '8feee4c2-5e27-4857-8475-bfa7e7b6d791',
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: '123837392027',
};

describe('ConsoleLogin: MFAUsed and the outcome feed the MFA answer and the summary', () => {
  it('root signed in without MFA (AWS CloudTrail guide example)', () => {
    const identity = decodeIdentity(consoleLogin((record) => userIdentityOf(record)?.type === 'Root' && outcome(record) === 'Success'));
    assert.equal(identity.mfa, false);
    assert.equal(identity.mfaSource, 'additionalEventData.MFAUsed');
    assert.deepEqual(identity.consoleSignIn, { outcome: 'success', errorMessage: null, mfaDevice: null });
    assert.equal(identity.summary, 'The root user of account 111122223333 signed in to the console without MFA.');
  });

  it('an IAM user signed in with MFA names the device (real, invictus-ir)', () => {
    const identity = decodeIdentity(
      sharedRecord(
        'invictus-ir-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1230Z_AvIajGd5rkz6vTy4.json',
        '8feee4c2-5e27-4857-8475-bfa7e7b6d791',
        MFA_SIGN_IN_RECORD,
      ),
    );
    assert.equal(identity.mfa, true);
    assert.equal(
      identity.summary,
      'IAM user bert-jan of account 123837392027 signed in to the console with MFA (arn:aws:iam::123837392027:mfa/Mobile).',
    );
  });

  it('a failed sign-in says so, with its errorMessage (AWS IAM guide example)', () => {
    const identity = decodeIdentity(consoleLogin((record) => outcome(record) === 'Failure' && record.errorMessage === 'Failed authentication'));
    assert.equal(identity.consoleSignIn?.outcome, 'failure');
    assert.match(identity.summary, / failed to sign in to the console \(Failed authentication\), (no )?MFA used\.$/);
  });

  it('a mistyped user name (HIDDEN_DUE_TO_SECURITY_REASONS) is not called an IAM user', () => {
    const identity = decodeIdentity(consoleLogin((record) => userIdentityOf(record)?.userName === 'HIDDEN_DUE_TO_SECURITY_REASONS'));
    assert.match(identity.summary, /^An unknown IAM user name of account 123456789012 \(AWS writes HIDDEN_DUE_TO_SECURITY_REASONS/);
    assert.match(identity.questions.rootOrIamUser, /does not exist/);
  });

  it('"YES" in capitals (an AWS example) is yes; sessionContext.mfaAuthenticated still wins when present', () => {
    const record = consoleLogin((record) => userIdentityOf(record)?.type === 'Root' && outcome(record) === 'Success');
    (record.additionalEventData as Record<string, unknown>).MFAUsed = 'YES';
    assert.equal(decodeIdentity(record).mfa, true);
    (record.userIdentity as Record<string, unknown>).sessionContext = { attributes: { mfaAuthenticated: 'false' } };
    const identity = decodeIdentity(record);
    assert.equal(identity.mfa, false);
    assert.equal(identity.mfaSource, 'sessionContext.attributes.mfaAuthenticated');
  });

  it('MFAUsed on any other event is not read as a sign-in', () => {
    const record = { ...handmade('handmade-get-object'), additionalEventData: { MFAUsed: 'Yes' } };
    const identity = decodeIdentity(record);
    assert.equal(identity.mfa, null);
    assert.equal(identity.consoleSignIn, null);
    assert.match(identity.summary, / made this request /);
  });

  it('a ConsoleLogin without responseElements does not claim an outcome', () => {
    const record = consoleLogin((record) => userIdentityOf(record)?.type === 'Root' && outcome(record) === 'Success');
    delete record.responseElements;
    assert.match(decodeIdentity(record).summary, /tried to sign in to the console \(the record does not say whether it succeeded\)/);
    assert.equal(mfaUsed(record), 'No');
  });
});

describe('forward access sessions: invokedBy "AWS Internal" with an ASIA key', () => {
  it('is said to be one, not a temporary session of the IAM user (real, invictus-ir GetStorageLensConfiguration)', () => {
    const identity = decodeIdentity(
      realRecord((record) => userIdentityOf(record)?.invokedBy === 'AWS Internal' && record.eventName === 'GetStorageLensConfiguration'),
    );
    assert.equal(identity.kind, 'iam-user');
    assert.equal(identity.credential, 'temporary');
    assert.equal(identity.forwardAccessSession, true);
    assert.match(identity.questions.temporaryCredentials, /^Not a session of its own: a forward access session/);
    assert.doesNotMatch(identity.questions.temporaryCredentials, /temporary session of the IAM user/);
    assert.match(
      identity.questions.awsService,
      /^Yes: an AWS service made the request on behalf of this principal, through a forward access session/,
    );
    assert.match(identity.summary, /through a forward access session \(an AWS service calling on its behalf, invokedBy AWS Internal\)/);
  });

  it('needs both: a named service, or no temporary key, is not a forward access session', () => {
    const record = realRecord((record) => userIdentityOf(record)?.invokedBy === 'AWS Internal' && record.eventName === 'GetStorageLensConfiguration');
    const named = structuredClone(record);
    (named.userIdentity as Record<string, unknown>).invokedBy = 'storage-lens.s3.amazonaws.com';
    assert.equal(decodeIdentity(named).forwardAccessSession, false);
    const longTerm = structuredClone(record);
    (longTerm.userIdentity as Record<string, unknown>).accessKeyId = 'AKIATFQR7NSCUXC3DDDP';
    assert.equal(decodeIdentity(longTerm).forwardAccessSession, false);
    assert.equal(decodeIdentity(longTerm).questions.temporaryCredentials, 'No.');
  });
});

// invictus-ir/aws_dataset (MIT), 218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json: the
// Stratus Red Team "steal EC2 instance credentials" run; the instance role's credentials came from IMDSv1.
const IMDS_V1_RECORD: RawRecord = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'AssumedRole',
    principalId: 'AROATFQR7NSC6Q6YRQ2Q7:i-0dbc91f429e48eeed',
    arn: 'arn:aws:sts::123837392027:assumed-role/stratus-red-team-ec2-steal-credentials-role/i-0dbc91f429e48eeed',
    accountId: '123837392027',
    accessKeyId: 'ASIATFQR7NSC36DZQP7P',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROATFQR7NSC6Q6YRQ2Q7',
        arn: 'arn:aws:iam::123837392027:role/stratus-red-team-ec2-steal-credentials-role',
        accountId: '123837392027',
        userName: 'stratus-red-team-ec2-steal-credentials-role',
      },
      webIdFederationData: {},
      attributes: { creationDate: '2023-07-10T11:55:22Z', mfaAuthenticated: 'false' },
      ec2RoleDelivery: '1.0',
    },
  },
  eventTime: '2023-07-10T11:57:22Z',
  eventSource: 'sts.amazonaws.com',
  eventName: 'GetCallerIdentity',
  awsRegion: 'us-east-1',
  eventID: 'bf68f8c0-590b-4740-ac89-aad0ed5dfe4f',
  recipientAccountId: '123837392027',
};

describe('EC2 instance credentials: ec2RoleDelivery and inScopeOf', () => {
  it('IMDSv1 is said, with a warning (real, invictus-ir)', () => {
    const record = sharedRecord(
      'invictus-ir-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
      'bf68f8c0-590b-4740-ac89-aad0ed5dfe4f',
      IMDS_V1_RECORD,
    );
    const identity = decodeIdentity(record);
    assert.equal(identity.ec2RoleDelivery, '1.0');
    assert.match(identity.summary, /with EC2 instance role credentials delivered by IMDSv1 \(warning: [^)]*require IMDSv2\)/);
    assert.match(identity.questions.temporaryCredentials, /session i-0dbc91f429e48eeed, the role of an EC2 instance \(IMDSv1\)\.$/);
  });

  it('IMDSv2 and inScopeOf (AWS userIdentity fields, hand-made record)', () => {
    const identity = decodeIdentity(handmade('handmade-ec2-instance-role'));
    assert.equal(identity.credentialsIssuedTo, 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abcdef1234567890');
    assert.match(
      identity.summary,
      /delivered by IMDSv2, credentials issued to AWS::EC2::Instance arn:aws:ec2:eu-west-1:111122223333:instance\/i-0abcdef1234567890/,
    );
    assert.doesNotMatch(identity.summary, /warning/);
  });

  it('an undocumented ec2RoleDelivery value is shown as it is', () => {
    const record = structuredClone(IMDS_V1_RECORD);
    ((record.userIdentity as Record<string, Record<string, unknown>>).sessionContext as Record<string, unknown>).ec2RoleDelivery = '3.0';
    assert.match(decodeIdentity(record).summary, /delivered by ec2RoleDelivery 3\.0/);
  });
});
