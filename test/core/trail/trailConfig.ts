// A trail configuration for tests: a multi-Region, logging trail of account 111122223333 with the default
// selector, from a file, changed by `overrides`.

import { defaultEventSelectors } from '../../../src/core/trail/parse';
import type { TrailConfig } from '../../../src/core/trail/types';

export function fileTrail(overrides: Partial<TrailConfig>): TrailConfig {
  return {
    name: 'test',
    source: 'file',
    file: 'test.json',
    line: 1,
    trailArn: 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/test',
    accountId: '111122223333',
    homeRegion: 'eu-west-1',
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    isOrganizationTrail: false,
    isLogging: true,
    startedLoggingAt: null,
    stoppedLoggingAt: null,
    timeline: [],
    failedCalls: [],
    eventSelectors: defaultEventSelectors(),
    advancedEventSelectors: null,
    selectorsAssumed: false,
    hasCustomEventSelectors: null,
    ...overrides,
  };
}
