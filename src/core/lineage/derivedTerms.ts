// What session lineage adds to the query language and the tree: `origin:` (events whose credentials lead back to a
// principal) and `session:` (everything a key, or the credentials an issuing event minted, did, transitively), and
// the events grouped by origin. An access key's events share one chain, so the origin is worked out once per key
// (and per principal for events signed with no key), never once per event.

import type { DerivedTerms } from '../search/evaluate';
import type { DerivedField } from '../search/fields';
import { foldCase } from '../search/fold';
import { parseQuery } from '../search/parseQuery';
import { compilePattern, matchString } from '../search/pattern';
import type { GroupBucket } from '../store/group';
import { lineageOfSummary, sessionActivity } from './lineage';
import type { SessionLinks } from './sessionLinks';

/** The origin principal of each access key, worked out once per update of the links. */
const originsByKey = new WeakMap<SessionLinks, { version: number; byKey: Map<string, string> }>();

/** The principal at the origin of the credentials `key` signed event `id` with: the chain's origin, else the event's own principal. */
function originPrincipal(links: SessionLinks, key: string, id: number): string {
  let cache = originsByKey.get(links);
  if (cache === undefined || cache.version !== links.version) {
    cache = { version: links.version, byKey: new Map() };
    originsByKey.set(links, cache);
  }
  let origin = cache.byKey.get(key);
  if (origin === undefined) {
    origin = lineageOfSummary(links, id)?.origin.principal ?? links.store.summary(id)?.principal ?? '(unknown principal)';
    cache.byKey.set(key, origin);
  }
  return origin;
}

/** `ids` grouped by the principal at the origin of their credentials, largest group first; each group's ids ascending. */
export function originGroups(links: SessionLinks, ids: Uint32Array): GroupBucket[] {
  const byOrigin = new Map<string, { ids: Uint32Array[]; count: number; errors: number }>();
  const add = (origin: string, bucket: GroupBucket) => {
    const entry = byOrigin.get(origin) ?? { ids: [], count: 0, errors: 0 };
    entry.ids.push(bucket.ids);
    entry.count += bucket.count;
    entry.errors += bucket.errors;
    byOrigin.set(origin, entry);
  };
  for (const bucket of links.store.group(ids, 'accessKeyId')) {
    if (bucket.value !== null) add(originPrincipal(links, bucket.value, bucket.ids[0] as number), bucket);
    // Signed with no key (AWS services, anonymous requests): the principal is its own origin.
    else for (const byPrincipal of links.store.group(bucket.ids, 'principal')) add(byPrincipal.value ?? '(unknown principal)', byPrincipal);
  }
  return [...byOrigin]
    .map(([value, entry]) => {
      const merged = new Uint32Array(entry.count);
      let at = 0;
      for (const part of entry.ids) {
        merged.set(part, at);
        at += part.length;
      }
      return { value, count: entry.count, errors: entry.errors, ids: merged.sort() };
    })
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** The events whose origin principal matches one of `values` (substring, `*` wildcards, any case). */
function originMatches(links: SessionLinks, values: readonly string[]): Set<number> {
  const patterns = values.map((value) => compilePattern(value, 'contains'));
  const matched = new Set<number>();
  for (const group of originGroups(links, links.store.allIds())) {
    if (group.value !== null && patterns.some((pattern) => matchString(foldCase(group.value as string), pattern)))
      for (const id of group.ids) matched.add(id);
  }
  return matched;
}

/** Everything the credentials of each value (an access key id or an issuing eventID) did, transitively. */
async function sessionMatches(links: SessionLinks, values: readonly string[]): Promise<Set<number>> {
  const matched = new Set<number>();
  for (const value of values) for (const id of (await sessionActivity(links, value)).ids) matched.add(id);
  return matched;
}

const termKey = (field: DerivedField, values: readonly string[]) => JSON.stringify([field, values]);

/**
 * Works out the origin: and session: terms of a query against the current links, so that the store can run the
 * query: `store.query(text, await lineageTerms(links, text))`. A query without them costs nothing.
 */
export async function lineageTerms(links: SessionLinks, text: string): Promise<DerivedTerms> {
  const parsed = parseQuery(text);
  const sets = new Map<string, ReadonlySet<number>>();
  if (parsed.ok) {
    for (const term of parsed.query.terms) {
      if (term.kind !== 'field' || (term.field !== 'origin' && term.field !== 'session')) continue;
      const key = termKey(term.field, term.values);
      if (sets.has(key)) continue;
      sets.set(key, term.field === 'origin' ? originMatches(links, term.values) : await sessionMatches(links, term.values));
    }
  }
  return (field, values) => sets.get(termKey(field, values));
}

/** True when a query uses a term only session lineage can answer. */
export function usesLineageTerms(text: string): boolean {
  const parsed = parseQuery(text);
  return parsed.ok && parsed.query.terms.some((term) => term.kind === 'field' && (term.field === 'origin' || term.field === 'session'));
}
