// Changes to a trail that hide activity (MITRE ATT&CK T1562.008, "Impair Defenses: Disable or Modify Cloud Logs"):
// stopping or deleting the trail, narrowing what it records, moving its log files, or turning off their validation.
// https://attack.mitre.org/techniques/T1562/008/
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html

import type { AdvancedEventSelector, BasicEventSelector, TrailState } from './types';

/** What a set of basic selectors records, as comparable facts ("management write", "data read AWS::S3::Object arn:…"). */
function basicCoverage(selectors: ReadonlyArray<BasicEventSelector>): Set<string> {
  const facts = new Set<string>();
  for (const selector of selectors) {
    const modes = selector.ReadWriteType === 'All' ? ['read', 'write'] : [selector.ReadWriteType === 'ReadOnly' ? 'read' : 'write'];
    for (const mode of modes) {
      if (selector.IncludeManagementEvents) facts.add(`management ${mode} events`);
      for (const resource of selector.DataResources)
        for (const value of resource.Values) facts.add(`data ${mode} events of ${resource.Type} ${value}`);
    }
  }
  return facts;
}

function excludedSources(selectors: ReadonlyArray<BasicEventSelector>): Set<string> {
  return new Set(selectors.flatMap((selector) => (selector.IncludeManagementEvents ? selector.ExcludeManagementEventSources : [])));
}

/** An advanced selector's conditions in a canonical order, so that equal selectors compare equal. */
function canonical(selector: AdvancedEventSelector): string {
  return JSON.stringify(selector.FieldSelectors.map((field) => JSON.stringify(Object.entries(field).sort(([a], [b]) => a.localeCompare(b)))).sort());
}

/** What the new selectors stop recording that the old ones recorded, or null when nothing is lost (or nothing is known). */
function selectorLoss(before: TrailState, after: TrailState): string | null {
  // Most changes (StartLogging, StopLogging, UpdateTrail) keep the very selectors they found.
  if (before.eventSelectors === after.eventSelectors && before.advancedEventSelectors === after.advancedEventSelectors) return null;
  if (before.eventSelectors !== null && after.eventSelectors !== null) {
    const kept = basicCoverage(after.eventSelectors);
    const lost = [...basicCoverage(before.eventSelectors)].filter((fact) => !kept.has(fact));
    const wasExcluded = excludedSources(before.eventSelectors);
    const newlyExcluded = [...excludedSources(after.eventSelectors)].filter((source) => !wasExcluded.has(source));
    if (newlyExcluded.length > 0) lost.push(`management events of ${newlyExcluded.join(', ')}`);
    return lost.length === 0 ? null : `the trail stops recording ${lost.join('; ')}`;
  }
  if (before.advancedEventSelectors !== null && after.advancedEventSelectors !== null) {
    const kept = new Set(after.advancedEventSelectors.map(canonical));
    const removed = before.advancedEventSelectors.filter((selector) => !kept.has(canonical(selector)));
    if (removed.length === 0) return null;
    const names = removed.map((selector, index) => selector.Name ?? `selector ${index + 1}`);
    return `advanced selector(s) ${names.map((name) => JSON.stringify(name)).join(', ')} removed or changed: check what the trail stops recording`;
  }
  const knownBefore = before.eventSelectors !== null || before.advancedEventSelectors !== null;
  const knownAfter = after.eventSelectors !== null || after.advancedEventSelectors !== null;
  if (knownBefore && knownAfter)
    return 'the selectors were replaced by the other kind (basic and advanced): check they still record what the old ones did';
  return null;
}

/** Each rule: a reason when the change from `before` to `after` hides activity. */
const EVASION_RULES: ReadonlyArray<(eventName: string, before: TrailState, after: TrailState) => string | null> = [
  (eventName) => (eventName === 'StopLogging' ? 'logging stopped: nothing is recorded until StartLogging' : null),
  (eventName) => (eventName === 'DeleteTrail' ? 'trail deleted: nothing is recorded by it any more' : null),
  (_name, before, after) =>
    before.s3BucketName !== null && after.s3BucketName !== null && before.s3BucketName !== after.s3BucketName
      ? `log files now go to bucket ${after.s3BucketName} (was ${before.s3BucketName})`
      : null,
  (_name, before, after) =>
    before.logFileValidationEnabled === true && after.logFileValidationEnabled === false
      ? 'log file validation turned off: later log files cannot be proven intact'
      : null,
  (_name, before, after) =>
    before.isMultiRegionTrail === true && after.isMultiRegionTrail === false ? 'the trail now records its home Region only' : null,
  (_name, before, after) =>
    before.includeGlobalServiceEvents === true && after.includeGlobalServiceEvents === false
      ? 'global service events (IAM, STS, sign-in…) are no longer recorded'
      : null,
  (_name, before, after) => selectorLoss(before, after),
];

/** Why a change hides activity, every reason joined, or null. */
export function evasionOf(eventName: string, before: TrailState, after: TrailState): string | null {
  let reasons: string | null = null;
  for (const rule of EVASION_RULES) {
    const reason = rule(eventName, before, after);
    if (reason !== null) reasons = reasons === null ? reason : `${reasons}; ${reason}`;
  }
  return reasons;
}
