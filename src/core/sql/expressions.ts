// The values the index computes per event (principal, account, bucket, object key, S3 level, category, read-only,
// identity kind, noise facts), written as SQL expressions generated from the same tables the indexer uses, so a
// change to the catalogue, the identity kinds or the noise rules changes the SQL with it.

import { NOISE_RULES } from '../noise/noiseFacts';
import { EVENT_CATEGORY_IDS, recordCategoryValue } from '../eventCategory';
import { IDENTITY_KINDS } from '../load/indexSchema';
import { KIND_BY_TYPE } from '../identity/kinds';
import { S3_CATALOGUE, S3_EVENT_SOURCES, type CatalogueEntry } from '../s3/catalogue';
import { S3_BUCKET_RESOURCE_TYPES, S3_OBJECT_RESOURCE_TYPES } from '../s3/recordFields';
import { RECORD_DEPENDENT_CASES } from '../s3/specialCases';
import { S3_ARN_PATH_START, sqlString, type Dialect } from './dialects';

function list(values: Iterable<string>): string {
  return [...values].map(sqlString).join(', ');
}

/** A text column with CloudTrail's empty strings read as absent, as the indexer reads them. */
export function present(expression: string): string {
  return `nullif(${expression}, '')`;
}

function isRecordDependent(entry: CatalogueEntry): boolean {
  return entry.specialCase !== undefined && RECORD_DEPENDENT_CASES.has(entry.specialCase);
}

function catalogueNames(keep: (entry: CatalogueEntry) => boolean): string[] {
  return [...S3_CATALOGUE.values()].filter(keep).map((entry) => entry.eventName);
}

/** One builder per translation: the dialect's spelling of every computed value. */
export class EventExpressions {
  constructor(private readonly dialect: Dialect) {}

  column(name: keyof Dialect['columns']): string {
    return this.dialect.columns[name];
  }

  get isS3(): string {
    // Never NULL: `NOT isS3` must hold for a record without eventSource, which has no S3 level.
    return `coalesce(${this.column('eventSource')} IN (${list(S3_EVENT_SOURCES.keys())}), false)`;
  }

  private resourceOfTypes(types: ReadonlySet<string>): string {
    return this.dialect.anyResource(`r.type IN (${list(types)})`);
  }

  private get bucketName(): string {
    return present(this.dialect.requestParameter(['bucketName']));
  }

  /** The CORS preflight header (s3/classify.ts isCorsPreflight). */
  private get preflight(): string {
    return `${this.dialect.requestParameter(['Access-Control-Request-Method'])} IS NOT NULL`;
  }

  /** requestParameters.Host, or the first element of the older `host` array (s3/recordFields.ts requestHost). */
  private get host(): string {
    const parameter = (path: string[]) => this.dialect.requestParameter(path);
    return `coalesce(${parameter(['Host'])}, ${parameter(['Host', '0'])}, ${parameter(['host'])}, ${parameter(['host', '0'])})`;
  }

  /** userIdentity decoded as identity/decode.ts kindOf does it, from KIND_BY_TYPE. */
  get identityKind(): string {
    const type = present(this.column('identityType'));
    const accountId = this.column('identityAccountId');
    const principalId = this.column('identityPrincipalId');
    const anonymous = `(${accountId} IN ('anonymous', 'ANONYMOUS_PRINCIPAL') OR ${principalId} = 'ANONYMOUS_PRINCIPAL')`;
    const byType = [...KIND_BY_TYPE].map(([value, kind]) => `WHEN ${sqlString(value)} THEN ${sqlString(kind)}`).join(' ');
    return (
      `CASE WHEN ${type} IS NULL THEN CASE WHEN ${present(this.column('identityInvokedBy'))} IS NOT NULL THEN 'aws-service' ELSE 'unknown' END ` +
      `WHEN ${type} = 'AWSAccount' AND ${anonymous} THEN 'anonymous' ` +
      `ELSE CASE ${type} ${byType} ELSE ${sqlString(IDENTITY_KINDS[0])} END END`
    );
  }

  /** The caller's ARN or best name (identity/decode.ts identityKey). */
  get principal(): string {
    const names = ['identityArn', 'identityUserName', 'identityInvokedBy', 'identityPrincipalId', 'identityOnBehalfOfUserId'] as const;
    return `CASE WHEN ${this.identityKind} = 'anonymous' THEN 'anonymous' ELSE coalesce(${names.map((name) => present(this.column(name))).join(', ')}) END`;
  }

  /** The caller's account (identityKey): userIdentity.accountId; decoding it from the access key is not done in SQL. */
  get account(): string {
    return `CASE WHEN ${this.identityKind} = 'anonymous' THEN NULL ELSE ${present(this.column('identityAccountId'))} END`;
  }

  /** A resource of resources[] naming an S3 bucket or object in an ARN (load/extractEvent.ts s3Target). */
  private s3Resource(type: string, needsKey: boolean): string {
    const arn = this.dialect.resourceArn('r');
    const path = `substr(${arn}, ${S3_ARN_PATH_START})`;
    return `${arn} LIKE 'arn:aws:s3:::%' AND r.type = ${sqlString(type)}${needsKey ? ` AND strpos(${path}, '/') > 1` : ''}`;
  }

  /** requestParameters.bucketName, else the bucket of the first S3 object or bucket resource. */
  get bucket(): string {
    const first = this.dialect.firstResource(`(${this.s3Resource('AWS::S3::Object', true)}) OR (${this.s3Resource('AWS::S3::Bucket', false)})`);
    const path = `substr(${this.dialect.resourceArn(first)}, ${S3_ARN_PATH_START})`;
    return `coalesce(${this.bucketName}, CASE WHEN strpos(${path}, '/') > 1 THEN substr(${path}, 1, strpos(${path}, '/') - 1) ELSE ${path} END)`;
  }

  /** requestParameters.key, else the key of the first S3 object resource. */
  get objectKey(): string {
    const first = this.dialect.firstResource(this.s3Resource('AWS::S3::Object', true));
    const path = `substr(${this.dialect.resourceArn(first)}, ${S3_ARN_PATH_START})`;
    return `coalesce(${present(this.dialect.requestParameter(['key']))}, ${present(`substr(${path}, strpos(${path}, '/') + 1)`)})`;
  }

  /** The category the record states: eventCategory, else managementEvent where the dialect has it (s3/classify.ts decideCategory). */
  private statedCategory(): string[] {
    const stated = EVENT_CATEGORY_IDS.map(
      (id) => `WHEN ${this.column('eventCategory')} = ${sqlString(recordCategoryValue(id))} THEN ${sqlString(id)}`,
    );
    const management = this.dialect.managementEventText;
    if (management !== null) stated.push(`WHEN ${management} = 'true' THEN 'management'`, `WHEN ${management} = 'false' THEN 'data'`);
    return stated;
  }

  /** Event category id: the record's own, else the S3 catalogue's default (or the inferred level's) for S3 events. */
  get category(): string {
    const byDefault = ['data', 'management'].map(
      (category) =>
        `WHEN ${this.column('eventName')} IN (${list(catalogueNames((entry) => entry.category === category))}) THEN ${sqlString(category)}`,
    );
    const objectEvidence = `${this.resourceOfTypes(S3_OBJECT_RESOURCE_TYPES)} OR ${this.dialect.requestParameter(['key'])} IS NOT NULL`;
    return (
      `CASE ${this.statedCategory().join(' ')} WHEN NOT (${this.isS3}) THEN NULL ${byDefault.join(' ')} ` +
      `WHEN ${this.preflight} THEN ${sqlString(S3_CATALOGUE.get('OptionsObject')?.category ?? 'management')} ` +
      `WHEN ${objectEvidence} THEN 'data' ELSE 'management' END`
    );
  }

  /** 'true'/'false': the record's readOnly, else the S3 catalogue's. */
  get readOnly(): string {
    const readOnly = this.dialect.readOnlyText;
    const byCatalogue = [true, false].map(
      (value) =>
        `WHEN ${this.isS3} AND ${this.column('eventName')} IN (${list(catalogueNames((entry) => entry.readOnly === value))}) THEN '${String(value)}'`,
    );
    const preflightReadOnly = String(S3_CATALOGUE.get('OptionsObject')?.readOnly ?? true);
    return (
      `CASE WHEN ${readOnly} IN ('true', 'false') THEN ${readOnly} ${byCatalogue.join(' ')} ` +
      `WHEN ${this.isS3} AND ${this.column('eventName')} NOT IN (${list(S3_CATALOGUE.keys())}) AND ${this.preflight} THEN '${preflightReadOnly}' END`
    );
  }

  /**
   * S3 level (s3/classify.ts): the catalogue's level by name, the record-dependent special cases (Block Public
   * Access scope; listings, HeadBucket and DeleteObjects by category), then for names the catalogue lacks the
   * preflight header and the inference rules in their order. DeleteObject's fan-out copies keep its catalogue level.
   */
  get level(): string {
    const name = this.column('eventName');
    const dependent = (id: string) => catalogueNames((entry) => entry.specialCase === id && isRecordDependent(entry));
    const bucketEvidence = `(${this.bucketName} IS NOT NULL OR ${this.resourceOfTypes(S3_BUCKET_RESOURCE_TYPES)})`;
    const byCategory = [...RECORD_DEPENDENT_CASES].filter((id) => id !== 'public-access-block-scope').flatMap(dependent);
    const byLevel = (['account', 'bucket', 'object'] as const).map(
      (level) => `WHEN ${name} IN (${list(catalogueNames((entry) => entry.level === level && !isRecordDependent(entry)))}) THEN '${level}'`,
    );
    const management = this.dialect.managementEventText;
    const dataEvidence = [
      this.resourceOfTypes(S3_OBJECT_RESOURCE_TYPES),
      `${this.dialect.requestParameter(['key'])} IS NOT NULL`,
      `${this.column('eventCategory')} = 'Data'`,
      ...(management === null ? [] : [`${management} = 'false'`]),
    ];
    return [
      `CASE WHEN NOT (${this.isS3}) THEN NULL`,
      `WHEN ${name} IN (${list(dependent('public-access-block-scope'))}) THEN CASE WHEN ${bucketEvidence} THEN 'bucket' ELSE 'account' END`,
      `WHEN ${name} IN (${list(byCategory)}) THEN CASE WHEN ${this.category} = 'management' THEN 'bucket' ELSE 'object' END`,
      ...byLevel,
      `WHEN ${this.preflight} THEN 'bucket'`,
      `WHEN ${dataEvidence.join(' OR ')} THEN 'object'`,
      `WHEN ${this.host} LIKE '%.s3-control.%' THEN 'account'`,
      `WHEN ${bucketEvidence} THEN 'bucket'`,
      `ELSE 'account' END`,
    ].join(' ');
  }

  /** An AWS service made the call (noise/noiseFacts.ts byService). */
  get byService(): string {
    const invokedBy = present(this.column('identityInvokedBy'));
    return `(${this.column('identityType')} = 'AWSService' OR coalesce(${this.dialect.regexpLike(invokedBy, NOISE_RULES.servicePrincipal.source)}, false))`;
  }

  /** CloudTrail delivering or encrypting its own log files (noise/noiseFacts.ts trailDelivery). */
  get trailDelivery(): string {
    const source = this.column('eventSource');
    const byCloudTrail = `coalesce(${this.column('identityInvokedBy')} = ${sqlString(NOISE_RULES.cloudTrailPrincipal)}, false)`;
    const key = this.objectKey;
    const s3Delivery =
      `CASE WHEN ${key} IS NULL THEN coalesce(${this.column('eventName')} IN (${list(NOISE_RULES.deliveryBucketChecks)}), false) ` +
      `ELSE ${this.dialect.regexpLike(key, NOISE_RULES.deliveryKey.source)} END`;
    const encryptsForCloudTrail = `${this.dialect.requestParameter(['encryptionContext', 'aws:cloudtrail:arn'])} IS NOT NULL`;
    return (
      `CASE WHEN ${source} = 's3.amazonaws.com' AND ${byCloudTrail} THEN ${s3Delivery} ` +
      `WHEN ${source} = 'kms.amazonaws.com' THEN ${byCloudTrail} OR coalesce(${encryptsForCloudTrail}, false) ELSE false END`
    );
  }
}
