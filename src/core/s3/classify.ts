// S3 event level (account / bucket / object) and category of one CloudTrail record, with the evidence behind it.
// Called for every event at index time: a catalogue Map lookup first, and the result is shared (frozen) between
// records whose deciding fields are equal; only special cases and unlisted names build a fresh answer.
// Rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html (its older
// edition) and, for the record's own fields, which win over the catalogue,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html

import { eventCategoryOf, eventCategoryWords } from '../eventCategory';
import type { Classification, EventCategory, Evidence, RawRecord, S3Level } from '../types';
import { CATALOGUE_SOURCE_LABELS, S3_CATALOGUE, S3_EVENT_SOURCES, type CatalogueEntry } from './catalogue';
import { findResource, requestHost, requestParameters, S3_BUCKET_RESOURCE_TYPES, S3_OBJECT_RESOURCE_TYPES, stringField } from './recordFields';
import { RECORD_DEPENDENT_CASES, ruleInForce, SPECIAL_CASES, type SpecialCaseId } from './specialCases';

/** "management event", "Insights event", "network activity event". */
function categoryEventText(category: EventCategory): string {
  return `${eventCategoryWords(category)} event`;
}

const LEVEL_WORDS: Readonly<Record<S3Level, string>> = {
  account: 'account-level',
  bucket: 'bucket-level',
  object: 'object-level',
};

const LEVEL_WITH_ARTICLE: Readonly<Record<S3Level, string>> = {
  account: 'an account-level',
  bucket: 'a bucket-level',
  object: 'an object-level',
};

/** S3 Control requests go to <account-id>.s3-control.<region>.amazonaws.com. */
const S3_CONTROL_HOST_MARKER = '.s3-control.';

/**
 * Shared answers depend only on the name (or source) and three record fields: eventCategory (absent, one of the four
 * known values, or anything else), managementEvent and readOnly (absent, true, false). Each combination has a slot,
 * so the hot path allocates nothing once an answer exists.
 */
const CATEGORY_SLOTS: ReadonlyMap<string, number> = new Map([
  ['Management', 1],
  ['Data', 2],
  ['Insight', 3],
  ['NetworkActivity', 4],
]);
const OTHER_CATEGORY_SLOT = 5;
const SLOTS = 6 * 3 * 3;

function triState(value: unknown): number {
  if (value === true) return 1;
  if (value === false) return 2;
  return 0;
}

function decidingFieldsSlot(record: RawRecord): number {
  const category = record.eventCategory;
  const categorySlot =
    category === undefined ? 0 : typeof category === 'string' ? (CATEGORY_SLOTS.get(category) ?? OTHER_CATEGORY_SLOT) : OTHER_CATEGORY_SLOT;
  return categorySlot * 9 + triState(record.managementEvent) * 3 + triState(record.readOnly);
}

/** Bounded: event sources are a few hundred at most, but the values are untrusted. */
const SHARED_CACHE_LIMIT = 4096;
const sharedClassifications = new Map<string, Array<Classification | undefined>>();
const nonS3Classifications = new Map<string, Array<Classification | undefined>>();

function cachedSlots(cache: Map<string, Array<Classification | undefined>>, key: string): Array<Classification | undefined> | null {
  let slots = cache.get(key);
  if (slots === undefined) {
    if (cache.size >= SHARED_CACHE_LIMIT) return null;
    slots = new Array<Classification | undefined>(SLOTS);
    cache.set(key, slots);
  }
  return slots;
}

/** Level, category, read/write and the reason of one record; non-S3 events have no level. */
export function classifyEvent(record: RawRecord): Classification {
  const eventSource = record.eventSource;
  if (typeof eventSource !== 'string' || !S3_EVENT_SOURCES.has(eventSource)) return classifyNonS3(record, eventSource);
  const eventName = typeof record.eventName === 'string' ? record.eventName : '';
  const entry = S3_CATALOGUE.get(eventName);
  if (entry === undefined) {
    return isCorsPreflight(record) ? classifyUnnamedPreflight(record, eventName) : inferFromRecord(record, eventName);
  }
  if (entry.specialCase !== undefined && RECORD_DEPENDENT_CASES.has(entry.specialCase)) return classifySpecialCase(record, entry, entry.specialCase);
  if (eventName === 'DeleteObject' && record.eventType === 'AwsServiceEvent') return classifyDeleteObjectFanOut(record, entry);
  return sharedCatalogueClassification(record, entry);
}

function classifyNonS3(record: RawRecord, eventSource: unknown): Classification {
  const source = typeof eventSource === 'string' ? eventSource : '';
  const slots = cachedSlots(nonS3Classifications, source);
  const slot = decidingFieldsSlot(record);
  const cached = slots?.[slot];
  if (cached) return cached;
  const readOnly = typeof record.readOnly === 'boolean' ? record.readOnly : null;
  const stated = eventCategoryOf(record.eventCategory);
  let category = stated;
  if (stated === null && typeof record.managementEvent === 'boolean') category = record.managementEvent ? 'management' : 'data';
  const classification: Classification = freeze({
    isS3: false,
    level: null,
    category,
    readOnly,
    inferred: false,
    reason:
      source === ''
        ? 'The record has no eventSource, so it is not an Amazon S3 event and has no S3 level.'
        : `${source} is not an Amazon S3 event source, so the event has no S3 level.`,
    evidence: [{ field: 'eventSource', value: source, meaning: 'not one of the Amazon S3 event sources' }],
  });
  if (slots) slots[slot] = classification;
  return classification;
}

function sharedCatalogueClassification(record: RawRecord, entry: CatalogueEntry): Classification {
  const slots = cachedSlots(sharedClassifications, entry.eventName);
  const slot = decidingFieldsSlot(record);
  const cached = slots?.[slot];
  if (cached) return cached;
  const classification = freeze(catalogueClassification(record, entry, entry.level, entry.specialCase, []));
  if (slots) slots[slot] = classification;
  return classification;
}

/** Builds a catalogue-based classification; `extra` evidence comes first (it decided the level). */
function catalogueClassification(
  record: RawRecord,
  entry: CatalogueEntry,
  level: S3Level,
  specialCase: SpecialCaseId | undefined,
  extra: Evidence[],
  levelReason?: string,
): Classification {
  const category = decideCategory(record, entry.category);
  const evidence: Evidence[] = [
    ...extra,
    {
      field: 'eventName',
      value: entry.eventName,
      meaning: `listed in ${CATALOGUE_SOURCE_LABELS[entry.source]} as ${LEVEL_WORDS[entry.level]}${
        entry.soapAliasOf ? ` (SOAP name of ${entry.soapAliasOf})` : ''
      }`,
    },
    category.evidence,
  ];
  const readOnly = typeof record.readOnly === 'boolean' ? record.readOnly : entry.readOnly;
  const categoryText = categoryEventText(category.value);
  const listed = entry.soapAliasOf
    ? `it is the SOAP name of ${entry.soapAliasOf}, listed in ${CATALOGUE_SOURCE_LABELS[entry.source]}`
    : `it is listed in ${CATALOGUE_SOURCE_LABELS[entry.source]}`;
  const why = levelReason ?? (entry.note === undefined ? listed : `${listed} (${entry.note})`);
  const special = specialCase === undefined ? '' : ` ${ruleInForce(SPECIAL_CASES[specialCase], record.eventTime)}`;
  return {
    isS3: true,
    level,
    category: category.value,
    readOnly,
    inferred: false,
    reason: `${entry.eventName} is ${LEVEL_WITH_ARTICLE[level]} ${categoryText}: ${why}; ${category.phrase}.${special}`,
    evidence,
    specialCase: specialCase ?? (category.value === 'network-activity' ? 'network-activity' : undefined),
    apiReference: entry.apiReference,
  };
}

interface CategoryDecision {
  value: EventCategory;
  evidence: Evidence;
  /** Words for the reason sentence. */
  phrase: string;
}

/** The record's eventCategory wins, then managementEvent, then the catalogue default. */
function decideCategory(record: RawRecord, defaultCategory: EventCategory): CategoryDecision {
  const stated = eventCategoryOf(record.eventCategory);
  if (stated === 'network-activity') {
    return {
      value: stated,
      evidence: { field: 'eventCategory', value: 'NetworkActivity', meaning: SPECIAL_CASES['network-activity'].rule },
      phrase:
        "the record's eventCategory says NetworkActivity: the call went through a VPC endpoint and this is the endpoint owner's network activity record, neither a management nor a data event",
    };
  }
  if (stated !== null) {
    const agrees = stated === defaultCategory;
    return {
      value: stated,
      evidence: {
        field: 'eventCategory',
        value: String(record.eventCategory),
        meaning: agrees
          ? `the record says ${eventCategoryWords(stated)} event`
          : `the record says ${eventCategoryWords(stated)} event, not the usual ${eventCategoryWords(defaultCategory)}`,
      },
      phrase: agrees
        ? `the record's eventCategory says ${String(record.eventCategory)}`
        : `the record's eventCategory says ${String(record.eventCategory)} although this name is usually a ${eventCategoryWords(defaultCategory)} event`,
    };
  }
  if (typeof record.managementEvent === 'boolean') {
    const value: EventCategory = record.managementEvent ? 'management' : 'data';
    return {
      value,
      evidence: { field: 'managementEvent', value: String(record.managementEvent), meaning: `the record says ${eventCategoryWords(value)} event` },
      phrase: `the record's managementEvent is ${String(record.managementEvent)}`,
    };
  }
  return {
    value: defaultCategory,
    evidence: {
      field: 'eventCategory',
      value: '',
      meaning: `absent (record before eventVersion 1.07): ${eventCategoryWords(defaultCategory)} by default for this name`,
    },
    phrase: `the record has no eventCategory (older eventVersion), so the default ${eventCategoryWords(defaultCategory)} category applies`,
  };
}

/** Special cases whose answer depends on the record: listings, HeadBucket, DeleteObjects, PublicAccessBlock. */
function classifySpecialCase(record: RawRecord, entry: CatalogueEntry, specialCase: SpecialCaseId): Classification {
  if (specialCase === 'public-access-block-scope') return classifyPublicAccessBlock(record, entry);
  // ListObjects*, HeadBucket and DeleteObjects are bucket operations that CloudTrail logs as object-level data
  // events when a trail selects them; a copy recorded as a management event stays a bucket-level call.
  const category = decideCategory(record, entry.category).value;
  const extra: Evidence[] = [];
  const objectResource = findResource(record, S3_OBJECT_RESOURCE_TYPES);
  if (objectResource?.arn) {
    extra.push({
      field: `resources[${objectResource.index}].${objectResource.isPrefix ? 'ARNPrefix' : 'ARN'}`,
      value: objectResource.arn,
      meaning: objectResource.isPrefix ? 'the call covers a prefix of the bucket, not one object' : 'object named by the call',
    });
  }
  const prefix = requestParameters(record)?.prefix;
  if (typeof prefix === 'string') {
    extra.push({ field: 'requestParameters.prefix', value: prefix, meaning: prefix === '' ? 'empty prefix: the whole bucket' : 'key prefix listed' });
  }
  if (category === 'management') {
    return catalogueClassification(
      record,
      entry,
      'bucket',
      specialCase,
      extra,
      'the record is a management event, so this bucket operation counts at bucket level',
    );
  }
  return catalogueClassification(
    record,
    entry,
    'object',
    specialCase,
    extra,
    'a bucket operation that CloudTrail logs as an object-level data event',
  );
}

/** DeleteObject recorded for one key of a DeleteObjects request (June 2025 onward). */
function classifyDeleteObjectFanOut(record: RawRecord, entry: CatalogueEntry): Classification {
  const eventTime = typeof record.eventTime === 'string' ? record.eventTime : '';
  const changedOn = SPECIAL_CASES['delete-object-fan-out'].changedOn ?? '';
  if (eventTime.slice(0, 10) < changedOn) return sharedCatalogueClassification(record, entry);
  const extra: Evidence[] = [{ field: 'eventType', value: 'AwsServiceEvent', meaning: 'recorded by S3 for one key of a DeleteObjects request' }];
  return catalogueClassification(record, entry, 'object', 'delete-object-fan-out', extra);
}

/** The header every CORS preflight carries (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html). */
const PREFLIGHT_HEADER = 'Access-Control-Request-Method';
const PREFLIGHT_ENTRY = S3_CATALOGUE.get('OptionsObject') as CatalogueEntry;

function isCorsPreflight(record: RawRecord): boolean {
  const parameters = requestParameters(record);
  return parameters !== null && typeof parameters[PREFLIGHT_HEADER] === 'string';
}

/**
 * The eventName CloudTrail records for an OPTIONS preflight is not documented; a name missing from the catalogue
 * whose request carries the preflight header is treated as the preflight, which the S3 page counts as a
 * bucket-level action.
 */
function classifyUnnamedPreflight(record: RawRecord, eventName: string): Classification {
  const category = decideCategory(record, PREFLIGHT_ENTRY.category);
  const categoryText = categoryEventText(category.value);
  const name = eventName === '' ? 'This S3 event (no eventName)' : eventName;
  return {
    isS3: true,
    level: 'bucket',
    category: category.value,
    readOnly: typeof record.readOnly === 'boolean' ? record.readOnly : PREFLIGHT_ENTRY.readOnly,
    inferred: true,
    reason: `${name} is inferred to be a bucket-level ${categoryText}: its request carries ${PREFLIGHT_HEADER}, the mark of a CORS preflight (OPTIONS object); ${category.phrase}. ${SPECIAL_CASES['options-preflight'].rule}`,
    evidence: [
      { field: 'eventName', value: eventName, meaning: 'not in the catalogue of S3 events CloudTrail logs' },
      {
        field: `requestParameters.${PREFLIGHT_HEADER}`,
        value: String(requestParameters(record)?.[PREFLIGHT_HEADER]),
        meaning: 'a CORS preflight request (OPTIONS object)',
      },
      category.evidence,
    ],
    specialCase: 'options-preflight',
    apiReference: PREFLIGHT_ENTRY.apiReference,
  };
}

/** A rule of the tables below: the level a record has when `find` finds evidence in it. */
interface LevelRule {
  level: S3Level;
  find(record: RawRecord): Evidence | null;
}

/** Rules both tables use, each worded by its table. */
function bucketNameRule(meaning: string): LevelRule {
  return {
    level: 'bucket',
    find: (record) => {
      const bucketName = stringField(requestParameters(record)?.bucketName);
      return bucketName ? { field: 'requestParameters.bucketName', value: bucketName, meaning } : null;
    },
  };
}

function bucketResourceRule(meaning: string): LevelRule {
  return {
    level: 'bucket',
    find: (record) => {
      const bucket = findResource(record, S3_BUCKET_RESOURCE_TYPES);
      return bucket ? { field: `resources[${bucket.index}].type`, value: bucket.type, meaning } : null;
    },
  };
}

function s3ControlHostRule(meaning: string): LevelRule {
  return {
    level: 'account',
    find: (record) => {
      const host = requestHost(record);
      return host !== null && host.includes(S3_CONTROL_HOST_MARKER) ? { field: 'requestParameters.Host', value: host, meaning } : null;
    },
  };
}

/** Which evidence decides between the account-wide and the bucket Block Public Access setting. */
const PUBLIC_ACCESS_BLOCK_RULES: ReadonlyArray<LevelRule> = [
  bucketNameRule('the request names a bucket: the setting of that bucket'),
  bucketResourceRule('the record names a bucket resource: the setting of that bucket'),
  s3ControlHostRule('sent to the S3 Control endpoint: the account-wide setting'),
  {
    level: 'account',
    find: (record) => {
      const accountId = stringField(requestParameters(record)?.accountId);
      return accountId
        ? { field: 'requestParameters.accountId', value: accountId, meaning: 'the request names an account: the account-wide setting' }
        : null;
    },
  },
];

function classifyPublicAccessBlock(record: RawRecord, entry: CatalogueEntry): Classification {
  for (const rule of PUBLIC_ACCESS_BLOCK_RULES) {
    const evidence = rule.find(record);
    if (evidence) {
      return catalogueClassification(
        record,
        entry,
        rule.level,
        'public-access-block-scope',
        [evidence],
        `${evidence.field} decided: ${evidence.meaning}`,
      );
    }
  }
  const none: Evidence = { field: 'requestParameters', value: '', meaning: 'names no bucket and no S3 Control host' };
  return catalogueClassification(
    record,
    entry,
    'account',
    'public-access-block-scope',
    [none],
    'the record names no bucket, so the S3 Control (account-wide) setting is assumed',
  );
}

/** Evidence rules for names missing from the catalogue, in order: the first that finds evidence decides the level. */
const INFERENCE_RULES: ReadonlyArray<LevelRule> = [
  {
    level: 'object',
    find: (record) => {
      const resource = findResource(record, S3_OBJECT_RESOURCE_TYPES);
      if (resource === null) return null;
      return {
        field: `resources[${resource.index}].type`,
        value: resource.type,
        meaning: resource.isPrefix ? 'the record names an object prefix (bucket-scoped data call)' : 'the record names an object',
      };
    },
  },
  {
    level: 'object',
    find: (record) => {
      const key = stringField(requestParameters(record)?.key);
      return key !== null ? { field: 'requestParameters.key', value: key, meaning: 'the request names an object key' } : null;
    },
  },
  {
    level: 'object',
    find: (record) =>
      record.eventCategory === 'Data' ? { field: 'eventCategory', value: 'Data', meaning: 'S3 data events are object-level operations' } : null,
  },
  {
    level: 'object',
    find: (record) =>
      record.managementEvent === false
        ? { field: 'managementEvent', value: 'false', meaning: 'a data event: S3 data events are object-level operations' }
        : null,
  },
  s3ControlHostRule('sent to the S3 Control endpoint, which manages account-wide resources'),
  bucketResourceRule('the record names a bucket and no object'),
  bucketNameRule('the request names a bucket and no object'),
];

const ACCOUNT_FALLBACK_EVIDENCE: Evidence = {
  field: 'requestParameters',
  value: '',
  meaning: 'names no bucket and no object: an account-wide call',
};

/** A name missing from the catalogue: level and category from the record's own fields, marked as inferred. */
function inferFromRecord(record: RawRecord, eventName: string): Classification {
  let level: S3Level = 'account';
  let levelEvidence = ACCOUNT_FALLBACK_EVIDENCE;
  for (const rule of INFERENCE_RULES) {
    const evidence = rule.find(record);
    if (evidence) {
      level = rule.level;
      levelEvidence = evidence;
      break;
    }
  }
  const category = decideCategory(record, level === 'object' ? 'data' : 'management');
  const evidence: Evidence[] = [
    { field: 'eventName', value: eventName, meaning: 'not in the catalogue of S3 events CloudTrail logs' },
    levelEvidence,
  ];
  if (category.evidence.field !== levelEvidence.field) evidence.push(category.evidence);
  const name = eventName === '' ? 'This S3 event (no eventName)' : `${eventName} (not in the S3 event catalogue)`;
  const categoryText = categoryEventText(category.value);
  return {
    isS3: true,
    level,
    category: category.value,
    readOnly: typeof record.readOnly === 'boolean' ? record.readOnly : null,
    inferred: true,
    reason: `${name} is inferred to be ${LEVEL_WITH_ARTICLE[level]} ${categoryText}: ${levelEvidence.field} ${
      levelEvidence.value === '' ? '' : `= ${levelEvidence.value} `
    }— ${levelEvidence.meaning}; ${category.phrase}.`,
    evidence,
    specialCase: category.value === 'network-activity' ? 'network-activity' : undefined,
  };
}

function freeze(classification: Classification): Classification {
  for (const item of classification.evidence) Object.freeze(item);
  Object.freeze(classification.evidence);
  return Object.freeze(classification);
}
