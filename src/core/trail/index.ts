// Trail configurations and trail-match explanations: the public surface of this folder.
export { parseTrailConfigurations } from './parse';
export { loadTrailConfigurationFiles, mergeByTrailArn } from './load';
export { explainTrail } from './explain';
export { explainDefaults } from './defaults';
export type { DefaultsExplanation } from './defaults';
export { crossAccountDelivery } from './crossAccount';
export type { CrossAccountDelivery, DeliveryRecipient } from './crossAccount';
export { explainEvent } from './eventExplanation';
export type { EventExplanation } from './eventExplanation';
export { explanationLines } from './format';

export type {
  AdvancedEventSelector,
  AdvancedFieldSelector,
  BasicEventSelector,
  ConfigError,
  DataResource,
  ExplanationNode,
  FieldOperator,
  NodeOutcome,
  ReadWriteType,
  TrailConfig,
  TrailVerdict,
} from './types';
