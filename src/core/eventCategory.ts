// CloudTrail's event categories, one table for the whole core: the record's eventCategory value, our id, and the
// words for sentences. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
// (eventCategory: Management, Data, Insight, NetworkActivity; absent before eventVersion 1.07).
import type { EventCategory } from './types';

const CATEGORIES: readonly { value: string; id: EventCategory; words: string }[] = [
  { value: 'Management', id: 'management', words: 'management' },
  { value: 'Data', id: 'data', words: 'data' },
  { value: 'Insight', id: 'insight', words: 'Insights' },
  { value: 'NetworkActivity', id: 'network-activity', words: 'network activity' },
];

/** Every category id, in the order of the table. */
export const EVENT_CATEGORY_IDS: readonly EventCategory[] = CATEGORIES.map((category) => category.id);

// A Map: eventCategory is record data, and a plain object would answer "constructor" with a function.
const ID_OF_VALUE: ReadonlyMap<string, EventCategory> = new Map(CATEGORIES.map((category) => [category.value, category.id]));
const WORDS_OF_ID: ReadonlyMap<EventCategory, string> = new Map(CATEGORIES.map((category) => [category.id, category.words]));

/** The category a record's eventCategory value names, or null for a value CloudTrail does not write. */
export function eventCategoryOf(value: unknown): EventCategory | null {
  return typeof value === 'string' ? (ID_OF_VALUE.get(value) ?? null) : null;
}

/** The category as a record writes it in eventCategory ("Management", "NetworkActivity"…). */
export function recordCategoryValue(category: EventCategory): string {
  return CATEGORIES.find((entry) => entry.id === category)?.value ?? category;
}

/** "management", "Insights", "network activity": the category in a sentence. */
export function eventCategoryWords(category: EventCategory): string {
  return WORDS_OF_ID.get(category) ?? category;
}
