// The Athena table over a trail's bucket: AWS's CREATE EXTERNAL TABLE for CloudTrail logs with partition projection,
// for one or more accounts and Regions (an organization trail's too). Its text is pasted into Athena, so every input
// is checked against AWS's naming rules first and only then written into the DDL.
//
// Columns, SerDe, input format and the projection of the delivery date: "Create the table for CloudTrail logs in Athena
// using partition projection", https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
// Accounts and Regions as projected partitions (enum type):
// https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
// The organization trail's path (AWSLogs/<org-id>/<account>/CloudTrail/<region>/…), with the partition names `account`
// and `region`: https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-org-wide-trail.html and
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html

/** A Hive column type of the table: a scalar, or a struct, array or map of them. */
export type HiveType =
  | 'STRING'
  | { struct: readonly (readonly [name: string, type: HiveType])[] }
  | { array: HiveType }
  | { map: readonly [key: HiveType, value: HiveType] };

const STRING = 'STRING';

/** The table's columns, in the order and with the types of AWS's page. */
export const ATHENA_CLOUDTRAIL_COLUMNS: readonly (readonly [name: string, type: HiveType])[] = [
  ['eventversion', STRING],
  [
    'useridentity',
    {
      struct: [
        ['type', STRING],
        ['principalid', STRING],
        ['arn', STRING],
        ['accountid', STRING],
        ['invokedby', STRING],
        ['accesskeyid', STRING],
        ['username', STRING],
        [
          'onbehalfof',
          {
            struct: [
              ['userid', STRING],
              ['identitystorearn', STRING],
            ],
          },
        ],
        [
          'sessioncontext',
          {
            struct: [
              [
                'attributes',
                {
                  struct: [
                    ['mfaauthenticated', STRING],
                    ['creationdate', STRING],
                  ],
                },
              ],
              [
                'sessionissuer',
                {
                  struct: [
                    ['type', STRING],
                    ['principalid', STRING],
                    ['arn', STRING],
                    ['accountid', STRING],
                    ['username', STRING],
                  ],
                },
              ],
              ['ec2roledelivery', STRING],
              [
                'webidfederationdata',
                {
                  struct: [
                    ['federatedprovider', STRING],
                    ['attributes', { map: [STRING, STRING] }],
                  ],
                },
              ],
            ],
          },
        ],
      ],
    },
  ],
  ['eventtime', STRING],
  ['eventsource', STRING],
  ['eventname', STRING],
  ['awsregion', STRING],
  ['sourceipaddress', STRING],
  ['useragent', STRING],
  ['errorcode', STRING],
  ['errormessage', STRING],
  ['requestparameters', STRING],
  ['responseelements', STRING],
  ['additionaleventdata', STRING],
  ['requestid', STRING],
  ['eventid', STRING],
  ['readonly', STRING],
  [
    'resources',
    {
      array: {
        struct: [
          ['arn', STRING],
          ['accountid', STRING],
          ['type', STRING],
        ],
      },
    },
  ],
  ['eventtype', STRING],
  ['apiversion', STRING],
  ['recipientaccountid', STRING],
  ['serviceeventdetails', STRING],
  ['sharedeventid', STRING],
  ['vpcendpointid', STRING],
  ['vpcendpointaccountid', STRING],
  ['eventcategory', STRING],
  [
    'addendum',
    {
      struct: [
        ['reason', STRING],
        ['updatedfields', STRING],
        ['originalrequestid', STRING],
        ['originaleventid', STRING],
      ],
    },
  ],
  ['sessioncredentialfromconsole', STRING],
  ['edgedevicedetails', STRING],
  [
    'tlsdetails',
    {
      struct: [
        ['tlsversion', STRING],
        ['ciphersuite', STRING],
        ['clientprovidedhostheader', STRING],
      ],
    },
  ],
];

/**
 * The partition columns, in the order of the log files' path. `timestamp` is the folder date, YYYY/MM/DD: the day the
 * file was delivered, not the day of its events (a file may hold events from before that day).
 */
export const ATHENA_PARTITIONS = { account: 'account', region: 'region', date: 'timestamp' } as const;

/** The table's name unless one is given: the one toSql's Athena dialect reads by default (AWS's page says cloudtrail_logs_pp). */
export const DEFAULT_ATHENA_TABLE = 'cloudtrail_logs';

/** Where the trail writes and which of its partitions the table projects. */
export interface AthenaTableOptions {
  /** Table name, optionally `database.table` (default DEFAULT_ATHENA_TABLE). */
  table?: string;
  bucket: string;
  /** The trail's S3 key prefix, if it has one. */
  prefix?: string;
  /** The organization's id (o-…) for an organization trail: its logs sit under AWSLogs/<org-id>/. */
  orgId?: string;
  accounts: readonly string[];
  regions: readonly string[];
  /** The first delivery day to project, YYYY/MM/DD. */
  from: string;
}

export type AthenaTableResult = { ok: true; ddl: string } | { ok: false; problems: string[] };

/** Problems with a value (none: the value may go into the DDL as it is). */
type Check = (value: string) => string[];

/** https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (general purpose buckets). */
const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

const checkBucket: Check = (bucket) => {
  const rules: [isBroken: boolean, rule: string][] = [
    [bucket.length < 3 || bucket.length > 63, 'is 3 to 63 characters long'],
    [!/^[a-z0-9.-]*$/.test(bucket), 'has only lowercase letters, digits, dots and hyphens'],
    [!/^[a-z0-9](.*[a-z0-9])?$/.test(bucket), 'begins and ends with a letter or a digit'],
    [bucket.includes('..'), 'has no two adjacent dots'],
    [/^\d+\.\d+\.\d+\.\d+$/.test(bucket), 'is not formatted as an IP address'],
    [RESERVED_BUCKET_PREFIXES.some((prefix) => bucket.startsWith(prefix)), `does not start with ${RESERVED_BUCKET_PREFIXES.join(', ')}`],
    [RESERVED_BUCKET_SUFFIXES.some((suffix) => bucket.endsWith(suffix)), `does not end with ${RESERVED_BUCKET_SUFFIXES.join(', ')}`],
  ];
  const broken = rules.filter(([isBroken]) => isBroken).map(([, rule]) => rule);
  return broken.length === 0 ? [] : [`the bucket name ${JSON.stringify(bucket)} breaks S3's naming rules: a bucket name ${broken.join('; ')}`];
};

/**
 * CloudTrail's S3KeyPrefix is at most 200 characters
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html). Each folder is made of S3's
 * "safe characters" but the apostrophe (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html), so no
 * quote, backslash or `${` can leave the DDL's string literals or reach the location template.
 */
const MAX_PREFIX_LENGTH = 200;
const checkPrefix: Check = (prefix) => {
  if (prefix.length > MAX_PREFIX_LENGTH)
    return [`the prefix is ${prefix.length} characters long; CloudTrail's key prefix has at most ${MAX_PREFIX_LENGTH}`];
  if (!/^[A-Za-z0-9!_.*()-]+(\/[A-Za-z0-9!_.*()-]+)*$/.test(prefix))
    return [`the prefix ${JSON.stringify(prefix)} may only hold folders of letters, digits and ! - _ . * ( ), separated by single slashes`];
  return [];
};

/** https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html (Id pattern). */
const checkOrgId: Check = (orgId) =>
  /^o-[a-z0-9]{10,32}$/.test(orgId)
    ? []
    : [`the organization id ${JSON.stringify(orgId)} is not o- followed by 10 to 32 lowercase letters or digits`];

const checkAccount: Check = (account) => (/^\d{12}$/.test(account) ? [] : [`the account ${JSON.stringify(account)} is not 12 digits`]);

/** A Region code: us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1. */
const checkRegion: Check = (region) =>
  /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region) ? [] : [`the Region ${JSON.stringify(region)} is not a Region code such as us-east-1`];

const checkFrom: Check = (from) => {
  const parts = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(from);
  const date = parts ? new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]))) : undefined;
  const real = date !== undefined && parts !== null && date.getUTCMonth() === Number(parts[2]) - 1 && date.getUTCDate() === Number(parts[3]);
  return real ? [] : [`the first day ${JSON.stringify(from)} is not a date written YYYY/MM/DD`];
};

/**
 * Athena's table and database names: lowercase letters, digits and underscores, at most 255 characters
 * (https://docs.aws.amazon.com/athena/latest/ug/tables-databases-columns-names.html); written in backticks, so a
 * name starting with an underscore or spelling a reserved word works too.
 */
const checkTable: Check = (table) =>
  /^[a-z0-9_]{1,255}(\.[a-z0-9_]{1,255})?$/.test(table)
    ? []
    : [`the table name ${JSON.stringify(table)} is not lowercase letters, digits and underscores (database.table allowed)`];

/** Each value once, in the order given. */
function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The CREATE EXTERNAL TABLE statement, or every problem with the options (nothing is written from a wrong value). */
export function athenaTableDdl(options: AthenaTableOptions): AthenaTableResult {
  const table = options.table ?? DEFAULT_ATHENA_TABLE;
  const prefix = options.prefix?.replace(/^\/+|\/+$/g, '') || undefined;
  const accounts = distinct(options.accounts);
  const regions = distinct(options.regions);
  const problems = [
    ...checkTable(table),
    ...checkBucket(options.bucket),
    ...(prefix === undefined ? [] : checkPrefix(prefix)),
    ...(options.orgId === undefined ? [] : checkOrgId(options.orgId)),
    ...(accounts.length === 0 ? ['give at least one account'] : accounts.flatMap(checkAccount)),
    ...(regions.length === 0 ? ['give at least one Region'] : regions.flatMap(checkRegion)),
    ...checkFrom(options.from),
  ];
  if (problems.length > 0) return { ok: false, problems };

  const { account, region, date } = ATHENA_PARTITIONS;
  const logsRoot = ['s3:/', options.bucket, prefix, 'AWSLogs', options.orgId].filter(Boolean).join('/') + '/';
  const properties: [string, string][] = [
    ['projection.enabled', 'true'],
    [`projection.${account}.type`, 'enum'],
    [`projection.${account}.values`, accounts.join(',')],
    [`projection.${region}.type`, 'enum'],
    [`projection.${region}.values`, regions.join(',')],
    [`projection.${date}.format`, 'yyyy/MM/dd'],
    [`projection.${date}.interval`, '1'],
    [`projection.${date}.interval.unit`, 'DAYS'],
    [`projection.${date}.range`, `${options.from},NOW`],
    [`projection.${date}.type`, 'date'],
    ['storage.location.template', `${logsRoot}\${${account}}/CloudTrail/\${${region}}/\${${date}}`],
  ];
  const ddl = [
    `CREATE EXTERNAL TABLE ${table
      .split('.')
      .map((part) => `\`${part}\``)
      .join('.')} (`,
    ATHENA_CLOUDTRAIL_COLUMNS.map(([name, type]) => `  ${name} ${hiveType(type, 1)}`).join(',\n'),
    ')',
    `PARTITIONED BY (${[account, region, date].map((name) => `\`${name}\` STRING`).join(', ')})`,
    "ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'",
    "STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    `LOCATION '${logsRoot}'`,
    'TBLPROPERTIES (',
    properties.map(([name, value]) => `  '${name}'='${value}'`).join(',\n'),
    ');',
  ].join('\n');
  return { ok: true, ddl };
}

/** A column type as DDL text, structs laid out one field a line at this depth of indentation. */
export function hiveType(type: HiveType, depth = 0): string {
  if (type === STRING) return STRING;
  if ('array' in type) return `ARRAY<${hiveType(type.array, depth)}>`;
  if ('map' in type) return `MAP<${hiveType(type.map[0], depth)}, ${hiveType(type.map[1], depth)}>`;
  const indent = '  '.repeat(depth + 1);
  return `STRUCT<\n${type.struct.map(([name, field]) => `${indent}${name}: ${hiveType(field, depth + 1)}`).join(',\n')}>`;
}
