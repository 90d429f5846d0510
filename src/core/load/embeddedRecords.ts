// Entries that hold their CloudTrail record as a JSON string instead of an object.

/**
 * The members that hold an entry's record as a JSON string: `aws cloudtrail lookup-events` entries' CloudTrailEvent
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Event.html), always a record, and CloudWatch Logs
 * events' message (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilteredLogEvent.html),
 * where a trail that sends its events to CloudWatch Logs leaves them, and where a log group may hold other messages
 * too (text that does not start an object is then not a record, rather than a broken one). No CloudTrail record has
 * either member at its top level.
 */
export const EMBEDDED_RECORDS: readonly { key: string; alwaysRecord: boolean }[] = [
  { key: 'CloudTrailEvent', alwaysRecord: true },
  { key: 'message', alwaysRecord: false },
];

export const EMBEDDED_RECORD_KEYS: readonly string[] = EMBEDDED_RECORDS.map(({ key }) => key);
