// Session lineage figures (issue 11): building the links beside the load of the benchmark set, their memory, and
// lineage()/sessionActivity() per call. Standalone (not in dist/bench.js): compile the tests and run
//   npx tsc -p tsconfig.test.json && node --expose-gc out/bench/lineage.js [--events N]
// It loads the benchmark's delivery folder (bench/generate.ts) plus a folder of credential chains generated here:
// per chain an IAM user's long-term key assumes a role, that session assumes a second, the second a third (three
// AssumeRole records whose responses mint ASIA keys), and the last session makes 20 calls.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { EventStore, ISSUING_CALLS_QUERY, lineage, lineageOfRecord, loadPaths, SessionLinks, sessionActivity, type RawRecord } from '../src/core';
import { generateDeliveryFolder } from './generate';
import { retainedBytes } from './retained';

const ACCOUNT = '111122223333';
const CHAIN_DEPTH = 3;
const CALLS_PER_CHAIN = 20;
const RECORDS_PER_FILE = 5000;

function key(prefix: string, n: number): string {
  return `${prefix}EXAMPLE${String(n).padStart(9, '0')}`;
}

function identity(chain: number, depth: number): RawRecord {
  if (depth === 0)
    return {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLEUSERID0001',
      arn: `arn:aws:iam::${ACCOUNT}:user/user${chain}`,
      accountId: ACCOUNT,
      accessKeyId: key('AKIA', chain),
      userName: `user${chain}`,
    };
  return {
    type: 'AssumedRole',
    principalId: `AROAEXAMPLEROLEID0001:s${chain}-${depth}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Role${depth}/s${chain}-${depth}`,
    accountId: ACCOUNT,
    accessKeyId: key('ASIA', chain * CHAIN_DEPTH + depth),
    sessionContext: {
      sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/Role${depth}`, accountId: ACCOUNT, userName: `Role${depth}` },
      attributes: { creationDate: '2024-05-01T08:00:00Z', mfaAuthenticated: 'false' },
    },
  };
}

function record(userIdentity: RawRecord, eventTime: string, eventName: string, eventSource: string, extra: RawRecord = {}): RawRecord {
  return {
    eventVersion: '1.09',
    userIdentity,
    eventTime,
    eventSource,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userAgent: 'aws-cli/2.15.30',
    requestParameters: null,
    responseElements: null,
    eventID: `00000000-0000-4000-a000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...extra,
  };
}

function chainRecords(chain: number): RawRecord[] {
  const records: RawRecord[] = [];
  for (let depth = 0; depth < CHAIN_DEPTH; depth++) {
    const next = depth + 1;
    records.push(
      record(identity(chain, depth), '2024-05-01T08:00:00Z', 'AssumeRole', 'sts.amazonaws.com', {
        requestParameters: { roleArn: `arn:aws:iam::${ACCOUNT}:role/Role${next}`, roleSessionName: `s${chain}-${next}` },
        responseElements: {
          credentials: { accessKeyId: key('ASIA', chain * CHAIN_DEPTH + next), sessionToken: 'EXAMPLE', expiration: 'May 1, 2024, 9:00:00 AM' },
          assumedRoleUser: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Role${next}/s${chain}-${next}` },
        },
      }),
    );
  }
  for (let k = 0; k < CALLS_PER_CHAIN; k++)
    records.push(record(identity(chain, CHAIN_DEPTH), '2024-05-01T08:10:00Z', 'GetObject', 's3.amazonaws.com'));
  return records;
}

/** Generates (or reuses) the folder of `chains` credential chains. */
function generateChains(root: string, chains: number): string {
  const folder = path.join(root, `lineage-chains${chains}`);
  if (existsSync(folder)) return folder;
  mkdirSync(folder, { recursive: true });
  let batch: RawRecord[] = [];
  let file = 0;
  const flush = () => {
    writeFileSync(
      path.join(folder, `${ACCOUNT}_CloudTrail_us-east-1_20240501T0800Z_chains${file++}.json.gz`),
      gzipSync(JSON.stringify({ Records: batch })),
    );
    batch = [];
  };
  for (let chain = 0; chain < chains; chain++) {
    batch.push(...chainRecords(chain));
    if (batch.length >= RECORDS_PER_FILE) flush();
  }
  if (batch.length > 0) flush();
  return folder;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] as number;
}

const fmt = (value: number, digits = 2) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const at = process.argv.indexOf('--events');
  const events = at < 0 ? 1_000_000 : Number(process.argv[at + 1]);
  // A folder of its own: bench.ts may be regenerating bench-data/set-… at the same time.
  const root = path.resolve('bench-data', 'lineage');
  const set = generateDeliveryFolder(root, 42, events, (line) => process.stderr.write(`\r${line}`));
  // About 1% of the events issue credentials, as many chains as that takes.
  const chains = Math.max(1, Math.round(events / 100 / CHAIN_DEPTH));
  const chainFolder = generateChains(root, chains);
  process.stderr.write('\rloading…\n');

  const heapStart = await retainedBytes();
  // CPU time too (every thread's): the machine may be shared, and wall time then measures the neighbours.
  const loadCpu = process.cpuUsage();
  const loadStart = performance.now();
  const store = new EventStore();
  store.add(await loadPaths([set.folder, chainFolder]));
  const loadMs = performance.now() - loadStart;
  const loadCpuMs = cpuMs(loadCpu);
  const heapLoaded = await retainedBytes();
  const candidates = store.query(ISSUING_CALLS_QUERY);

  const links = new SessionLinks(store);
  const linksCpu = process.cpuUsage();
  const linksStart = performance.now();
  await links.update();
  const linksMs = performance.now() - linksStart;
  const linksCpuMs = cpuMs(linksCpu);
  // Memory of a second index over the same store: the store's read cache is then as full before as after.
  const second = new SessionLinks(store);
  const heapBeforeSecond = await retainedBytes();
  await second.update();
  const linkBytes = (await retainedBytes()) - heapBeforeSecond;
  if (second.size !== links.size) throw new Error('a second link index differs');

  const noChangeStart = performance.now();
  await links.update();
  const noChangeMs = performance.now() - noChangeStart;

  const chainCalls = store.query('name:GetObject key:ASIAEXAMPLE*');
  const all = store.allIds();
  if (!chainCalls.ok) throw new Error('query failed');
  const pick = (ids: Uint32Array, k: number) => ids[(k * 2654435761) % ids.length] as number;

  // The panel and `ctlens events` have the record at hand: lineageOfRecord reads nothing.
  const withRecord: number[] = [];
  const readRecords: { id: number; record: RawRecord }[] = [];
  for (let k = 0; k < 200; k++) {
    const id = pick(k % 2 === 0 ? chainCalls.ids : all, k);
    readRecords.push({ id, record: (await store.readRecord(id)).record });
  }
  let hops = 0;
  for (let round = 0; round < 10; round++)
    for (const { id, record } of readRecords) {
      const start = performance.now();
      hops += lineageOfRecord(links, id, record)?.hops.length ?? 0;
      withRecord.push(performance.now() - start);
    }
  // lineage(id) re-reads the event's record from its file (gunzip when the file is not among the two cached).
  const reading: number[] = [];
  for (let k = 0; k < 200; k++) {
    const start = performance.now();
    await lineage(links, pick(k % 2 === 0 ? chainCalls.ids : all, k + 7));
    reading.push(performance.now() - start);
  }
  const activity: number[] = [];
  let activityEvents = 0;
  for (let chain = 0; chain < 50; chain++) {
    const start = performance.now();
    activityEvents += (await sessionActivity(links, key('AKIA', (chain * 7919) % chains))).ids.length;
    activity.push(performance.now() - start);
  }

  const rows: [string, string, string][] = [
    ['events loaded (bench set + chain set)', `${store.size.toLocaleString('en-US')} (${chains.toLocaleString('en-US')} chains)`, ''],
    ['load (loadPaths + store.add), wall / CPU', `${fmt(loadMs / 1000)} s / ${fmt(loadCpuMs / 1000)} s`, ''],
    [
      'links built (SessionLinks.update), wall / CPU',
      `${fmt(linksMs / 1000)} s = ${fmt((100 * linksMs) / loadMs, 1)} % / ${fmt(linksCpuMs / 1000)} s = ${fmt((100 * linksCpuMs) / loadCpuMs, 1)} % of load, ${links.size.toLocaleString('en-US')} links`,
      '≤ 10 %',
    ],
    [
      'issuing calls found by indexing / linked',
      `${(candidates.ok ? candidates.ids.length : 0).toLocaleString('en-US')} / ${links.size.toLocaleString('en-US')} (link facts kept at indexing: no record re-read)`,
      '',
    ],
    ['links update with no change', `${fmt(noChangeMs)} ms`, ''],
    ['links memory per event (after gc)', `${fmt(linkBytes / store.size, 1)} B`, '≤ 16 B'],
    ['heap of the store per event (for scale)', `${fmt((heapLoaded - heapStart) / store.size, 1)} B`, ''],
    [
      'lineageOfRecord median / p99 (record at hand)',
      `${fmt(percentile(withRecord, 0.5), 3)} / ${fmt(percentile(withRecord, 0.99), 3)} ms`,
      '< 5 ms',
    ],
    ['lineage(id) median / p99 (re-reads the record)', `${fmt(percentile(reading, 0.5), 3)} / ${fmt(percentile(reading, 0.99), 3)} ms`, ''],
    [
      'sessionActivity(user key) median / p99',
      `${fmt(percentile(activity, 0.5))} / ${fmt(percentile(activity, 0.99))} ms (${activityEvents / 50} events each)`,
      '',
    ],
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  '));
  console.log(`(hops walked: ${hops})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
