import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../core/engineFixtures';
import { ACCOUNT_A, assumeRole, call, iamUser, roleSession } from '../core/lineage/records';
import { ctlens, jsonLines } from './runCtlens';
import { tempFolder } from '../core/load/temporaryFolders';

/** Real credential chains of the invictus-ir Stratus Red Team run (test/fixtures/domain/SOURCE.md). */
const CHAINS = path.join(REPO_ROOT, 'test/fixtures/domain/lineage/invictus-ir-chains.json');
const GET_PASSWORD_DATA = 'fbd91225-39aa-4c00-822c-9f0b96e7758f';
const BERT_JAN = 'arn:aws:iam::123837392027:user/bert-jan';

describe('ctlens trace --event', () => {
  it('prints the chain as the issue gives it: event, hops, origin, complete, missing', () => {
    const run = ctlens(['trace', CHAINS, '--event', GET_PASSWORD_DATA]);
    assert.equal(run.status, 0, run.stderr);
    const chain = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(chain), ['event', 'hops', 'origin', 'complete', 'missing']);
    assert.equal(chain.event.eventID, GET_PASSWORD_DATA);
    assert.deepEqual(chain.hops, [
      {
        eventID: 'bbe86c7c-5981-4ac8-ad20-9248612b16c1',
        eventName: 'AssumeRole',
        eventTime: '2023-07-10T11:54:47Z',
        principal: BERT_JAN,
        accessKeyId: 'AKIATFQR7NSC8Q4X20BJ',
        accountId: '123837392027',
        crossAccount: false,
      },
    ]);
    assert.equal(chain.origin.principal, BERT_JAN);
    assert.equal(chain.origin.kind, 'iam-user');
    assert.equal(chain.complete, true);
    assert.equal(chain.missing, null);
  });

  it('names the missing issuing event when the chain breaks', () => {
    const run = ctlens(['trace', CHAINS, '--event', '8b0a92b6-4868-4090-a6aa-d8f4d618c9d4']);
    assert.equal(run.status, 0, run.stderr);
    const chain = JSON.parse(run.stdout);
    assert.equal(chain.complete, false);
    assert.deepEqual(chain.missing.eventNames, ['GetSessionToken', 'ConsoleLogin']);
    assert.equal(chain.missing.accessKeyId, 'ASIATFQR7NSC5445CWUI');
  });

  it('an eventID not loaded is reported, with exit status 1', () => {
    const run = ctlens(['trace', CHAINS, '--event', 'no-such-event']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /no loaded event has the eventID no-such-event/);
  });

  it('record text is escaped for the terminal (a bidi override in a session name)', (t) => {
    const folder = tempFolder(t, 'ctlens-trace-');
    const session = 'evil\u202egnp.exe';
    const issue = assumeRole(
      iamUser('alice', 'AKIAEXAMPLEALICE0009'),
      '2024-05-01T08:00:00Z',
      `arn:aws:iam::${ACCOUNT_A}:role/AdminRole`,
      session,
      'ASIAEXAMPLETERM00001',
    );
    const use = call(roleSession('AdminRole', session, 'ASIAEXAMPLETERM00001', '2024-05-01T08:00:00Z'), '2024-05-01T08:01:00Z');
    const file = path.join(folder, 'log.json');
    writeFileSync(file, JSON.stringify({ Records: [issue, use] }));
    const run = ctlens(['trace', file, '--event', use.eventID as string]);
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /\u202e/);
    const chain = JSON.parse(run.stdout);
    assert.equal(chain.event.principal, `arn:aws:sts::${ACCOUNT_A}:assumed-role/AdminRole/${session}`);
    assert.equal(chain.origin.principal, `arn:aws:iam::${ACCOUNT_A}:user/alice`);
  });
});

describe('ctlens trace --key', () => {
  it("prints the key's own events and those of every key it issued, one line each like events", () => {
    const run = ctlens(['trace', CHAINS, '--key', 'AKIATFQR7NSC8Q4X20BJ']);
    assert.equal(run.status, 0, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.deepEqual(
      lines.map((line) => [line.eventID, line.eventName]),
      [
        ['bbe86c7c-5981-4ac8-ad20-9248612b16c1', 'AssumeRole'],
        [GET_PASSWORD_DATA, 'GetPasswordData'],
      ],
    );
    assert.deepEqual(lines[1]?.origin, { principal: BERT_JAN, kind: 'iam-user', accountId: '123837392027', hops: 1, complete: true });
  });
});

describe('ctlens events: origin', () => {
  it('each line names the origin of its credentials', () => {
    const run = ctlens(['events', CHAINS]);
    const lines = jsonLines(run.stdout);
    const origins = Object.fromEntries(lines.map((line) => [line.eventID, line.origin]));
    assert.deepEqual(origins['6bf8950b-f1ed-439d-8fc8-211645bfbe0f'], {
      principal: 'ec2.amazonaws.com',
      kind: 'aws-service',
      accountId: null,
      hops: 1,
      complete: true,
    });
    assert.deepEqual(origins['8b0a92b6-4868-4090-a6aa-d8f4d618c9d4'], {
      principal: 'arn:aws:iam::123837392027:user/benjamin',
      kind: 'session',
      accountId: '123837392027',
      hops: 0,
      complete: false,
    });
  });
});

describe('ctlens trace: usage', () => {
  for (const [args, message] of [
    [['trace', CHAINS], /trace needs either --event EVENT_ID or --key ACCESS_KEY/],
    [['trace', CHAINS, '--event', GET_PASSWORD_DATA, '--key', 'AKIATFQR7NSC8Q4X20BJ'], /trace needs either/],
    [['events', CHAINS, '--key', 'AKIATFQR7NSC8Q4X20BJ'], /--key applies to trace/],
    [['trace', CHAINS, '--key'], /--key needs a value/],
  ] as const) {
    it(`${args.slice(2).join(' ') || '(nothing)'}: usage error`, () => {
      const run = ctlens([...args]);
      assert.equal(run.status, 2);
      assert.match(run.stderr, message);
    });
  }
});

describe('ctlens --filter with origin: and session:', () => {
  it('events --filter origin:bert-jan prints his calls and those of the sessions he started', () => {
    const run = ctlens(['events', CHAINS, '--filter', 'origin:bert-jan']);
    assert.equal(run.status, 0, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.ok(lines.some((line) => line.eventID === GET_PASSWORD_DATA));
    for (const line of lines) assert.equal(line.origin.principal, BERT_JAN);
  });

  it('stats --filter session:<AssumeRole eventID> counts what the minted key did', () => {
    const run = ctlens(['stats', CHAINS, '--filter', 'session:bbe86c7c-5981-4ac8-ad20-9248612b16c1']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).eventNames, { GetPasswordData: 1 });
  });
});
