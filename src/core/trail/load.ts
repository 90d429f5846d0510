// Reads trail configuration files (read-only), merges a describe-trails description with the get-event-selectors
// output of the same trail (same TrailARN) found in another file, and pairs get-trail-status outputs with their trail.

import { readFile } from 'node:fs/promises';
import { parseTrailConfigurations, type ParsedTrailFile, type PendingStatus } from './parse';
import type { ConfigError, TrailConfig } from './types';

export async function loadTrailConfigurationFiles(paths: string[]): Promise<{ trails: TrailConfig[]; errors: ConfigError[] }> {
  const parsed: ParsedTrailFile[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      const error = { file: path, line: 1, column: 1, message: `Cannot read the trail configuration (${(cause as Error).message}).` };
      parsed.push({ trails: [], statuses: [], errors: [error] });
      continue;
    }
    parsed.push(parseTrailConfigurations(text, path));
  }
  return combineTrailFiles(parsed);
}

/** The trails of several configuration files: merged by TrailARN, each get-trail-status output applied to its trail. */
export function combineTrailFiles(files: ReadonlyArray<ParsedTrailFile>): { trails: TrailConfig[]; errors: ConfigError[] } {
  const trails = mergeByTrailArn(files.flatMap((file) => file.trails));
  const errors = files.flatMap((file) => file.errors);
  for (const status of files.flatMap((file) => file.statuses)) {
    const index = trails.findIndex((trail) => statusBelongsTo(status, trail));
    if (index === -1) {
      errors.push({
        file: status.file,
        line: status.line,
        column: 1,
        message:
          'This get-trail-status output names no trail it can be paired with: add a "Name" or "TrailARN" key, or name the file <trail>.status.json beside <trail>.trail.json.',
      });
      continue;
    }
    const trail = trails[index] as TrailConfig;
    trails[index] = {
      ...trail,
      isLogging: status.isLogging ?? trail.isLogging,
      startedLoggingAt: status.startedLoggingAt ?? trail.startedLoggingAt,
      stoppedLoggingAt: status.stoppedLoggingAt ?? trail.stoppedLoggingAt,
    };
  }
  return { trails, errors };
}

const STATUS_FILE_SUFFIX = '.status.json';
const TRAIL_FILE_SUFFIXES = ['.trail.json', '.trail.jsonc'];

/** Pairs by the key the user added, else by file name: `<trail>.status.json` goes with `<trail>.trail.json` or the trail named `<trail>`. */
function statusBelongsTo(status: PendingStatus, trail: TrailConfig): boolean {
  if (status.trailKey !== null) return status.trailKey === trail.trailArn || status.trailKey === trail.name;
  if (!status.file.endsWith(STATUS_FILE_SUFFIX)) return false;
  const stem = status.file.slice(0, -STATUS_FILE_SUFFIX.length);
  const slash = Math.max(stem.lastIndexOf('/'), stem.lastIndexOf('\\'));
  if (stem.slice(slash + 1) === trail.name) return true;
  return trail.file !== null && TRAIL_FILE_SUFFIXES.some((suffix) => trail.file === stem + suffix);
}

/** A trail described in one file and whose selectors come from another collapses into one configuration. */
function mergeByTrailArn(trails: TrailConfig[]): TrailConfig[] {
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
      startedLoggingAt: description.startedLoggingAt ?? withSelectors.startedLoggingAt,
      stoppedLoggingAt: description.stoppedLoggingAt ?? withSelectors.stoppedLoggingAt,
      hasCustomEventSelectors: description.hasCustomEventSelectors ?? withSelectors.hasCustomEventSelectors,
      eventSelectors: withSelectors.eventSelectors,
      advancedEventSelectors: withSelectors.advancedEventSelectors,
      selectorsAssumed: withSelectors.selectorsAssumed,
    };
  }
  return merged;
}
