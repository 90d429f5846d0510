// The Athena table of `ctlens athena-table`: AWS's partition-projection DDL for CloudTrail logs, for several accounts
// and Regions and for an organization trail, and the inputs it refuses before writing any of them into the DDL.
// The columns are compared with the statement on
// https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html, written out here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { athenaTableDdl, type AthenaTableOptions } from '../../../src/core/sql/athenaTable';

/** The column list of AWS's CREATE EXTERNAL TABLE cloudtrail_logs_pp, as the page prints it. */
const AWS_COLUMNS = `
    eventversion STRING,
    useridentity STRUCT<
        type: STRING,
        principalid: STRING,
        arn: STRING,
        accountid: STRING,
        invokedby: STRING,
        accesskeyid: STRING,
        username: STRING,
        onbehalfof: STRUCT<
             userid: STRING,
             identitystorearn: STRING>,
        sessioncontext: STRUCT<
            attributes: STRUCT<
                mfaauthenticated: STRING,
                creationdate: STRING>,
            sessionissuer: STRUCT<
                type: STRING,
                principalid: STRING,
                arn: STRING,
                accountid: STRING,
                username: STRING>,
            ec2roledelivery:string,
            webidfederationdata: STRUCT<
                federatedprovider: STRING,
                attributes: map<string,string>>
        >
    >,
    eventtime STRING,
    eventsource STRING,
    eventname STRING,
    awsregion STRING,
    sourceipaddress STRING,
    useragent STRING,
    errorcode STRING,
    errormessage STRING,
    requestparameters STRING,
    responseelements STRING,
    additionaleventdata STRING,
    requestid STRING,
    eventid STRING,
    readonly STRING,
    resources ARRAY<STRUCT<
        arn: STRING,
        accountid: STRING,
        type: STRING>>,
    eventtype STRING,
    apiversion STRING,
    recipientaccountid STRING,
    serviceeventdetails STRING,
    sharedeventid STRING,
    vpcendpointid STRING,
    vpcendpointaccountid STRING,
    eventcategory STRING,
    addendum STRUCT<
      reason:STRING,
      updatedfields:STRING,
      originalrequestid:STRING,
      originaleventid:STRING>,
    sessioncredentialfromconsole STRING,
    edgedevicedetails STRING,
    tlsdetails STRUCT<
      tlsversion:STRING,
      ciphersuite:STRING,
      clientprovidedhostheader:STRING>`;

/** DDL text compared as Athena reads it: case and the space between tokens do not matter. */
function normalised(text: string): string {
  return text.replace(/\s+/g, '').toLowerCase();
}

const ONE_ACCOUNT: AthenaTableOptions = { bucket: 'trail-logs-example', accounts: ['111122223333'], regions: ['us-east-1'], from: '2024/01/15' };

function ddlOf(options: AthenaTableOptions): string {
  const result = athenaTableDdl(options);
  assert.ok(result.ok, result.ok ? '' : result.problems.join('; '));
  return result.ddl;
}

/** The TBLPROPERTIES of a DDL, by name. */
function tableProperties(ddl: string): Map<string, string> {
  const block = /TBLPROPERTIES \(([\s\S]*)\);$/.exec(ddl);
  assert.ok(block, 'the DDL ends with its TBLPROPERTIES');
  return new Map([...block[1].matchAll(/'([^']*)'='([^']*)'/g)].map((match) => [match[1], match[2]]));
}

function problemsOf(options: AthenaTableOptions): string[] {
  const result = athenaTableDdl(options);
  assert.equal(result.ok, false, `refused: ${JSON.stringify(options)}`);
  return result.ok ? [] : result.problems;
}

describe('athenaTableDdl', () => {
  it('has the columns, SerDe and formats of AWS’s partition-projection table, and the three partitions', () => {
    const ddl = ddlOf(ONE_ACCOUNT);
    const columns = /^CREATE EXTERNAL TABLE `cloudtrail_logs` \(\n([\s\S]*?)\n\)\n/.exec(ddl);
    assert.ok(columns, ddl);
    assert.equal(normalised(columns[1]), normalised(AWS_COLUMNS));
    const rest = ddl.slice(columns[0].length).split('\n');
    assert.deepEqual(rest.slice(0, 6), [
      'PARTITIONED BY (`account` STRING, `region` STRING, `timestamp` STRING)',
      "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'",
      "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
      "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
      "LOCATION 's3://trail-logs-example/AWSLogs/'",
      'TBLPROPERTIES (',
    ]);
  });

  it('projects each partition: accounts and Regions as enums, the delivery day as a date from the first day to NOW', () => {
    const properties = tableProperties(
      ddlOf({ ...ONE_ACCOUNT, accounts: ['111122223333', '444455556666', '111122223333'], regions: ['us-east-1', 'eu-west-3'] }),
    );
    assert.deepEqual(Object.fromEntries(properties), {
      'projection.enabled': 'true',
      'projection.account.type': 'enum',
      'projection.account.values': '111122223333,444455556666',
      'projection.region.type': 'enum',
      'projection.region.values': 'us-east-1,eu-west-3',
      'projection.timestamp.format': 'yyyy/MM/dd',
      'projection.timestamp.interval': '1',
      'projection.timestamp.interval.unit': 'DAYS',
      'projection.timestamp.range': '2024/01/15,NOW',
      'projection.timestamp.type': 'date',
      'storage.location.template': 's3://trail-logs-example/AWSLogs/${account}/CloudTrail/${region}/${timestamp}',
    });
  });

  it('puts an organization trail’s logs under AWSLogs/<org-id>/, after the key prefix', () => {
    const ddl = ddlOf({ ...ONE_ACCOUNT, prefix: '/audit/cloudtrail/', orgId: 'o-exampleorgid', table: 'security.org_trail' });
    assert.match(ddl, /^CREATE EXTERNAL TABLE `security`\.`org_trail` \(/);
    assert.ok(ddl.includes("\nLOCATION 's3://trail-logs-example/audit/cloudtrail/AWSLogs/o-exampleorgid/'\n"), ddl);
    assert.equal(
      tableProperties(ddl).get('storage.location.template'),
      's3://trail-logs-example/audit/cloudtrail/AWSLogs/o-exampleorgid/${account}/CloudTrail/${region}/${timestamp}',
    );
  });

  it('accepts the Region codes of every partition (GovCloud, China, ISO)', () => {
    const regions = ['us-gov-west-1', 'cn-northwest-1', 'us-isob-east-1', 'ap-southeast-5'];
    assert.equal(tableProperties(ddlOf({ ...ONE_ACCOUNT, regions })).get('projection.region.values'), regions.join(','));
  });

  it('refuses values that would break out of the DDL’s quotes or its location template, naming each', () => {
    const hostile: [Partial<AthenaTableOptions>, RegExp][] = [
      [{ bucket: "logs'); DROP TABLE x; --" }, /bucket name .* lowercase letters, digits, dots and hyphens/],
      [{ bucket: 'logs${account}' }, /bucket name/],
      [{ prefix: "ct'" }, /prefix/],
      [{ prefix: 'ct/${region}' }, /prefix/],
      [{ prefix: 'ct\\x' }, /prefix/],
      [{ prefix: 'ct\nLOCATION' }, /prefix/],
      [{ prefix: 'a//b' }, /prefix/],
      [{ orgId: "o-abcdefghij'" }, /organization id/],
      [{ accounts: ["111122223333'"] }, /account .* 12 digits/],
      [{ regions: ["us-east-1','x"] }, /Region .* Region code/],
      [{ regions: ['us-east-1,eu-west-1'] }, /Region/],
      [{ from: "2024/01/01,NOW'" }, /YYYY\/MM\/DD/],
      [{ table: 'logs`; DROP' }, /table name/],
    ];
    for (const [change, problem] of hostile) {
      const problems = problemsOf({ ...ONE_ACCOUNT, ...change });
      assert.equal(problems.length, 1, problems.join('; '));
      assert.match(problems[0], problem);
    }
  });

  it('refuses bucket names S3’s naming rules forbid, and impossible dates', () => {
    for (const bucket of ['ab', 'a'.repeat(64), 'My-Bucket', '-logs', 'logs-', 'my..logs', '192.168.5.4', 'xn--logs', 'logs-s3alias', 'logs--x-s3'])
      assert.match(problemsOf({ ...ONE_ACCOUNT, bucket }).join('; '), /bucket name/, bucket);
    for (const from of ['2023/02/29', '2024/13/01', '2024-01-15', '24/01/15'])
      assert.match(problemsOf({ ...ONE_ACCOUNT, from }).join('; '), /not a date/, from);
    assert.equal(athenaTableDdl({ ...ONE_ACCOUNT, from: '2024/02/29' }).ok, true, 'a leap day is a date');
  });

  it('lists every problem at once, and asks for at least one account and one Region', () => {
    const problems = problemsOf({ bucket: 'B', accounts: [], regions: [], from: 'yesterday' });
    assert.equal(problems.length, 4, problems.join('; '));
    assert.ok(problems.includes('give at least one account'));
    assert.ok(problems.includes('give at least one Region'));
  });
});
