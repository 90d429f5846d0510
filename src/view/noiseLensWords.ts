// How the views name the noise lenses that hide events, short enough for a view's description. Pure.
import type { NoiseLens } from '../core';

const SHORT_NAMES: Readonly<Record<NoiseLens, string>> = {
  service: 'AWS service calls',
  delivery: "CloudTrail's delivery",
  readonly: 'read-only calls',
  monitoring: 'your monitoring',
};

/** "AWS service calls, read-only calls" for the lenses on, or undefined when none is. */
export function hiddenLensesText(lenses: readonly NoiseLens[]): string | undefined {
  return lenses.length === 0 ? undefined : lenses.map((lens) => SHORT_NAMES[lens]).join(', ');
}
