import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { combineTrailFiles, loadTrailConfigurationFiles } from '../../../src/core/trail/load';
import { parseTrailConfigurations } from '../../../src/core/trail/parse';
import { TRAIL_FIXTURES } from '../s3/domainFixtures';

function parseFixture(name: string) {
  const file = join(TRAIL_FIXTURES, name);
  return parseTrailConfigurations(readFileSync(file, 'utf8'), file);
}

describe('parseTrailConfigurations', () => {
  it('reads get-event-selectors output with basic selectors (default trail)', () => {
    const { trails, errors } = parseFixture('management-default.trail.json');
    assert.deepEqual(errors, []);
    assert.equal(trails.length, 1);
    const [trail] = trails;
    assert.equal(trail?.name, 'management-only');
    assert.equal(trail?.accountId, '111122223333');
    assert.equal(trail?.homeRegion, 'eu-west-1');
    assert.deepEqual(trail?.eventSelectors, [
      { ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: [], DataResources: [] },
    ]);
    assert.equal(trail?.advancedEventSelectors, null);
    assert.equal(trail?.selectorsAssumed, false);
  });

  it('reads JSONC with comments and trailing commas', () => {
    const { trails, errors } = parseFixture('s3-basic.trail.jsonc');
    assert.deepEqual(errors, []);
    assert.equal(trails[0]?.line, 2);
    assert.deepEqual(trails[0]?.eventSelectors?.[1]?.DataResources, [
      { Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::example-bucket/logs/', 'arn:aws:s3:::other-bucket/'] },
    ]);
    assert.deepEqual(trails[0]?.eventSelectors?.[0]?.ExcludeManagementEventSources, ['kms.amazonaws.com']);
  });

  it('reads advanced selectors with every operator kept', () => {
    const { trails, errors } = parseFixture('s3-advanced.trail.json');
    assert.deepEqual(errors, []);
    const selectors = trails[0]?.advancedEventSelectors;
    assert.equal(selectors?.length, 3);
    assert.deepEqual(selectors?.[1]?.FieldSelectors[3], {
      Field: 'userIdentity.arn',
      NotStartsWith: ['arn:aws:sts::111122223333:assumed-role/scanner/'],
    });
  });

  it('reads describe-trails output: Regions, global events, organization and logging state, selectors beside each trail', () => {
    const { trails, errors } = parseFixture('describe-trails.trail.json');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      trails.map((trail) => [
        trail.name,
        trail.line,
        trail.homeRegion,
        trail.isMultiRegionTrail,
        trail.includeGlobalServiceEvents,
        trail.isOrganizationTrail,
        trail.isLogging,
        trail.selectorsAssumed,
      ]),
      [
        ['org-audit', 3, 'us-east-1', true, true, true, true, false],
        ['frankfurt-only', 26, 'eu-central-1', false, false, false, null, true],
        ['stopped', 36, 'eu-west-1', true, null, false, false, true],
      ],
    );
    assert.equal(trails[0]?.advancedEventSelectors?.length, 2);
  });

  it('reads describe-trails output with the get-event-selectors output beside it in the same file', () => {
    const text = `{
      // describe-trails
      "trailList": [{ "Name": "t", "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/t", "IsMultiRegionTrail": false, "HomeRegion": "eu-west-1" }],
      // get-event-selectors
      "TrailARN": "arn:aws:cloudtrail:eu-west-1:111122223333:trail/t",
      "AdvancedEventSelectors": [{ "Name": "data", "FieldSelectors": [{ "Field": "eventCategory", "Equals": ["Data"] }] }],
    }`;
    const { trails, errors } = parseTrailConfigurations(text, 'beside.jsonc');
    assert.deepEqual(errors, []);
    assert.equal(trails.length, 1);
    assert.equal(trails[0]?.isMultiRegionTrail, false);
    assert.equal(trails[0]?.advancedEventSelectors?.[0]?.Name, 'data');
    assert.equal(trails[0]?.line, 3);
  });

  it('reads a CloudFormation template with an AWS::CloudTrail::Trail resource', () => {
    const { trails, errors } = parseFixture('cloudformation.trail.json');
    assert.deepEqual(errors, []);
    assert.equal(trails.length, 1);
    assert.equal(trails[0]?.name, 'cfn-audit');
    assert.equal(trails[0]?.isMultiRegionTrail, true);
    assert.equal(trails[0]?.isLogging, true);
    assert.equal(trails[0]?.eventSelectors?.[0]?.DataResources[0]?.Values[0], 'arn:aws:s3:::example-bucket/');
  });

  it('points a syntax error at its line and column', () => {
    const { trails, errors } = parseFixture('invalid/broken-syntax.jsonc');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.line, 6);
    assert.equal(errors[0]?.column, 7);
    assert.equal(errors[0]?.message, 'JSON syntax error: a comma was expected');
    assert.ok(trails.length <= 1);
  });

  it('points invalid selector values at their line', () => {
    const { errors } = parseFixture('invalid/bad-values.json');
    assert.deepEqual(
      errors.map((error) => [error.line, /Unknown operator Equal\b/.test(error.message) || /array of strings/.test(error.message)]),
      [
        [7, true],
        [8, true],
      ],
    );
  });

  it('rejects a file that is not a trail configuration, and an empty file', () => {
    assert.match(parseFixture('invalid/not-a-trail.json').errors[0]?.message ?? '', /Not a trail configuration/);
    assert.equal(parseTrailConfigurations(' \n', 'blank.json').errors[0]?.message, 'The file is empty: expected a trail configuration.');
    assert.match(parseTrailConfigurations('[1, 2]', 'array.json').errors[0]?.message ?? '', /Expected a JSON object/);
  });

  it('reports an invalid ReadWriteType at its line and keeps the default', () => {
    const text = '{\n  "EventSelectors": [\n    { "ReadWriteType": "Sometimes" }\n  ]\n}';
    const { trails, errors } = parseTrailConfigurations(text, 'rw.json');
    assert.equal(errors[0]?.line, 3);
    assert.match(errors[0]?.message ?? '', /ReadWriteType must be All, ReadOnly or WriteOnly/);
    assert.equal(trails[0]?.eventSelectors?.[0]?.ReadWriteType, 'All');
  });

  it('reports CloudFormation intrinsic functions it cannot resolve', () => {
    const text = JSON.stringify(
      {
        Resources: {
          T: {
            Type: 'AWS::CloudTrail::Trail',
            Properties: { EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Sub': 'arn:aws:s3:::${B}/' }] }] }] },
          },
        },
      },
      null,
      2,
    );
    const { errors } = parseTrailConfigurations(text, 'cfn.json');
    assert.match(errors[0]?.message ?? '', /intrinsic functions/);
  });
});

describe('loadTrailConfigurationFiles', () => {
  it('reads files and merges a describe-trails description with the selectors of the same trail from another file', async () => {
    const description = join(TRAIL_FIXTURES, 'describe-trails.trail.json');
    const { trails, errors } = await loadTrailConfigurationFiles([description, join(TRAIL_FIXTURES, 'missing.json')]);
    assert.equal(trails.length, 3);
    assert.equal(errors.length, 1);
    assert.match(errors[0]?.message ?? '', /^Cannot read the trail configuration/);
    assert.equal(errors[0]?.file, join(TRAIL_FIXTURES, 'missing.json'));
  });

  it('merges by TrailARN', () => {
    const described = parseTrailConfigurations(
      '{"trailList":[{"Name":"t","TrailARN":"arn:aws:cloudtrail:eu-west-1:111122223333:trail/t","IsMultiRegionTrail":false,"HomeRegion":"eu-west-1"}]}',
      'describe.json',
    );
    const selectors = parseTrailConfigurations(
      '{"TrailARN":"arn:aws:cloudtrail:eu-west-1:111122223333:trail/t","AdvancedEventSelectors":[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]}]}]}',
      'selectors.json',
    );
    const merged = combineTrailFiles([described, selectors]).trails;
    assert.equal(merged.length, 1);
    assert.equal(merged[0]?.isMultiRegionTrail, false);
    assert.equal(merged[0]?.advancedEventSelectors?.length, 1);
    assert.equal(merged[0]?.selectorsAssumed, false);
    assert.equal(merged[0]?.file, 'describe.json');
  });
});
