// Records shaped from the AWS documentation for each credential-issuing call, and a store built from them.
// STS responses: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (and its siblings);
// userIdentity of the sessions: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
// Account ids are the documentation placeholders; access key ids are made up.
import { EventStore, loadText, SessionLinks } from '../../../src/core';
import type { RawRecord } from '../../../src/core/types';

export const ACCOUNT_A = '111122223333';
export const ACCOUNT_B = '444455556666';

let counter = 0;
/** A unique eventID, readable in failures. */
export function eventId(label: string): string {
  counter++;
  return `${label}-${String(counter).padStart(4, '0')}`;
}

export function iamUser(name: string, accessKeyId: string, accountId = ACCOUNT_A): RawRecord {
  return {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEUSERID0001',
    arn: `arn:aws:iam::${accountId}:user/${name}`,
    accountId,
    accessKeyId,
    userName: name,
  };
}

/** An assumed-role userIdentity: role `role` of `accountId`, session `session`, created at `created`. */
export function roleSession(
  role: string,
  session: string,
  accessKeyId: string,
  created: string,
  options: { accountId?: string; sourceIdentity?: string; mfa?: boolean; console?: boolean } = {},
): RawRecord {
  const accountId = options.accountId ?? ACCOUNT_A;
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLEID0001:${session}`,
    arn: `arn:aws:sts::${accountId}:assumed-role/${role}/${session}`,
    accountId,
    accessKeyId,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: 'AROAEXAMPLEROLEID0001', arn: `arn:aws:iam::${accountId}:role/${role}`, accountId, userName: role },
      webIdFederationData: {},
      attributes: { creationDate: created, mfaAuthenticated: options.mfa === true ? 'true' : 'false' },
      ...(options.sourceIdentity === undefined ? {} : { sourceIdentity: options.sourceIdentity }),
    },
  };
}

/** An API call made by `userIdentity`. */
export function call(userIdentity: RawRecord, eventTime: string, eventName = 'ListBuckets', extra: RawRecord = {}): RawRecord {
  const accountId = typeof userIdentity.accountId === 'string' ? userIdentity.accountId : ACCOUNT_A;
  return {
    eventVersion: '1.09',
    userIdentity,
    eventTime,
    eventSource: eventName === 'ListBuckets' ? 's3.amazonaws.com' : 'ec2.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: null,
    responseElements: null,
    eventID: eventId(eventName),
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    ...extra,
  };
}

/** An AssumeRole (or AssumeRoleWithSAML/WithWebIdentity) by `userIdentity` minting `issuedKey` for role `roleArn`, session `session`. */
export function assumeRole(
  userIdentity: RawRecord,
  eventTime: string,
  roleArn: string,
  session: string,
  issuedKey: string | null,
  options: { eventName?: string; sourceIdentity?: string; recipientAccountId?: string } = {},
): RawRecord {
  const roleAccount = roleArn.split(':')[4] as string;
  const roleName = roleArn.split('/').at(-1) as string;
  return {
    ...call(userIdentity, eventTime, options.eventName ?? 'AssumeRole'),
    eventSource: 'sts.amazonaws.com',
    requestParameters: {
      roleArn,
      roleSessionName: session,
      durationSeconds: 3600,
      ...(options.sourceIdentity === undefined ? {} : { sourceIdentity: options.sourceIdentity }),
    },
    responseElements: {
      credentials: issuedKey === null ? undefined : { accessKeyId: issuedKey, sessionToken: 'EXAMPLE-TOKEN', expiration: 'Jan 1, 2030, 12:00:00 AM' },
      assumedRoleUser: { assumedRoleId: `AROAEXAMPLEROLEID0001:${session}`, arn: `arn:aws:sts::${roleAccount}:assumed-role/${roleName}/${session}` },
      ...(options.sourceIdentity === undefined ? {} : { sourceIdentity: options.sourceIdentity }),
    },
    recipientAccountId: options.recipientAccountId ?? roleAccount,
  };
}

/** A store holding each group of records as one log file (`file-0.json`, `file-1.json`…), with its links built. */
export async function storeOf(...files: RawRecord[][]): Promise<{ store: EventStore; links: SessionLinks; idOf: (eventID: string) => number }> {
  const store = new EventStore();
  files.forEach((records, index) => store.add(loadText(`file-${index}.json`, JSON.stringify({ Records: records }))));
  const links = new SessionLinks(store);
  await links.update();
  const idOf = (wanted: string) => {
    const id = store.findByEventId(wanted);
    if (id === undefined) throw new Error(`no event ${wanted}`);
    return id;
  };
  return { store, links, idOf };
}
