#!/usr/bin/env node
// Regenerates test/fixtures/workspace (the sample workspace of `npm start` and of the real-VS-Code tests) from the
// public CloudTrail records gathered in the shared data folder (default ../shared/data beside the repository;
// or pass its path). The output is committed; this script documents exactly how it was made and is only re-run
// when the workspace should change. Attribution: test/fixtures/workspace/SOURCE.md.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.resolve(process.argv[2] || path.join(ROOT, '..', 'shared', 'data'));
const OUT = path.join(ROOT, 'test', 'fixtures', 'workspace');
const read = (p) => fs.readFileSync(path.join(DATA, p));
const json = (p) => JSON.parse(read(p).toString('utf8'));
const write = (p, data) => {
  fs.mkdirSync(path.dirname(path.join(OUT, p)), { recursive: true });
  fs.writeFileSync(path.join(OUT, p), data);
};
// gzip with a fixed mtime so that regenerating gives byte-identical files
const gzip = (buf) => {
  const z = zlib.gzipSync(buf, { level: 9 });
  z.writeUInt32LE(0, 4);
  return z;
};

const INV = 'invictus-ir-aws-dataset';
const invFile = (id) => `${INV}/218007301253_CloudTrail_us-east-1_20230710T${id}.json`;

// 1. s3-activity.json — one pretty-printed log file (the editor/hover tests need short lines) with events of all
//    four S3 levels: the 51 records of one real Invictus IR log file (account- and bucket-level S3 management
//    events plus other services), 8 object-level data events from Panther's rule tests, 10 other-service
//    records from TrailDiscover (assumed roles, modern fields).
{
  const invictus = json(invFile('1145Z_s7dpHbl38neqZbm2')).Records;
  const panther = json('panther-analysis/panther_cloudtrail_test_events.json').Records;
  const objectLevel = [314, 316, 317, 318, 328, 329, 344, 345].map((i) => panther[i]);
  const trailDiscover = json('traildiscover/traildiscover_records.json')
    .Records.filter((r) => r.userIdentity && r.userIdentity.type === 'AssumedRole' && r.eventSource !== 's3.amazonaws.com')
    .slice(0, 10);
  write('s3-activity.json', JSON.stringify({ Records: [...invictus, ...objectLevel, ...trailDiscover] }, null, 2) + '\n');
}

// 2. AWSLogs/… — delivery layout: real log files gzipped byte for byte under their S3 delivery keys.
const delivered = [
  '1145Z_7xgocspSowgK0Gto',
  '1145Z_s7dpHbl38neqZbm2',
  '1205Z_1dM7GQM67kudSyGD',
  '1205Z_UljXNp9xLp8nsAGc',
  '1205Z_nx9Yx1FyJdBaTqKj',
  '1215Z_dTTFsx4I2m3om5Oy',
  '1225Z_4iD2boYSOwmb6sWd',
  '1225Z_qWyTCPHzELqDMshA',
  '1230Z_9dKPuRzdLzqZRjqm',
  '1230Z_AvIajGd5rkz6vTy4',
  '1230Z_KV9LZlfXqBel7nqf',
  '1230Z_OU6Ha25B4GGhUIMr',
  '1230Z_ZtUNbBkwAu98FPZb',
  '1235Z_Vp7r3boWJKtPb3wM',
];
for (const id of delivered) {
  const name = path.basename(invFile(id));
  write(`AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/${name}.gz`, gzip(read(invFile(id))));
}
{
  // trailscraper's fixture is already a delivered .json.gz: copied as is
  const name = '111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz';
  write(`AWSLogs/111111111111/CloudTrail/eu-central-1/2017/12/11/${name}`, read(`trailscraper-fixture/${name}`));
}

// 3. broken/ — two good files and one of each kind of damage; the good ones must load, each bad one be reported.
{
  const good = read(invFile('1230Z_OU6Ha25B4GGhUIMr'));
  write('broken/good-1.json', good);
  write('broken/good-2.json.gz', gzip(read(invFile('1205Z_nx9Yx1FyJdBaTqKj'))));
  write('broken/truncated.json', good.subarray(0, Math.floor(good.length * 0.6))); // JSON cut mid-record
  write('broken/truncated.json.gz', gzip(good).subarray(0, 700)); // gzip stream cut short
  write('broken/not-json.json', 'This is not JSON at all.\nBucket: example\n'); // plain text
  write('broken/not-cloudtrail.json', JSON.stringify({ name: 'package', version: '1.0.0', Records: 'none' }, null, 2) + '\n');
  write('broken/empty.json', ''); // zero bytes
  write('broken/garbage.json.gz', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0x41, 0x42])); // gzip magic, bad body
  write('broken/digest.json', read('digest-examples/otel-collector-contrib_cloudtrail_digest.json')); // a digest, not a log
}

// 4. hostile/hostile-content.json — a real record (Invictus IR GetBucketAcl by IAM user benjamin) cloned once per
//    payload, the payload planted in the user agent, the S3 object key, a request-parameter key (a JSON key) and
//    value, the error message and code, the user name/ARN and, for every third record, the event name. Each
//    script payload calls __ctlensPwned(n): the UI test installs that hook (and a dialog/console/CSP watch) in
//    every frame and fails if anything calls it.
{
  const template = json(invFile('1145Z_s7dpHbl38neqZbm2')).Records.find((r) => r.eventName === 'GetBucketAcl');
  const P = (n) => `__ctlensPwned(${n})`;
  const payloads = [
    `<script>${P(1)}</script>`,
    `<img src=x onerror=${P(2)}>`,
    `<svg onload=${P(3)}>`,
    `<a href="javascript:${P(4)}">open</a>`,
    `javascript:${P(5)}`,
    `</style><script>${P(6)}</script>`,
    `</textarea><script>${P(7)}</script>`,
    `"><script>${P(8)}</script>`,
    `'><img src=x onerror=${P(9)}>`,
    `<iframe src="javascript:${P(10)}"></iframe>`,
    `<iframe srcdoc="<script>parent.${P(11)}</script>"></iframe>`,
    `<body onload=${P(12)}>`,
    `<details open ontoggle=${P(13)}>`,
    `<input autofocus onfocus=${P(14)}>`,
    `<video><source onerror=${P(15)}></video>`,
    `<math><mtext><table><mglyph><style><img src=x onerror=${P(16)}>`,
    `[click me](javascript:${P(17)})`,
    `![tracker](https://attacker.invalid/pixel.png)`,
    `<style>*{display:none !important}</style>`,
    `{{constructor.constructor('${P(20)}')()}}`,
    '${' + P(21) + '}',
    `<script src="data:text/javascript,${P(22)}"></script>`,
    `<object data="javascript:${P(23)}"></object>`,
    `<embed src="javascript:${P(24)}">`,
    `<form action="javascript:${P(25)}"><button autofocus>go</button></form>`,
    `<meta http-equiv="refresh" content="0;url=javascript:${P(26)}">`,
    `<base href="javascript:${P(27)}//">`,
    `<link rel=stylesheet href="https://attacker.invalid/x.css">`,
    `&lt;script&gt;${P(29)}&lt;/script&gt;`,
    `<scr<script>ipt>${P(30)}</scr</script>ipt>`,
    `<!--<script>${P(31)}</script>-->`,
    `<noscript><p title="</noscript><img src=x onerror=${P(32)}>">`,
    `[run](command:workbench.action.closeWindow)`,
    `<vscode-button onclick=${P(34)}>x</vscode-button>`,
    `"}]}<script>${P(35)}</script>`,
    `%3Cscript%3E${P(36)}%3C/script%3E`,
    `<svg><animate onbegin=${P(37)} attributeName=x dur=1s>`,
    `admin\u202Etxt.exe\u202C`, // right-to-left override
    `a\u200Bd\u200Cm\u200Di\u2060n\uFEFF`, // zero-width characters
    `\u05E9\u05DC\u05D5\u05DD <b>\u0645\u0631\u062D\u0628\u0627</b> mixed RTL`,
    'A'.repeat(100_000) + `<script>${P(41)}</script>`, // very long string
    `<img src=x onerror="document.title='${P(42)}';${P(42)}">`,
  ];
  const records = payloads.map((p, i) => {
    const r = structuredClone(template);
    const n = i + 1;
    r.eventID = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    r.requestID = `HOSTILE${String(n).padStart(9, '0')}`;
    r.eventTime = `2023-07-10T11:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`;
    r.userAgent = p;
    r.errorCode = `AccessDenied${p.slice(0, 200)}`;
    r.errorMessage = `Access Denied: ${p}`;
    r.userIdentity.userName = p.slice(0, 300);
    r.userIdentity.arn = `arn:aws:iam::123837392027:user/${p.slice(0, 300)}`;
    r.requestParameters = { bucketName: r.requestParameters.bucketName, key: `reports/${p}`, [p.slice(0, 300)]: p, acl: '' };
    if (n % 3 === 0) r.eventName = `GetBucketAcl${p.slice(0, 120)}`;
    return r;
  });
  write('hostile/hostile-content.json', JSON.stringify({ Records: records }, null, 2) + '\n');
  write(
    'hostile/payloads.json',
    JSON.stringify(
      payloads.map((p) => (p.length > 400 ? p.slice(0, 40) + `…(${p.length} chars)…` + p.slice(-40) : p)),
      null,
      2,
    ) + '\n',
  );
}
// 5. tampering/stopped-trail.json — a trail stopped by an attacker: the real CreateTrail and StartLogging of the
//    Invictus IR trail `stratus-red-team-ctlr-trail-zqfsvooxqj`, a StopLogging made from that StartLogging record
//    (same caller, same request; eventName, time and ids changed: the lab's own StopLogging calls all failed),
//    then two real management events of the same account, one before and one after the stop. The trail's real
//    DeleteTrail is left out so that the StopLogging decides.
{
  const records = fs
    .readdirSync(path.join(DATA, INV))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => json(`${INV}/${name}`).Records);
  const byId = (eventID) => records.find((r) => r.eventID === eventID);
  const created = byId('3a1acb39-c13b-4e73-a0e3-dcd8ce5c1a3a');
  const started = byId('2f8e806b-355c-49fc-9ac6-7cea7d864938');
  const stopped = {
    ...started,
    eventTime: '2023-07-10T12:05:00Z',
    eventName: 'StopLogging',
    eventID: 'c7a1e2d4-5b6f-4a3c-9d8e-0f1a2b3c4d5e',
    requestID: 'e4d3c2b1-a0f9-4e8d-b7c6-a5b4c3d2e1f0',
  };
  const before = byId('0e3e15ba-fc3d-4e0f-ade6-f3a3e719a826');
  const after = byId('d2418c93-a506-4385-b58a-a36c0d636d25');
  write('tampering/stopped-trail.json', JSON.stringify({ Records: [created, started, before, stopped, after] }, null, 2) + '\n');
}
// 6. lineage/invictus-ir-chains.json — the repository's slice of real credential chains (an IAM user's AssumeRole and
//    the calls made with the key it minted; test/fixtures/domain/SOURCE.md), copied unchanged.
write('lineage/invictus-ir-chains.json', fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'domain', 'lineage', 'invictus-ir-chains.json')));
console.log(`workspace fixtures written to ${path.relative(ROOT, OUT)}`);
