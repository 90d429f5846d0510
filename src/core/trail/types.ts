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

export interface TrailConfig {
  name: string;
  /** File the configuration came from, and the 1-based line where the trail is described. */
  file: string;
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
  file: string;
  logged: boolean;
  /** Sentences, the deciding one first. */
  reasons: string[];
  tree: ExplanationNode;
}
