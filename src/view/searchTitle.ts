// The search palette's title: how many events match and how many are listed, up front (the QuickPick's own count
// only shows the rows it has). Pure.

import { formatCount } from './eventLabels';

export const SEARCH_TITLE = 'CloudTrail: Search Events';

/** "CloudTrail: Search Events — 1,168 events match · first 200 shown · Enter on the first row filters the tree". */
export function searchTitle(matched: number, shown: number, hidden: string | undefined): string {
  const parts = [`${formatCount(matched)} ${matched === 1 ? 'event matches' : 'events match'}`];
  if (shown < matched) parts.push(`first ${formatCount(shown)} shown`, 'Enter on the first row filters the tree');
  if (hidden) parts.push(`hidden: ${hidden}`);
  return `${SEARCH_TITLE} — ${parts.join(' · ')}`;
}
