// "1,204,000": counts and sizes with thousands separators, the way every surface and the CLI write them.
// Not toLocaleString: in the extension host each call took 12–16 ms (it builds an ICU number format when the
// requested locale is not the host's default), which blocked the host while a load reported its progress.

export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US');
  const digits = String(Math.abs(count));
  const head = digits.length % 3 || 3;
  let text = digits.slice(0, head);
  for (let at = head; at < digits.length; at += 3) text += ',' + digits.slice(at, at + 3);
  return count < 0 ? '-' + text : text;
}
