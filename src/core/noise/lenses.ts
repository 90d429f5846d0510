// The noise lenses: kinds of events a responder usually wants out of sight (machines talking to themselves), each a
// query term (`noise:service`…), so the tree, the overview, searches and the CLI hide the same events.

import { BY_SERVICE_BIT, FLAG_MASKS, FLAG_SHIFTS, FLAG_VALUE_CODES, TRAIL_DELIVERY_BIT } from '../load/indexSchema';

/** A noise lens by name. */
export type NoiseLens = 'service' | 'delivery' | 'readonly' | 'monitoring';

/** What a lens hides, in words, and how the index tells (a flags test; monitoring is a principal pattern instead). */
export interface NoiseLensInfo {
  title: string;
  description: string;
}

export const NOISE_LENSES: Readonly<Record<NoiseLens, NoiseLensInfo>> = {
  service: {
    title: 'Calls made by AWS services',
    description: 'userIdentity.type AWSService, or invokedBy a service principal (a service acting with its own or a forward access session)',
  },
  delivery: {
    title: "CloudTrail's own log delivery",
    description: 'CloudTrail writing AWSLogs/…/CloudTrail*/ objects, the bucket checks before it, and the KMS calls that encrypt them',
  },
  readonly: { title: 'Read-only calls', description: 'events whose readOnly is true (Get*, List*, Describe*, Head*)' },
  monitoring: {
    title: 'Your own monitoring',
    description: 'callers matching the principal patterns of the setting cloudtrailLens.monitoringPrincipals (a monitoring tool, a scanner)',
  },
};

/** Every lens, in the order they are offered. */
export const NOISE_LENS_NAMES = Object.keys(NOISE_LENSES) as NoiseLens[];

/** `noise:hide` stands for the lenses of machine noise: services, CloudTrail's delivery, and the user's monitoring. */
export const HIDE_LENSES: readonly NoiseLens[] = ['service', 'delivery', 'monitoring'];

const READ_ONLY_TRUE = FLAG_VALUE_CODES.readOnly['true'] << FLAG_SHIFTS.readOnly;
const READ_ONLY_MASK = FLAG_MASKS.readOnly << FLAG_SHIFTS.readOnly;

/** The flags test of each lens the flags alone decide. */
export const FLAG_LENS_TESTS: Readonly<Record<Exclude<NoiseLens, 'monitoring'>, (flags: number) => boolean>> = {
  service: (flags) => (flags & BY_SERVICE_BIT) !== 0,
  delivery: (flags) => (flags & TRAIL_DELIVERY_BIT) !== 0,
  readonly: (flags) => (flags & READ_ONLY_MASK) === READ_ONLY_TRUE,
};

/** True for a lens name (any case). */
export function isNoiseLens(word: string): word is NoiseLens {
  return Object.hasOwn(NOISE_LENSES, word);
}

/** The query terms that hide the given lenses, to append to a filter: "-noise:service -noise:delivery". */
export function lensTerms(lenses: readonly NoiseLens[]): string {
  return lenses.map((lens) => `-noise:${lens}`).join(' ');
}

/** Patterns of the monitoring lens, as the evaluator matches them against the principal (substring, `*` wildcards). */
export interface LensSettings {
  monitoringPrincipals: readonly string[];
}
