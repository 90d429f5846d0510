// What the surfaces call the Amazon S3 event levels, in one table: the tree's top groups, the panel, the tooltips.
// The levels are those of https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html
import type { S3Level } from '../core';

/** An S3 level, or the tree's group for every other event. */
export type LevelGroup = S3Level | 'other';

export const LEVEL_GROUPS: readonly LevelGroup[] = ['account', 'bucket', 'object', 'other'];

interface LevelText {
  label: string;
  /** Codicon id. */
  icon: string;
  tooltip: string;
}

export const LEVEL_TEXT: Readonly<Record<LevelGroup, LevelText>> = {
  account: {
    label: 'Account-level',
    icon: 'organization',
    tooltip:
      'Amazon S3 account-level events: requests about the account’s S3 configuration (ListBuckets, public access block of the account, Storage Lens, access points…). Management events.',
  },
  bucket: {
    label: 'Bucket-level',
    icon: 'database',
    tooltip:
      'Amazon S3 bucket-level events: requests on a bucket and its configuration (CreateBucket, PutBucketPolicy, GetBucketAcl…). Management events, logged by default.',
  },
  object: {
    label: 'Object-level (data events)',
    icon: 'file-binary',
    tooltip:
      'Amazon S3 object-level events: requests on objects (GetObject, PutObject, DeleteObject…). Data events, logged only when a trail selects them.',
  },
  other: { label: 'Other services', icon: 'cloud', tooltip: 'Events of other AWS services (and S3 events whose level could not be decided).' },
};

export function isLevelGroup(value: string | null): value is LevelGroup {
  return value !== null && (LEVEL_GROUPS as readonly string[]).includes(value);
}
