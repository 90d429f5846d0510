// Trail configurations and trail-match explanations.
// Trail: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
// Basic selectors: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html
// Advanced selectors: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedEventSelector.html

export type ReadWriteType = 'All' | 'ReadOnly' | 'WriteOnly';

export interface DataResource {
  Type: string;
  Values: string[];
}

export interface BasicEventSelector {
  ReadWriteType: ReadWriteType;
  IncludeManagementEvents: boolean;
  ExcludeManagementEventSources: string[];
  DataResources: DataResource[];
}

export type FieldOperator = 'Equals' | 'NotEquals' | 'StartsWith' | 'NotStartsWith' | 'EndsWith' | 'NotEndsWith';

export const SELECT_OPERATORS: ReadonlyArray<FieldOperator> = ['Equals', 'StartsWith', 'EndsWith'];
export const DESELECT_OPERATORS: ReadonlyArray<FieldOperator> = ['NotEquals', 'NotStartsWith', 'NotEndsWith'];

export type AdvancedFieldSelector = { Field: string } & Partial<Record<FieldOperator, string[]>>;

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: AdvancedFieldSelector[];
}

/** Where a trail's configuration comes from: a configuration file the user gave, or rebuilt from the logs. */
export type TrailSource = 'file' | 'logs';

/** A trail's configuration as a change left it; null fields are not known from the logs seen so far. */
export interface TrailState {
  /** False after DeleteTrail. */
  exists: boolean;
  isLogging: boolean | null;
  isMultiRegionTrail: boolean | null;
  includeGlobalServiceEvents: boolean | null;
  isOrganizationTrail: boolean | null;
  /** Exactly one of the two is set once the selectors are known; both null while they are not. */
  eventSelectors: BasicEventSelector[] | null;
  advancedEventSelectors: AdvancedEventSelector[] | null;
  s3BucketName: string | null;
  logFileValidationEnabled: boolean | null;
}

/** One change of a trail's configuration, made by a CloudTrail API call recorded in the logs. */
export interface TrailChange {
  /** eventTime of the call: the configuration is in force from then. */
  from: string;
  eventID: string | null;
  eventName: string;
  /** What the call changed, as a sentence. */
  change: string;
  /** Who made the call (principal ARN or best name). */
  by: string | null;
  file: string;
  recordIndex: number;
  /** Why this change can hide activity (defence evasion), or null. */
  evasion: string | null;
  /** The configuration after the change. */
  config: TrailState;
}

/** A call on the trail that failed: it changed nothing, but an attempt to stop or delete a trail is worth seeing. */
export interface FailedTrailCall {
  at: string;
  eventID: string | null;
  eventName: string;
  errorCode: string;
  by: string | null;
  file: string;
  recordIndex: number;
}

export interface TrailConfig {
  name: string;
  source: TrailSource;
  /** File the configuration came from, and the 1-based line where the trail is described; null for trails rebuilt from the logs. */
  file: string | null;
  line: number;
  trailArn: string | null;
  /** Account that owns the trail, from its ARN. */
  accountId: string | null;
  homeRegion: string | null;
  /** null when the configuration does not say (CloudFormation templates leave the Region to the stack). */
  isMultiRegionTrail: boolean | null;
  includeGlobalServiceEvents: boolean | null;
  isOrganizationTrail: boolean;
  /** From get-trail-status or the CloudFormation IsLogging property; null when unknown. */
  isLogging: boolean | null;
  /** get-trail-status StartLoggingTime / StopLoggingTime (the latest start and stop), ISO times; null when not given. */
  startedLoggingAt: string | null;
  stoppedLoggingAt: string | null;
  /** Trails rebuilt from the logs: every change seen, oldest first (the fields above hold the latest state). */
  timeline: TrailChange[];
  failedCalls: FailedTrailCall[];
  /** Exactly one of the two is set; a trail without selectors gets the default basic selector. */
  eventSelectors: BasicEventSelector[] | null;
  advancedEventSelectors: AdvancedEventSelector[] | null;
  /** True when the default selector was assumed because the configuration gave none. */
  selectorsAssumed: boolean;
  /** describe-trails HasCustomEventSelectors: true means the real selectors differ from the default. */
  hasCustomEventSelectors: boolean | null;
}

export interface ConfigError {
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  message: string;
}

export type NodeOutcome = 'matched' | 'not-matched' | 'info';

/** One node of an explanation tree: trail → selector → field condition → the event's value. JSON-serialisable. */
export interface ExplanationNode {
  label: string;
  outcome: NodeOutcome;
  /** Record field the node is about (eventCategory, resources.ARN…). */
  field?: string;
  /** The condition, e.g. `StartsWith ["arn:aws:s3:::bucket/"]`. */
  condition?: string;
  /** The event's actual value(s) for the field; null when the record does not carry it. */
  actual?: string | string[] | null;
  children?: ExplanationNode[];
}

export interface TrailVerdict {
  name: string;
  source: TrailSource;
  file: string | null;
  /** null when the logs do not tell (before the first change seen of a trail rebuilt from them). */
  logged: boolean | null;
  /** The change of the trail's configuration that decided the verdict, for trails with a timeline. */
  decidedBy: TrailChange | null;
  /** Sentences, the deciding one first. */
  reasons: string[];
  tree: ExplanationNode;
}
