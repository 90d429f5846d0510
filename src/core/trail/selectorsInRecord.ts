// Event selectors as a PutEventSelectors record carries them: the API's request and response in camelCase
// (readWriteType, dataResources[].values, advancedEventSelectors[].fieldSelectors[].startsWith…), turned into the
// configuration types the verdicts use. Anything malformed is dropped, never guessed: the record may be forged.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html

import type { AdvancedEventSelector, AdvancedFieldSelector, BasicEventSelector, DataResource, FieldOperator, ReadWriteType } from './types';
import { DESELECT_OPERATORS, SELECT_OPERATORS } from './types';

type Json = Record<string, unknown>;

const READ_WRITE_TYPES: ReadonlySet<string> = new Set(['All', 'ReadOnly', 'WriteOnly']);
/** camelCase operator in the record → the configuration's operator. */
const OPERATOR_BY_KEY: ReadonlyMap<string, FieldOperator> = new Map(
  [...SELECT_OPERATORS, ...DESELECT_OPERATORS].map((operator) => [operator[0]?.toLowerCase() + operator.slice(1), operator]),
);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function basicSelector(item: unknown): BasicEventSelector | null {
  if (!isObject(item)) return null;
  const readWriteType =
    typeof item.readWriteType === 'string' && READ_WRITE_TYPES.has(item.readWriteType) ? (item.readWriteType as ReadWriteType) : 'All';
  const dataResources: DataResource[] = Array.isArray(item.dataResources)
    ? item.dataResources.flatMap((resource) =>
        isObject(resource) && typeof resource.type === 'string' ? [{ Type: resource.type, Values: strings(resource.values) }] : [],
      )
    : [];
  return {
    ReadWriteType: readWriteType,
    IncludeManagementEvents: typeof item.includeManagementEvents === 'boolean' ? item.includeManagementEvents : true,
    ExcludeManagementEventSources: strings(item.excludeManagementEventSources),
    DataResources: dataResources,
  };
}

function fieldSelector(item: unknown): AdvancedFieldSelector | null {
  if (!isObject(item) || typeof item.field !== 'string') return null;
  const selector: AdvancedFieldSelector = { Field: item.field };
  for (const [key, operand] of Object.entries(item)) {
    const operator = OPERATOR_BY_KEY.get(key);
    if (operator !== undefined) selector[operator] = strings(operand);
  }
  return selector;
}

function advancedSelector(item: unknown): AdvancedEventSelector | null {
  if (!isObject(item) || !Array.isArray(item.fieldSelectors)) return null;
  return {
    Name: typeof item.name === 'string' ? item.name : undefined,
    FieldSelectors: item.fieldSelectors.flatMap((field) => fieldSelector(field) ?? []),
  };
}

/** The selectors a PutEventSelectors call set (the response when present, else the request), or null when neither says. */
export function selectorsInRecord(
  parameters: Json | null,
  response: Json | null,
): { eventSelectors: BasicEventSelector[] | null; advancedEventSelectors: AdvancedEventSelector[] | null } | null {
  for (const source of [response, parameters]) {
    if (source === null) continue;
    if (Array.isArray(source.advancedEventSelectors)) {
      return { eventSelectors: null, advancedEventSelectors: source.advancedEventSelectors.flatMap((item) => advancedSelector(item) ?? []) };
    }
    if (Array.isArray(source.eventSelectors)) {
      return { eventSelectors: source.eventSelectors.flatMap((item) => basicSelector(item) ?? []), advancedEventSelectors: null };
    }
  }
  return null;
}
