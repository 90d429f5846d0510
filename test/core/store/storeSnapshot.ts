// What a surface can ask a store, for tests that build one store two ways and compare them.
import type { EventStore } from '../../../src/core/store/eventStore';
import type { GroupField } from '../../../src/core/store/group';

export const GROUP_FIELDS: GroupField[] = [
  'level',
  'eventName',
  'principal',
  'bucket',
  'errorCode',
  'file',
  'identityKind',
  'readOnly',
  'accessKeyId',
];

/** Everything a surface can ask the store, by id: events, files, diagnostics, copies, groups and a query. */
export function snapshot(store: EventStore): unknown {
  const ids = store.allIds();
  return {
    ids: [...ids],
    files: store.files(),
    diagnostics: store.diagnostics(),
    digests: store.digests(),
    summaries: [...ids].map((id) => store.summary(id)),
    copies: [...ids].map((id) => store.copiesOf(id)),
    firstCopies: [...ids].filter((id) => store.isFirstCopy(id)),
    counts: store.countCopies(ids),
    groups: GROUP_FIELDS.map((field) =>
      store.group(ids, field).map(({ value, count, errors, ids: groupIds }) => ({ value, count, errors, ids: [...groupIds] })),
    ),
    query: store.query('eventName:GetObject OR errorCode:*'),
  };
}
