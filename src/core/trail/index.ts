// Trail configurations and trail-match explanations: the public surface of this folder.
export { parseTrailConfigurations } from './parse';
export type { ParsedTrailFile } from './parse';
export { loadTrailConfigurationFiles, combineTrailFiles } from './load';
export { explainTrail } from './explain';
export { rebuildTrails, TRAIL_CHANGE_EVENTS } from './history';
export type { TrailCallRecord } from './history';
export { trailsFromLogs, trailsFromLogsSteps, judgeableTrails } from './trailsFromLogs';
export { describeChange, trailAt } from './moment';
export type { LoggingAtEvent, LoggingState, TrailMoment } from './moment';
export { explainDefaults } from './defaults';
export type { DefaultsExplanation } from './defaults';
export { crossAccountDelivery } from './crossAccount';
export type { CrossAccountDelivery, DeliveryRecipient } from './crossAccount';
export { explainEvent } from './eventExplanation';
export type { EventExplanation } from './eventExplanation';
export { conditionText, explanationLines } from './format';
export { trailArnParts } from './trailArn';
export type { TrailArnParts } from './trailArn';

export type {
  AdvancedEventSelector,
  AdvancedFieldSelector,
  BasicEventSelector,
  ConfigError,
  DataResource,
  ExplanationNode,
  FailedTrailCall,
  FieldOperator,
  NodeOutcome,
  ReadWriteType,
  TrailChange,
  TrailConfig,
  TrailSource,
  TrailState,
  TrailVerdict,
} from './types';
