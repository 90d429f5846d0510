// `ctlens top`: the values of a field with the most events (or S3 bytes), from the same core function as the
// overview's tables. `--by origin` groups the events by the principal behind their credentials (session lineage).

import { originGroups, type EventStore, type SessionLinks, type TopSort } from '../core';
import type { TopField } from './args';

/** A printed row. */
export interface TopLine {
  value: string;
  count: number;
  errors: number;
  bytesOut: number;
  bytesIn: number;
}

/** The top `rows` values of `by` among `ids`, ranked by `sortBy`. */
export async function topLines(
  store: EventStore,
  ids: Uint32Array,
  by: TopField,
  rows: number,
  sortBy: TopSort,
  links: SessionLinks,
): Promise<TopLine[]> {
  let table;
  if (by === 'origin') {
    await links.update();
    table = store.topGroups(originGroups(links, ids), { n: rows, sortBy });
  } else table = store.top(ids, { by, n: rows, sortBy });
  return table.rows.map(({ value, count, errors, bytesOut, bytesIn }) => ({ value, count, errors, bytesOut, bytesIn }));
}
