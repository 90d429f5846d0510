// Re-indents JSON text for the read-only `.json.gz` view without parsing its values: numbers, escapes and key order
// stay byte for byte what CloudTrail wrote, so what the reader sees is the log, only laid out. Several top-level
// values (JSON Lines) each start on their own line. Text that is not JSON is returned unchanged.

const INDENT = '  ';

export function prettyPrintJson(text: string): string {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return text;
  const out: string[] = [];
  let depth = 0;
  let i = 0;
  const n = text.length;
  const newline = (): void => {
    out.push('\n' + INDENT.repeat(depth));
  };
  const nextSignificant = (from: number): string => {
    let j = from;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    return text[j] ?? '';
  };
  while (i < n) {
    const ch = text[i];
    if (ch === '"') {
      const start = i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      out.push(text.slice(start, i));
      continue;
    }
    if (isSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    switch (ch) {
      case '{':
      case '[': {
        const close = ch === '{' ? '}' : ']';
        if (nextSignificant(i + 1) === close) {
          out.push(ch + close);
          i = text.indexOf(close, i + 1) + 1;
          if (depth === 0) out.push('\n');
          continue;
        }
        out.push(ch);
        depth++;
        newline();
        break;
      }
      case '}':
      case ']':
        depth = Math.max(0, depth - 1);
        newline();
        out.push(ch);
        if (depth === 0) out.push('\n');
        break;
      case ',':
        out.push(',');
        if (depth > 0) newline();
        break;
      case ':':
        out.push(': ');
        break;
      default: {
        const start = i;
        while (i < n && !isSpace(text.charCodeAt(i)) && !',:{}[]"'.includes(text[i])) i++;
        out.push(text.slice(start, i));
        if (depth === 0) out.push('\n');
        continue;
      }
    }
    i++;
  }
  return out.join('');
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
