// What the detail panel's Session lineage section and the accessKeyId hover say (src/view/lineageView.ts), on the real
// chains of the invictus-ir lab (test/fixtures/domain/SOURCE.md) and on records shaped from the AWS documentation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lineage, type Lineage, type SessionLinks } from '../../src/core';
import type { RawRecord } from '../../src/core/types';
import { buildLineageView, keyOriginLine, principalName } from '../../src/view/lineageView';
import { isExtensionToPanel, isPanelToExtension, lineageEventIds, type FieldView } from '../../src/view/messages';
import { REPO_ROOT } from '../core/engineFixtures';
import { ACCOUNT_A, ACCOUNT_B, assumeRole, call, iamUser, roleSession, storeOf } from '../core/lineage/records';
import { viewOfRecord } from './viewOfRecord';

const REAL: RawRecord[] = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/domain/lineage/invictus-ir-chains.json'), 'utf8')) as { Records: RawRecord[] }
).Records;

const BERT_JAN_ASSUME_ROLE = 'bbe86c7c-5981-4ac8-ad20-9248612b16c1';
const GET_PASSWORD_DATA = 'fbd91225-39aa-4c00-822c-9f0b96e7758f';
const EC2_ASSUME_ROLE = '7a5ee168-7848-4cfa-8d3c-69f78ecb1806';
const INSTANCE_CALL = '6bf8950b-f1ed-439d-8fc8-211645bfbe0f';
const CONSOLE_LOGIN = '8feee4c2-5e27-4857-8475-bfa7e7b6d791';
const CONSOLE_CALL = '1ede4fb6-1dcd-43b1-a5e1-75ab29599040';
const EARLIER_CONSOLE_CALL = '8b0a92b6-4868-4090-a6aa-d8f4d618c9d4';

const label = (file: string) => `label:${file}`;

async function realChains(): Promise<{ links: SessionLinks; idOf: (eventID: string) => number; chainOf: (eventID: string) => Promise<Lineage> }> {
  const { links, idOf } = await storeOf(REAL);
  const chainOf = async (eventID: string) => {
    const chain = await lineage(links, idOf(eventID));
    assert.ok(chain, eventID);
    return chain;
  };
  return { links, idOf, chainOf };
}

function fieldOf(fields: FieldView[], name: string): FieldView | undefined {
  return fields.find((field) => field.label === name);
}

describe('the Session lineage section on real chains (invictus-ir)', () => {
  it('names the IAM user behind a role session first, then the AssumeRole that opens in the panel', async () => {
    const { chainOf, idOf } = await realChains();
    const view = buildLineageView(await chainOf(GET_PASSWORD_DATA), label);
    assert.equal(
      view.sentence,
      'IAM user bert-jan of 123837392027, with long-term key AKIATFQR7NSC8Q4X20BJ, assumed role stratus-red-team-ec2-get-password-data-role ' +
        'as session aws-go-sdk-1688990082523310002 at 11:54:47 UTC.',
    );
    assert.equal(view.originKind, 'iam-user');
    assert.equal(view.complete, true);
    assert.equal(view.missing, null);
    assert.equal(fieldOf(view.origin, 'Principal')?.value, 'arn:aws:iam::123837392027:user/bert-jan');
    assert.deepEqual(fieldOf(view.origin, 'Access key'), { label: 'Access key', value: 'AKIATFQR7NSC8Q4X20BJ', note: 'long-term' });
    assert.equal(view.hops.length, 1);
    const [hop] = view.hops;
    assert.equal(hop?.issuerId, idOf(BERT_JAN_ASSUME_ROLE));
    assert.equal(hop?.heading, 'AssumeRole at 2023-07-10T11:54:47Z');
    assert.deepEqual([hop?.crossAccount, hop?.weakMatch], [false, false]);
    assert.equal(fieldOf(hop?.fields ?? [], 'Issued key')?.value, 'ASIATFQR7NSCWLLE7IWW');
    assert.equal(fieldOf(hop?.fields ?? [], 'Matched by')?.value, 'access key');
    assert.deepEqual(fieldOf(hop?.fields ?? [], 'Log file'), { label: 'Log file', value: 'label:file-0.json', note: 'record 1' });
    assert.deepEqual(lineageEventIds(view), [idOf(BERT_JAN_ASSUME_ROLE)]);
  });

  it('an instance-profile session goes back to Amazon EC2, named as the service that assumed the role', async () => {
    const { chainOf, idOf } = await realChains();
    const view = buildLineageView(await chainOf(INSTANCE_CALL), label);
    assert.deepEqual(lineageEventIds(view), [idOf(EC2_ASSUME_ROLE)]);
    assert.equal(
      view.sentence,
      'The AWS service ec2.amazonaws.com assumed role stratus-red-team-ec2-steal-credentials-role as session i-0dbc91f429e48eeed at 11:55:22 UTC.',
    );
    assert.equal(view.originKind, 'aws-service');
    assert.match(fieldOf(view.origin, 'How')?.value ?? '', /for an EC2 instance/);
  });

  it('a console session tied to its ConsoleLogin by user and creation time is marked as the weaker match', async () => {
    const { chainOf, idOf } = await realChains();
    const view = buildLineageView(await chainOf(CONSOLE_CALL), label);
    assert.equal(view.sentence, 'IAM user bert-jan of 123837392027 signed in to the console at 12:27:45 UTC.');
    assert.equal(view.hops[0]?.issuerId, idOf(CONSOLE_LOGIN));
    assert.equal(view.hops[0]?.weakMatch, true);
    assert.equal(fieldOf(view.hops[0]?.fields ?? [], 'Matched by')?.value, 'session (weaker)');
    assert.equal(fieldOf(view.origin, 'MFA')?.value, 'yes');
  });

  it('explains where the chain breaks: which calls to look for, when, in which account, for which key', async () => {
    const { chainOf } = await realChains();
    const view = buildLineageView(await chainOf(EARLIER_CONSOLE_CALL), label);
    assert.equal(view.complete, false);
    assert.equal(view.originKind, 'session');
    assert.equal(view.sentence, 'IAM user benjamin of 123837392027, with temporary key ASIATFQR7NSC5445CWUI (its issuing event is not loaded).');
    assert.deepEqual(view.hops, []);
    assert.ok(view.missing);
    assert.match(view.missing.sentence, /look for GetSessionToken or ConsoleLogin/);
    assert.deepEqual(
      view.missing.fields.map((field) => [field.label, field.value]),
      [
        ['Look for', 'GetSessionToken, ConsoleLogin'],
        ['Between', '2023-07-10T11:37:31Z and 2023-07-10T11:43:31Z'],
        ['In the logs of', '123837392027'],
        ['Access key', 'ASIATFQR7NSC5445CWUI'],
        ['Session', 'arn:aws:iam::123837392027:user/benjamin'],
      ],
    );
  });

  it('an event made with a long-term key has no hop: one line says what the origin is', async () => {
    const { chainOf } = await realChains();
    const view = buildLineageView(await chainOf(BERT_JAN_ASSUME_ROLE), label);
    assert.equal(
      view.sentence,
      'No issuing event stands between the origin and this call: IAM user bert-jan of 123837392027, with long-term key AKIATFQR7NSC8Q4X20BJ.',
    );
    assert.deepEqual([view.hops, view.complete, view.missing], [[], true, null]);
  });
});

describe('the Session lineage section on records shaped from the AWS documentation', () => {
  const aliceKey = 'AKIAEXAMPLEALICE0001';
  const roleA = `arn:aws:iam::${ACCOUNT_A}:role/AdminRole`;
  const roleB = `arn:aws:iam::${ACCOUNT_B}:role/AuditRole`;

  it('role chaining across accounts: each hop from the origin down, the cross-account one marked, sourceIdentity kept', async () => {
    const first = assumeRole(iamUser('alice', aliceKey), '2024-05-01T08:00:00Z', roleA, 'alice', 'ASIAEXAMPLECHAIN0001', {
      sourceIdentity: 'alice@example.com',
    });
    const firstSession = roleSession('AdminRole', 'alice', 'ASIAEXAMPLECHAIN0001', '2024-05-01T08:00:00Z', { sourceIdentity: 'alice@example.com' });
    const second = assumeRole(firstSession, '2024-05-01T08:05:00Z', roleB, 'alice', 'ASIAEXAMPLECHAIN0002');
    const use = call(
      roleSession('AuditRole', 'alice', 'ASIAEXAMPLECHAIN0002', '2024-05-01T08:05:00Z', {
        accountId: ACCOUNT_B,
        sourceIdentity: 'alice@example.com',
      }),
      '2024-05-01T08:06:00Z',
    );
    const { links, idOf } = await storeOf([first, second], [use]);
    const chain = await lineage(links, idOf(use.eventID as string));
    assert.ok(chain);
    const view = buildLineageView(chain, label);
    assert.equal(
      view.sentence,
      `IAM user alice of ${ACCOUNT_A}, with long-term key ${aliceKey}, assumed role AdminRole as session alice at 08:00:00 UTC, ` +
        `which assumed role AuditRole as session alice in account ${ACCOUNT_B} at 08:05:00 UTC.`,
    );
    assert.deepEqual(
      view.hops.map((hop) => [hop.issuerId, hop.crossAccount]),
      [
        [idOf(first.eventID as string), false],
        [idOf(second.eventID as string), true],
      ],
    );
    assert.equal(fieldOf(view.hops[1]?.fields ?? [], 'Account')?.note, `cross-account: the session it obtained is in account ${ACCOUNT_B}`);
    assert.equal(fieldOf(view.hops[1]?.fields ?? [], 'Source identity')?.value, 'alice@example.com');
    assert.equal(fieldOf(view.origin, 'Source identity')?.value, 'alice@example.com');
  });

  it('a GetSessionToken of the day before is dated; a CreateAccessKey in the logs is linked from the origin', async () => {
    const created: RawRecord = {
      ...call(iamUser('admin', 'AKIAEXAMPLEADMIN0001'), '2024-04-29T09:00:00Z', 'CreateAccessKey'),
      eventSource: 'iam.amazonaws.com',
      requestParameters: { userName: 'bob' },
      responseElements: {
        accessKey: { accessKeyId: 'AKIAEXAMPLEBOB000001', status: 'Active', userName: 'bob', createDate: 'Apr 29, 2024 9:00:00 AM' },
      },
    };
    const token: RawRecord = {
      ...call(iamUser('bob', 'AKIAEXAMPLEBOB000001'), '2024-04-30T20:00:00Z', 'GetSessionToken'),
      eventSource: 'sts.amazonaws.com',
      responseElements: { credentials: { accessKeyId: 'ASIAEXAMPLEBOBTOKEN1', sessionToken: 'EXAMPLE', expiration: 'May 1, 2024, 8:00:00 AM' } },
    };
    const use = call(iamUser('bob', 'ASIAEXAMPLEBOBTOKEN1'), '2024-05-01T07:00:00Z');
    const { links, idOf } = await storeOf([created, token, use]);
    const chain = await lineage(links, idOf(use.eventID as string));
    assert.ok(chain);
    const view = buildLineageView(chain, label);
    assert.equal(
      view.sentence,
      `IAM user bob of ${ACCOUNT_A}, with long-term key AKIAEXAMPLEBOB000001, got a temporary session token on 2024-04-30 at 20:00:00 UTC.`,
    );
    assert.deepEqual(view.keyCreatedBy, {
      issuerId: idOf(created.eventID as string),
      sentence: `Its key was created by IAM user admin of ${ACCOUNT_A} with CreateAccessKey on 2024-04-29 at 09:00:00 UTC.`,
    });
    assert.deepEqual(lineageEventIds(view), [idOf(token.eventID as string), idOf(created.eventID as string)]);
  });

  it('principalName reads the ARNs of users, roles, role sessions, federated users and root', () => {
    assert.equal(principalName('arn:aws:iam::111122223333:user/division/alice'), 'IAM user alice of 111122223333');
    assert.equal(
      principalName('arn:aws:sts::111122223333:assumed-role/Admin/alice@example.com'),
      'role Admin session alice@example.com of 111122223333',
    );
    assert.equal(principalName('arn:aws:sts::111122223333:federated-user/Bob'), 'federated user Bob of 111122223333');
    assert.equal(principalName('arn:aws:iam::111122223333:root'), 'the root user of 111122223333');
    assert.equal(principalName('s3.amazonaws.com'), 's3.amazonaws.com');
    assert.equal(principalName(null), 'an unnamed principal');
  });
});

describe('the accessKeyId hover line', () => {
  const GET_PASSWORD_DATA_LINE =
    'Issued by AssumeRole at 2023-07-10T11:54:47Z to role stratus-red-team-ec2-get-password-data-role as session aws-go-sdk-1688990082523310002; ' +
    'origin: IAM user bert-jan of 123837392027, with long-term key AKIATFQR7NSC8Q4X20BJ.';

  it('names the issuing call, the session and the origin, from the event that used the key or from the key alone', async () => {
    const { links, chainOf } = await realChains();
    assert.equal(keyOriginLine(links, 'ASIATFQR7NSCWLLE7IWW', await chainOf(GET_PASSWORD_DATA)), GET_PASSWORD_DATA_LINE);
    // On the AssumeRole's responseElements.credentials.accessKeyId: no event that used it is at hand.
    assert.equal(keyOriginLine(links, 'ASIATFQR7NSCWLLE7IWW'), GET_PASSWORD_DATA_LINE);
  });

  it('a console session (no key in ConsoleLogin) is named only from the event that used it, as a weaker match', async () => {
    const { links, chainOf } = await realChains();
    assert.equal(keyOriginLine(links, 'ASIATFQR7NSC27UERSUH'), undefined);
    assert.equal(
      keyOriginLine(links, 'ASIATFQR7NSC27UERSUH', await chainOf(CONSOLE_CALL)),
      'Issued by ConsoleLogin at 2023-07-10T12:27:45Z to IAM user bert-jan of 123837392027 (matched by session name and creation time, ' +
        'a weaker match: the log does not show the key); origin: IAM user bert-jan of 123837392027.',
    );
  });

  it('says nothing of a long-term key or of a key no loaded event issued', async () => {
    const { links, chainOf } = await realChains();
    assert.equal(keyOriginLine(links, 'AKIATFQR7NSC8Q4X20BJ', await chainOf(BERT_JAN_ASSUME_ROLE)), undefined);
    assert.equal(keyOriginLine(links, 'ASIATFQR7NSC5445CWUI', await chainOf(EARLIER_CONSOLE_CALL)), undefined);
  });

  it("on a key the hovered event did not use, another event's chain is not taken for it", async () => {
    const { links, chainOf } = await realChains();
    assert.equal(
      keyOriginLine(links, 'ASIATFQR7NSCSHSEVYP5', await chainOf(GET_PASSWORD_DATA))?.startsWith('Issued by AssumeRole at 2023-07-10T11:55:22Z'),
      true,
    );
  });
});

describe('the lineage in the EventView and its messages', () => {
  it('the event view carries the section after identity; the guard accepts it and refuses a forged issuer id', async () => {
    const { chainOf } = await realChains();
    const record = REAL.find((candidate) => candidate.eventID === GET_PASSWORD_DATA) as RawRecord;
    const view = viewOfRecord(record, {
      source: { file: '/logs/chains.json', recordIndex: 1, eventID: GET_PASSWORD_DATA },
      fileLabel: 'chains.json',
      lineage: { chain: await chainOf(GET_PASSWORD_DATA), fileLabel: label },
    });
    assert.ok(view.lineage);
    assert.match(view.lineage.sentence, /^IAM user bert-jan of 123837392027/);
    const keys = Object.keys(view);
    assert.equal(keys.indexOf('lineage'), keys.indexOf('identity') + 1);
    assert.ok(isExtensionToPanel({ type: 'show', event: view }));
    const forged = { ...view, lineage: { ...view.lineage, hops: [{ ...view.lineage.hops[0], issuerId: -1 }] } };
    assert.equal(isExtensionToPanel({ type: 'show', event: forged }), false);
  });

  it('showLineageEvent carries a store id and nothing else', () => {
    assert.ok(isPanelToExtension({ type: 'showLineageEvent', id: 0 }));
    for (const id of [-1, 1.5, '3', null, Number.MAX_VALUE]) assert.equal(isPanelToExtension({ type: 'showLineageEvent', id }), false, String(id));
  });
});
