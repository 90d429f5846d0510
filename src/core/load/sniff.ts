// Telling a CloudTrail log from other JSON by the start of its text, before indexing it: the editor integration
// sniffs every .json a tab shows, and only logs may join the event set.

/** Members of a log, a record or a lookup-events entry; `\"eventVersion\":` is a record inside a JSON string (embeddedRecords.ts). */
const CLOUDTRAIL_MARKERS =
  /"Records"\s*:\s*\[|"eventVersion"\s*:|\\"eventVersion\\"\s*:|"CloudTrailEvent"\s*:|"eventSource"\s*:\s*"[^"]*amazonaws\.com"/;
/** Digest files name no records but are CloudTrail's own: they are kept apart, never read as events. */
const DIGEST_MARKER = /"digestStartTime"\s*:/;

/** True when the start of a text looks like CloudTrail records in one of the shapes the engine reads. */
export function looksLikeCloudTrail(head: string): boolean {
  return CLOUDTRAIL_MARKERS.test(head) && !DIGEST_MARKER.test(head);
}
