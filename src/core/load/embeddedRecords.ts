// Entries that hold their CloudTrail record as a JSON string instead of an object.

/**
 * The members that hold an entry's record as a JSON string: `aws cloudtrail lookup-events` entries' CloudTrailEvent
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Event.html), and CloudWatch Logs events' message
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilteredLogEvent.html), where a trail that
 * sends its events to CloudWatch Logs leaves them. No CloudTrail record has either member at its top level.
 */
export const EMBEDDED_RECORD_KEYS = ['CloudTrailEvent', 'message'] as const;
