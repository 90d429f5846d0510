// Hovers on the fields of CloudTrail records in JSON editors (plain files and the gz view). The record under the
// cursor is found with the core's record ranges (cached per document version) and explained by explainField; the
// text is plain and every value is escaped into an untrusted MarkdownString.
import * as vscode from 'vscode';
import { explainField, jsonPathAt, looksLikeCloudTrail, type RawRecord } from './core';
import { escapeMarkdown } from './markdown';
import { LOG_VIEW_SCHEME } from './logUris';
import { isAwsDocsUrl } from './messages';
import type { RecordLocator } from './recordLocator';

/** A JSON string token, escapes included. */
const STRING_TOKEN = /"(?:[^"\\]|\\.)*"/;
/** Anything else a JSON value can be (numbers, true/false/null). */
const SCALAR_TOKEN = /-?[\w.+-]+/;

export class RecordHoverProvider implements vscode.HoverProvider {
  /** The record last parsed, so moving along one record does not parse it again. */
  private last: { document: string; version: number; start: number; record: RawRecord | undefined } | undefined;

  constructor(private readonly locator: RecordLocator) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
    if (
      document.uri.scheme !== LOG_VIEW_SCHEME &&
      !looksLikeCloudTrail(document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(8192))))
    )
      return undefined;
    const located = this.locator.locate(document, position);
    if (!located || token.isCancellationRequested) return undefined;
    let record = this.recordAt(document, located.text, located.start, located.end);
    let path = located.path;
    // lookup-events: the record is JSON inside the string CloudTrailEvent; find the field under the cursor in it.
    if (record && path[0] === EMBEDDED_KEY && typeof record[EMBEDDED_KEY] === 'string') {
      const embedded = embeddedLocation(located.text, located.start, located.end, document.offsetAt(position));
      if (!embedded) return undefined;
      ({ record, path } = embedded);
    }
    if (!record) return undefined;
    const explanation = explainField(record, path);
    if (!explanation) return undefined;
    const range = document.getWordRangeAtPosition(position, STRING_TOKEN) ?? document.getWordRangeAtPosition(position, SCALAR_TOKEN);
    return new vscode.Hover(render(explanation), range);
  }

  private recordAt(document: vscode.TextDocument, text: string, start: number, end: number): RawRecord | undefined {
    const key = document.uri.toString();
    if (this.last && this.last.document === key && this.last.version === document.version && this.last.start === start) return this.last.record;
    const record = parseRecord(text.slice(start, end));
    this.last = { document: key, version: document.version, start, record };
    return record;
  }
}

const EMBEDDED_KEY = 'CloudTrailEvent';

/** The record inside a lookup-events CloudTrailEvent string and the path of the field at a document offset. */
function embeddedLocation(text: string, start: number, end: number, offset: number): { record: RawRecord; path: (string | number)[] } | undefined {
  const outer = text.slice(start, end);
  const key = /"CloudTrailEvent"\s*:\s*"/.exec(outer);
  if (!key) return undefined;
  const literalStart = key.index + key[0].length - 1;
  const literalEnd = endOfString(outer, literalStart);
  const inLiteral = offset - start - literalStart;
  if (inLiteral <= 0 || offset - start >= literalEnd) return undefined;
  const record = parseRecord(outer.slice(literalStart, literalEnd));
  if (!record) return undefined;
  // The decoded prefix of the string up to the cursor is the inner JSON up to the cursor; a cut escape is dropped.
  const prefix = outer.slice(literalStart, literalStart + inLiteral);
  let decoded: string | undefined;
  for (let cut = 0; decoded === undefined && cut <= 6; cut++) {
    try {
      decoded = JSON.parse(`${prefix.slice(0, prefix.length - cut)}"`) as string;
    } catch {
      // inside an escape sequence: try a shorter prefix
    }
  }
  if (decoded === undefined) return undefined;
  const inner = Buffer.from(JSON.parse(outer.slice(literalStart, literalEnd)) as string, 'utf8');
  return { record, path: jsonPathAt(inner, Buffer.byteLength(decoded, 'utf8')) };
}

/** Index just past the closing quote of the JSON string opening at `quote`. */
function endOfString(text: string, quote: number): number {
  let i = quote + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** A record's JSON; lookup-events wrap it in a string (CloudTrailEvent), which is parsed once more. */
function parseRecord(json: string): RawRecord | undefined {
  try {
    let value: unknown = JSON.parse(json);
    if (typeof value === 'string') value = JSON.parse(value);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawRecord) : undefined;
  } catch {
    return undefined;
  }
}

function render(explanation: NonNullable<ReturnType<typeof explainField>>): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(undefined, false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  markdown.appendMarkdown(`**${escapeMarkdown(explanation.title)}**`);
  for (const line of explanation.lines) markdown.appendMarkdown(`\n\n${escapeMarkdown(line)}`);
  const links = (explanation.links ?? []).filter((link) => isAwsDocsUrl(link.url));
  if (links.length > 0) {
    markdown.appendMarkdown('\n\n');
    markdown.appendMarkdown(links.map((link) => `[${escapeMarkdown(link.label)}](${safeUrl(link.url)})`).join(' · '));
  }
  return markdown;
}

/** A validated https URL written so it cannot end the markdown link early. */
function safeUrl(url: string): string {
  return new URL(url).href.replace(/[()\s]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function registerHovers(locator: RecordLocator): vscode.Disposable {
  const provider = new RecordHoverProvider(locator);
  return vscode.languages.registerHoverProvider(
    [{ language: 'json' }, { language: 'jsonc' }, { language: 'jsonl' }, { scheme: LOG_VIEW_SCHEME }],
    provider,
  );
}
