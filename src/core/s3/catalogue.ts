// The catalogue of Amazon S3 API events that CloudTrail logs, with their level, default category, read/write nature
// and API reference. Built from the older edition of AWS's "Amazon S3 CloudTrail events" page (Amazon S3 User Guide:
// account-, bucket- and object-level tables) and completed from today's AWS documentation:
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-one-zone-logging.html
// The record itself stays authoritative (eventCategory, managementEvent, readOnly): the classifier prefers it.

import type { S3Level } from '../types';
import type { SpecialCaseId } from './specialCases';

/** Where a catalogue name comes from: one of the S3 page's tables, or later AWS documentation. */
export type CatalogueSource =
  'source-account-table' | 'source-bucket-table' | 'source-object-table' | 'source-conditional-list' | 'aws-documentation';

export interface CatalogueEntry {
  eventName: string;
  level: S3Level;
  /** Category CloudTrail uses by default for this name; the record's own eventCategory wins when present. */
  category: 'management' | 'data';
  readOnly: boolean;
  apiReference: string;
  source: CatalogueSource;
  /** Special case of the S3 page that applies to this name. */
  specialCase?: SpecialCaseId;
  /** The REST event name a deprecated SOAP operation is logged under, when this name is a SOAP alias. */
  soapAliasOf?: string;
  /** A remark the reason adds, where AWS's grouping surprises. */
  note?: string;
}

/** Remarks on names whose documented level surprises (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html). */
const NOTES: ReadonlyMap<string, string> = new Map([
  ['ListBuckets', 'it lists every bucket of the account, yet AWS files it among bucket-level actions'],
  ['ListDirectoryBuckets', 'it lists every directory bucket of the account, yet AWS files it among the Regional bucket management calls'],
]);

const API = 'https://docs.aws.amazon.com/AmazonS3/latest/API/';

/** Source document, "Amazon S3 account-level actions tracked by CloudTrail logging" (S3 Control API). */
const SOURCE_ACCOUNT_TABLE: ReadonlyArray<readonly [string, string]> = [
  ['DeletePublicAccessBlock', 'API_control_DeletePublicAccessBlock.html'],
  ['GetPublicAccessBlock', 'API_control_GetPublicAccessBlock.html'],
  ['PutPublicAccessBlock', 'API_control_PutPublicAccessBlock.html'],
];

/** Source document, "Amazon S3 bucket-level actions tracked by CloudTrail logging", with the links it gives. */
const SOURCE_BUCKET_TABLE: ReadonlyArray<readonly [string, string]> = [
  ['CreateBucket', 'RESTBucketPUT.html'],
  ['DeleteBucket', 'RESTBucketDELETE.html'],
  ['DeleteBucketCors', 'RESTBucketDELETEcors.html'],
  ['DeleteBucketEncryption', 'RESTBucketDELETEencryption.html'],
  ['DeleteBucketLifecycle', 'RESTBucketDELETElifecycle.html'],
  ['DeleteBucketPolicy', 'RESTBucketDELETEpolicy.html'],
  ['DeleteBucketReplication', 'RESTBucketDELETEreplication.html'],
  ['DeleteBucketTagging', 'RESTBucketDELETEtagging.html'],
  ['GetBucketCors', 'RESTBucketGETcors.html'],
  ['GetBucketEncryption', 'RESTBucketGETencryption.html'],
  // The S3 page links GetBucketLifecycle to the encryption page (a slip); this is the lifecycle page.
  ['GetBucketLifecycle', 'API_GetBucketLifecycleConfiguration.html'],
  ['GetBucketLocation', 'RESTBucketGETlocation.html'],
  ['GetBucketLogging', 'RESTBucketGETlogging.html'],
  ['GetBucketNotification', 'RESTBucketGETnotification.html'],
  ['GetBucketPolicy', 'RESTBucketGETpolicy.html'],
  ['GetBucketReplication', 'RESTBucketGETreplication.html'],
  ['GetBucketRequestPayment', 'RESTrequestPaymentGET.html'],
  ['GetBucketTagging', 'RESTBucketGETtagging.html'],
  ['GetBucketVersioning', 'RESTBucketGETversioningStatus.html'],
  ['GetBucketWebsite', 'RESTBucketGETwebsite.html'],
  ['ListBuckets', 'RESTServiceGET.html'],
  ['PutBucketAcl', 'RESTBucketPUTacl.html'],
  ['PutBucketCors', 'RESTBucketPUTcors.html'],
  ['PutBucketEncryption', 'RESTBucketPUTencryption.html'],
  ['PutBucketLifecycle', 'RESTBucketPUTlifecycle.html'],
  ['PutBucketLogging', 'RESTBucketPUTlogging.html'],
  ['PutBucketNotification', 'RESTBucketPUTnotification.html'],
  ['PutBucketPolicy', 'RESTBucketPUTpolicy.html'],
  ['PutBucketReplication', 'RESTBucketPUTreplication.html'],
  ['PutBucketRequestPayment', 'RESTrequestPaymentPUT.html'],
  ['PutBucketTagging', 'RESTBucketPUTtagging.html'],
  ['PutBucketVersioning', 'RESTBucketPUTVersioningStatus.html'],
  ['PutBucketWebsite', 'RESTBucketPUTwebsite.html'],
];

/** Source document, "Amazon S3 object-level actions tracked by AWS CloudTrail logging". */
const SOURCE_OBJECT_TABLE: ReadonlyArray<readonly [string, string]> = [
  ['AbortMultipartUpload', 'mpUploadAbort.html'],
  ['CompleteMultipartUpload', 'mpUploadComplete.html'],
  ['DeleteObject', 'RESTObjectDELETE.html'],
  ['GetObject', 'RESTObjectGET.html'],
  ['GetObjectAcl', 'RESTObjectGETacl.html'],
  ['GetObjectTagging', 'RESTObjectGETtagging.html'],
  ['GetObjectTorrent', 'RESTObjectGETtorrent.html'],
  ['HeadObject', 'RESTObjectHEAD.html'],
  ['CreateMultipartUpload', 'mpUploadInitiate.html'],
  ['ListParts', 'mpUploadListParts.html'],
  ['PostObject', 'RESTObjectPOST.html'],
  ['RestoreObject', 'RESTObjectPOSTrestore.html'],
  ['PutObject', 'RESTObjectPUT.html'],
  ['PutObjectAcl', 'RESTObjectPUTacl.html'],
  ['PutObjectTagging', 'RESTObjectPUTtagging.html'],
  ['CopyObject', 'RESTObjectCOPY.html'],
  ['UploadPart', 'mpUploadUploadPart.html'],
  ['UploadPartCopy', 'mpUploadUploadPartCopy.html'],
];

/**
 * Source document: bucket-level operations logged as object-level (data) events "under certain conditions", plus
 * DeleteObjects, which its object table also lists. The conditions are modelled in specialCases.ts.
 */
const SOURCE_CONDITIONAL_LIST: ReadonlyArray<readonly [string, string, SpecialCaseId]> = [
  ['ListObjects', 'RESTBucketGET.html', 'list-objects-prefix'],
  ['ListObjectsV2', 'v2-RESTBucketGET.html', 'list-objects-prefix'],
  ['ListObjectVersions', 'RESTBucketGETVersion.html', 'list-objects-prefix'],
  ['HeadBucket', 'RESTBucketHEAD.html', 'head-bucket-empty-prefix'],
  ['DeleteObjects', 'multiobjectdeleteapi.html', 'delete-objects-empty-prefix'],
];

/**
 * The OPTIONS object request (CORS preflight). The S3 page treats it as a bucket-level action because it
 * checks the bucket's CORS configuration. The eventName CloudTrail records for it is not documented, so the table
 * holds the operation's API names.
 */
const OPTIONS_PREFLIGHT_NAMES: ReadonlyArray<string> = ['OptionsObject', 'OPTIONS', 'PreflightRequest'];

/**
 * Bucket-level management events AWS documents today beyond the S3 page's table (event name → API page
 * when the API is named differently). https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
 * and, for directory buckets, https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-one-zone-logging.html
 */
const DOCUMENTED_BUCKET_LEVEL: ReadonlyArray<string | readonly [string, string]> = [
  'GetBucketAcl',
  'GetBucketOwnershipControls',
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  'GetBucketPolicyStatus',
  'GetBucketPublicAccessBlock',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  ['GetBucketObjectLockConfiguration', 'API_GetObjectLockConfiguration.html'],
  ['PutBucketObjectLockConfiguration', 'API_PutObjectLockConfiguration.html'],
  ['GetAccelerateConfiguration', 'API_GetBucketAccelerateConfiguration.html'],
  ['PutAccelerateConfiguration', 'API_PutBucketAccelerateConfiguration.html'],
  'GetBucketAnalyticsConfiguration',
  'PutBucketAnalyticsConfiguration',
  'DeleteBucketAnalyticsConfiguration',
  'GetBucketInventoryConfiguration',
  'PutBucketInventoryConfiguration',
  'DeleteBucketInventoryConfiguration',
  'GetBucketMetricsConfiguration',
  'PutBucketMetricsConfiguration',
  'DeleteBucketMetricsConfiguration',
  'GetBucketIntelligentTieringConfiguration',
  'PutBucketIntelligentTieringConfiguration',
  'DeleteBucketIntelligentTieringConfiguration',
  'DeleteBucketWebsite',
  'CreateBucketMetadataConfiguration',
  'GetBucketMetadataConfiguration',
  'DeleteBucketMetadataConfiguration',
  'CreateBucketMetadataTableConfiguration',
  'GetBucketMetadataTableConfiguration',
  'DeleteBucketMetadataTableConfiguration',
  'UpdateBucketMetadataJournalTableConfiguration',
  'UpdateBucketMetadataInventoryTableConfiguration',
  'UpdateBucketMetadataAnnotationTableConfiguration',
  // Directory buckets (s3express.amazonaws.com): listed among Regional management calls.
  'ListDirectoryBuckets',
  // Logged as a management event (documented for directory buckets, where it runs on the Zonal endpoint).
  'ListMultipartUploads',
];

/**
 * Object-level data events AWS documents today beyond the S3 page's table, per `resources.type`
 * (AWS::S3::Object, AWS::S3Express::Object, AWS::S3ObjectLambda::AccessPoint).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
 */
const DOCUMENTED_OBJECT_LEVEL: ReadonlyArray<string> = [
  'GetObjectAttributes',
  'GetObjectLegalHold',
  'PutObjectLegalHold',
  'GetObjectRetention',
  'PutObjectRetention',
  'DeleteObjectTagging',
  'SelectObjectContent',
  'PutObjectAnnotation',
  'GetObjectAnnotation',
  'ListObjectAnnotations',
  'DeleteObjectAnnotation',
  'UpdateObjectEncryption',
  // Directory buckets: session creation and rename on the Zonal endpoint (s3express.amazonaws.com).
  'CreateSession',
  'RenameObject',
  // Object Lambda access points (s3-object-lambda.amazonaws.com).
  'WriteGetObjectResponse',
];

/**
 * S3 Control API calls: they act on account-wide resources (Block Public Access for the account, access points,
 * Multi-Region Access Points, Storage Lens, Batch Operations jobs), sent to `<account>.s3-control.<region>.amazonaws.com`.
 * The account Block Public Access names are logged as *Account*PublicAccessBlock.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-monitoring-logging.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointCloudTrail.html
 */
const DOCUMENTED_ACCOUNT_LEVEL: ReadonlyArray<readonly [string, string]> = [
  ['GetAccountPublicAccessBlock', 'GetPublicAccessBlock'],
  ['PutAccountPublicAccessBlock', 'PutPublicAccessBlock'],
  ['DeleteAccountPublicAccessBlock', 'DeletePublicAccessBlock'],
  ...[
    'ListAccessPoints',
    'CreateAccessPoint',
    'DeleteAccessPoint',
    'GetAccessPoint',
    'GetAccessPointPolicy',
    'PutAccessPointPolicy',
    'DeleteAccessPointPolicy',
    'GetAccessPointPolicyStatus',
    'ListAccessPointsForObjectLambda',
    'CreateAccessPointForObjectLambda',
    'DeleteAccessPointForObjectLambda',
    'GetAccessPointForObjectLambda',
    'CreateMultiRegionAccessPoint',
    'DeleteMultiRegionAccessPoint',
    'GetMultiRegionAccessPoint',
    'ListMultiRegionAccessPoints',
    'GetMultiRegionAccessPointPolicy',
    'GetMultiRegionAccessPointPolicyStatus',
    'PutMultiRegionAccessPointPolicy',
    'DescribeMultiRegionAccessPointOperation',
    'GetStorageLensConfiguration',
    'PutStorageLensConfiguration',
    'DeleteStorageLensConfiguration',
    'ListStorageLensConfigurations',
    'GetStorageLensConfigurationTagging',
    'PutStorageLensConfigurationTagging',
    'DeleteStorageLensConfigurationTagging',
    'CreateJob',
    'DescribeJob',
    'ListJobs',
    'UpdateJobPriority',
    'UpdateJobStatus',
  ].map((name) => [name, name] as const),
];

/**
 * Deprecated SOAP operations are logged under their REST event names; the SOAP names can still appear in old logs.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
 */
const SOAP_ALIASES: ReadonlyArray<readonly [string, string]> = [
  ['ListAllMyBuckets', 'ListBuckets'],
  ['GetBucketAccessControlPolicy', 'GetBucketAcl'],
  ['SetBucketAccessControlPolicy', 'PutBucketAcl'],
  ['GetBucketLoggingStatus', 'GetBucketLogging'],
  ['SetBucketLoggingStatus', 'PutBucketLogging'],
];

/** Read-only names start with one of these verbs (used once, while building the table). */
const READ_VERBS = ['Get', 'Head', 'List', 'Select', 'Describe'];

function isReadName(name: string): boolean {
  return READ_VERBS.some((verb) => name.startsWith(verb));
}

function buildCatalogue(): Map<string, CatalogueEntry> {
  const catalogue = new Map<string, CatalogueEntry>();
  const add = (entry: CatalogueEntry): void => {
    const note = NOTES.get(entry.eventName);
    if (!catalogue.has(entry.eventName)) catalogue.set(entry.eventName, note === undefined ? entry : { ...entry, note });
  };
  // The S3 page lists these three in its account-level and in its bucket-level table: the record decides.
  for (const [eventName, page] of SOURCE_ACCOUNT_TABLE) {
    add({
      eventName,
      level: 'account',
      category: 'management',
      readOnly: isReadName(eventName),
      apiReference: API + page,
      source: 'source-account-table',
      specialCase: 'public-access-block-scope',
    });
  }
  for (const [eventName, page] of SOURCE_BUCKET_TABLE) {
    add({
      eventName,
      level: 'bucket',
      category: 'management',
      readOnly: isReadName(eventName),
      apiReference: API + page,
      source: 'source-bucket-table',
    });
  }
  for (const [eventName, page] of SOURCE_OBJECT_TABLE) {
    add({ eventName, level: 'object', category: 'data', readOnly: isReadName(eventName), apiReference: API + page, source: 'source-object-table' });
  }
  for (const [eventName, page, specialCase] of SOURCE_CONDITIONAL_LIST) {
    add({
      eventName,
      level: 'object',
      category: 'data',
      readOnly: isReadName(eventName),
      apiReference: API + page,
      source: 'source-conditional-list',
      specialCase,
    });
  }
  for (const eventName of OPTIONS_PREFLIGHT_NAMES) {
    add({
      eventName,
      level: 'bucket',
      category: 'management',
      readOnly: true,
      apiReference: `${API}RESTOPTIONSobject.html`,
      source: 'source-bucket-table',
      specialCase: 'options-preflight',
    });
  }
  for (const item of DOCUMENTED_BUCKET_LEVEL) {
    const [eventName, page] = typeof item === 'string' ? [item, `API_${item}.html`] : item;
    add({
      eventName,
      level: 'bucket',
      category: 'management',
      readOnly: isReadName(eventName),
      apiReference: API + page,
      source: 'aws-documentation',
    });
  }
  for (const eventName of DOCUMENTED_OBJECT_LEVEL) {
    add({
      eventName,
      level: 'object',
      category: 'data',
      readOnly: isReadName(eventName),
      apiReference: `${API}API_${eventName}.html`,
      source: 'aws-documentation',
    });
  }
  for (const [eventName, controlApi] of DOCUMENTED_ACCOUNT_LEVEL) {
    add({
      eventName,
      level: 'account',
      category: 'management',
      readOnly: isReadName(eventName),
      apiReference: `${API}API_control_${controlApi}.html`,
      source: 'aws-documentation',
    });
  }
  for (const [soapName, restName] of SOAP_ALIASES) {
    const rest = catalogue.get(restName);
    if (rest) add({ ...rest, eventName: soapName, soapAliasOf: restName, specialCase: 'soap-operation' });
  }
  return catalogue;
}

/** Every S3 event name the catalogue knows, keyed by CloudTrail `eventName`. */
export const S3_CATALOGUE: ReadonlyMap<string, CatalogueEntry> = buildCatalogue();

/** Event sources of the S3 family whose events carry an S3 level. */
export const S3_EVENT_SOURCES: ReadonlyMap<string, string> = new Map([
  ['s3.amazonaws.com', 'Amazon S3 (general purpose buckets, S3 Control)'],
  ['s3express.amazonaws.com', 'Amazon S3 Express One Zone (directory buckets)'],
  ['s3-outposts.amazonaws.com', 'Amazon S3 on Outposts'],
  ['s3-object-lambda.amazonaws.com', 'Amazon S3 Object Lambda'],
]);

/** Human label of where a catalogue entry comes from. */
export const CATALOGUE_SOURCE_LABELS: Readonly<Record<CatalogueSource, string>> = {
  'source-account-table': "the account-level table of AWS's “Amazon S3 CloudTrail events” page",
  'source-bucket-table': "the bucket-level table of AWS's “Amazon S3 CloudTrail events” page",
  'source-object-table': "the object-level table of AWS's “Amazon S3 CloudTrail events” page",
  'source-conditional-list':
    "the list of bucket operations logged as object-level events under conditions of AWS's “Amazon S3 CloudTrail events” page",
  'aws-documentation': 'the current AWS documentation of S3 CloudTrail events',
};
