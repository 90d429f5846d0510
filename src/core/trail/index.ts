// Trail configurations and trail-match explanations: the public surface of this folder.
export { parseTrailConfigurations, defaultEventSelectors } from './parse';
export { loadTrailConfigurationFiles, mergeByTrailArn } from './load';
export { explainTrail, isGlobalServiceEvent } from './explain';
export { explainDefaults } from './defaults';
export type { DefaultsExplanation } from './defaults';
export { crossAccountDelivery } from './crossAccount';
export type { CrossAccountDelivery, DeliveryRecipient } from './crossAccount';
export { explainEvent } from './eventExplanation';
export type { EventExplanation } from './eventExplanation';
export { explanationLines, formatExplanation, formatTree } from './format';
export { advancedSelectorsMatch, fieldSelectorPasses } from './advanced';
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
