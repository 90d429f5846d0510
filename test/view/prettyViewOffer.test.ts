// Which plain .json logs are offered the read-only pretty view (issue 15, item 7), on real delivery files: the
// invictus-ir set of ../shared/data when it sits beside the clone, else the repository's copy of the same files.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { HEAD_CHARS, LINES_LOOKED_AT, LONG_LINE_CHARS, offersPrettyView, type DocumentStart } from '../../src/view/prettyViewOffer';
import { prettyPrintJson } from '../../src/view/prettyJson';
import { DELIVERY_DAY, LOGS, REPO_ROOT } from '../core/engineFixtures';

const SHARED_SET = path.join(REPO_ROOT, '../shared/data/invictus-ir-aws-dataset');
const REAL_LOGS = existsSync(SHARED_SET) ? SHARED_SET : DELIVERY_DAY;
/** Two delivery files of the set: one of 13 KB and one of a single record (1.2 KB), each one line as CloudTrail writes them. */
const LARGE = '218007301253_CloudTrail_us-east-1_20230710T1205Z_nx9Yx1FyJdBaTqKj.json';
const ONE_RECORD = '218007301253_CloudTrail_us-east-1_20230710T1205Z_lKy08gyrqqRJyzsn.json';

/** What an editor shows of a text: its lines as VS Code splits them. */
function documentStart(file: string, text: string): DocumentStart {
  const lines = text.split(/\r?\n/);
  return {
    path: file,
    lineCount: lines.length,
    head: text.slice(0, HEAD_CHARS),
    lineLengths: lines.slice(0, LINES_LOOKED_AT).map((line) => line.length),
  };
}

function realLog(name: string): string {
  return readFileSync(path.join(REAL_LOGS, name), 'utf8');
}

describe('the pretty view offer for plain .json logs', () => {
  it('a delivery file as CloudTrail writes it, one minified line, is offered the view whatever its size', () => {
    for (const name of [LARGE, ONE_RECORD]) {
      const text = realLog(name);
      assert.equal(text.trimEnd().split('\n').length, 1, `${name} is one line`);
      assert.equal(offersPrettyView(documentStart(`/logs/${name}`, text)), true, name);
    }
    assert.ok(realLog(LARGE).length > LONG_LINE_CHARS && realLog(ONE_RECORD).length < LONG_LINE_CHARS);
  });

  it('every one-line delivery file of the set is offered it', () => {
    const names = readdirSync(REAL_LOGS).filter((name) => name.endsWith('.json'));
    assert.ok(names.length >= 2);
    for (const name of names) assert.equal(offersPrettyView(documentStart(name, realLog(name))), true, name);
  });

  it('the same log laid out (as the pretty view shows it) is not', () => {
    const laidOut = prettyPrintJson(realLog(LARGE));
    assert.ok(laidOut.split('\n').length > LINES_LOOKED_AT);
    assert.equal(offersPrettyView(documentStart(`/logs/${LARGE}`, laidOut)), false);
  });

  it('records crammed on a long line further down are offered it; beyond the lines looked at they are not seen', () => {
    const records = JSON.stringify((JSON.parse(realLog(LARGE)) as { Records: unknown[] }).Records);
    assert.ok(records.length > LONG_LINE_CHARS);
    assert.equal(offersPrettyView(documentStart('/logs/split.json', `{\n  "Records":\n${records}\n}\n`)), true);
    const padding = '\n'.repeat(LINES_LOOKED_AT);
    assert.equal(offersPrettyView(documentStart('/logs/late.json', `{\n  "Records":${padding}${records}\n}\n`)), false);
  });

  it('only .json names: a .json.gz opens in the view already, JSON Lines are one record a line by design', () => {
    const text = realLog(LARGE);
    for (const name of ['/logs/a.json.gz', '/logs/a.jsonl', '/logs/a.ndjson', '/logs/a.txt'])
      assert.equal(offersPrettyView(documentStart(name, text)), false, name);
    assert.equal(offersPrettyView(documentStart('/logs/A.JSON', text)), true);
  });

  it('JSON that is not a CloudTrail log, and CloudTrail digest files, are not offered it', () => {
    const other = JSON.stringify({ items: Array.from({ length: 2000 }, (_, index) => ({ index, name: `item-${index}` })) });
    assert.ok(other.length > LONG_LINE_CHARS);
    assert.equal(offersPrettyView(documentStart('/data/items.json', other)), false);
    const digestFolder = path.join(LOGS, 'AWSLogs/218007301253/CloudTrail-Digest/us-east-1/2025/10/21');
    const [digestName] = readdirSync(digestFolder);
    assert.ok(digestName);
    const digest = JSON.stringify(JSON.parse(readFileSync(path.join(digestFolder, digestName), 'utf8')));
    assert.equal(offersPrettyView(documentStart(digestName, digest)), false);
  });
});
