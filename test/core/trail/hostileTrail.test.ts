import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { explainTrail } from '../../../src/core/trail/explain';
import { loadTrailConfigurationFiles } from '../../../src/core/trail/load';
import { parseTrailConfigurations } from '../../../src/core/trail/parse';
import { TRAIL_FIXTURES } from '../s3/domainFixtures';

const GET_OBJECT = {
  eventVersion: '1.09',
  eventTime: '2024-05-01T10:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  eventCategory: 'Data',
  readOnly: true,
  awsRegion: 'eu-west-1',
  recipientAccountId: '111122223333',
  resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::bucket/key' }],
};

function advancedTrail(fields: string): string {
  return `{
  "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/t",
  "AdvancedEventSelectors": [{
    "Name": "hostile",
    "FieldSelectors": [
      { "Field": "eventCategory", "Equals": ["Data"] },
${fields}
    ]
  }]
}`;
}

describe('trail files built to hurt', () => {
  it('a file nested 3,000 deep is an error with line and column, not a stack overflow', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ctlens-trail-'));
    try {
      const deep = path.join(folder, 'deep.trail.json');
      writeFileSync(deep, `{\n  "EventSelectors": ${'['.repeat(3000)}${']'.repeat(3000)}\n}`);
      const good = path.join(folder, 'good.trail.json');
      writeFileSync(good, advancedTrail('      { "Field": "resources.type", "Equals": ["AWS::S3::Object"] }'));
      const { trails, errors } = await loadTrailConfigurationFiles([deep, good]);
      assert.deepEqual(
        errors.map(({ file, line, column }) => [file, line, column]),
        // The outer brace is level 1, so the 64th bracket (from column 21) opens level 65.
        [[deep, 2, 21 + 63]],
      );
      assert.match(errors[0].message, /more than 64 levels/);
      assert.deepEqual(
        trails.map((trail) => trail.file),
        [good],
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('brackets inside strings and comments do not count as nesting', () => {
    const brackets = '[{'.repeat(500);
    const text = advancedTrail(`      // ${brackets}\n      /* ${brackets} */\n      { "Field": "eventName", "Equals": ["${brackets}"] }`);
    const { trails, errors } = parseTrailConfigurations(text, 'brackets.json');
    assert.deepEqual(errors, []);
    assert.equal(trails[0].advancedEventSelectors?.[0].FieldSelectors[1].Equals?.[0], brackets);
  });

  for (const field of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'eventname']) {
    it(`Field "${field}" is reported at its line and column, and evaluating it selects nothing`, () => {
      const text = advancedTrail(`      { "Field": ${JSON.stringify(field)}, "Equals": ["x"] }`);
      const { trails, errors } = parseTrailConfigurations(text, 'hostile.json');
      assert.deepEqual(
        errors.map(({ line, column }) => [line, column]),
        [[7, 18]],
      );
      assert.match(errors[0].message, new RegExp(`^Unknown field "${field}": trails can select on eventCategory, `));
      const verdict = explainTrail(GET_OBJECT, trails[0]);
      assert.equal(verdict.logged, false);
      assert.ok(verdict.reasons.some((reason) => reason.includes(field)));
    });
  }

  it('every field AWS documents for trails is accepted', () => {
    const fields = [
      'eventSource',
      'eventName',
      'eventType',
      'errorCode',
      'vpcEndpointId',
      'readOnly',
      'resources.type',
      'resources.ARN',
      'userIdentity.arn',
      'sessionCredentialFromConsole',
    ];
    const text = advancedTrail(fields.map((field) => `      { "Field": "${field}", "NotEquals": ["x"] }`).join(',\n'));
    assert.deepEqual(parseTrailConfigurations(text, 'all.json').errors, []);
  });

  it('a property named __proto__ in the file is data, not a prototype', () => {
    const text = `{ "__proto__": { "EventSelectors": [] }, "constructor": 1, "AdvancedEventSelectors": [{ "FieldSelectors": [{ "Field": "eventCategory", "Equals": ["Data"], "__proto__": ["x"] }] }] }`;
    const { trails, errors } = parseTrailConfigurations(text, 'proto.json');
    assert.deepEqual(
      errors.map((error) => error.message.split(':')[0]),
      ['Unknown operator __proto__'],
    );
    assert.equal(trails.length, 1);
    assert.equal(explainTrail(GET_OBJECT, trails[0]).logged, true);
  });
});

describe('mutated real trail files', () => {
  const fixtures = readdirSync(TRAIL_FIXTURES)
    .filter((name) => /\.jsonc?$/.test(name))
    .map((name) => readFileSync(path.join(TRAIL_FIXTURES, name), 'utf8'));
  const HOSTILE = [
    '__proto__',
    'constructor',
    '"__proto__":{}',
    '{"Field":"toString","Equals":["x"]}',
    '['.repeat(200),
    '\u0000',
    '/*',
    '"',
    '\u202e',
    ',',
  ];

  it('never throw, and every error points inside the text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...fixtures),
        fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...HOSTILE), fc.string()), fc.nat({ max: 20 })), { minLength: 1, maxLength: 4 }),
        (fixture, edits) => {
          let text = fixture;
          for (const [at, insert, remove] of edits) {
            const position = at % (text.length + 1);
            text = text.slice(0, position) + insert + text.slice(position + remove);
          }
          const { trails, errors } = parseTrailConfigurations(text, 'mutated.json');
          const lines = text.split('\n');
          for (const error of errors) {
            assert.ok(error.line >= 1 && error.line <= lines.length, `line ${error.line} of ${lines.length}`);
            assert.ok(error.column >= 1 && error.column <= lines[error.line - 1].length + 1, `column ${error.column}`);
          }
          for (const trail of trails) explainTrail(GET_OBJECT, trail);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
