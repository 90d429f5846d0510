// Reading fields of parsed JSON whose every key is attacker-controlled: only own properties count, so a
// "__proto__" or "constructor" member is data like any other and an absent one is never inherited.

/** The value of `object`'s own property `name`, or undefined when `object` is not an object or lacks it. */
export function ownField(object: unknown, name: string): unknown {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
  return Object.hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined;
}

/** The own string field `name`, or null when absent, null or not a string. */
export function stringField(object: unknown, name: string): string | null {
  const value = ownField(object, name);
  return typeof value === 'string' ? value : null;
}
