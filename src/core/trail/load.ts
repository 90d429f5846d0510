// Reads trail configuration files (read-only) and merges a describe-trails description with the
// get-event-selectors output of the same trail (same TrailARN) found in another file.

import { readFile } from 'node:fs/promises';
import { parseTrailConfigurations } from './parse';
import type { ConfigError, TrailConfig } from './types';

export async function loadTrailConfigurationFiles(paths: string[]): Promise<{ trails: TrailConfig[]; errors: ConfigError[] }> {
  const trails: TrailConfig[] = [];
  const errors: ConfigError[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      errors.push({ file: path, line: 1, column: 1, message: `Cannot read the trail configuration (${(cause as Error).message}).` });
      continue;
    }
    const parsed = parseTrailConfigurations(text, path);
    trails.push(...parsed.trails);
    errors.push(...parsed.errors);
  }
  return { trails: mergeByTrailArn(trails), errors };
}

/** A trail described in one file and whose selectors come from another collapses into one configuration. */
export function mergeByTrailArn(trails: TrailConfig[]): TrailConfig[] {
  const merged: TrailConfig[] = [];
  const byArn = new Map<string, number>();
  for (const trail of trails) {
    const index = trail.trailArn === null ? undefined : byArn.get(trail.trailArn);
    if (index === undefined) {
      if (trail.trailArn !== null) byArn.set(trail.trailArn, merged.length);
      merged.push(trail);
      continue;
    }
    const earlier = merged[index] as TrailConfig;
    const withSelectors = earlier.selectorsAssumed ? trail : earlier;
    const description = earlier.selectorsAssumed ? earlier : trail;
    merged[index] = {
      ...description,
      homeRegion: description.homeRegion ?? withSelectors.homeRegion,
      isMultiRegionTrail: description.isMultiRegionTrail ?? withSelectors.isMultiRegionTrail,
      includeGlobalServiceEvents: description.includeGlobalServiceEvents ?? withSelectors.includeGlobalServiceEvents,
      isLogging: description.isLogging ?? withSelectors.isLogging,
      hasCustomEventSelectors: description.hasCustomEventSelectors ?? withSelectors.hasCustomEventSelectors,
      eventSelectors: withSelectors.eventSelectors,
      advancedEventSelectors: withSelectors.advancedEventSelectors,
      selectorsAssumed: withSelectors.selectorsAssumed,
    };
  }
  return merged;
}
