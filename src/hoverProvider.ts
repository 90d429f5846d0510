// Hovers on the fields of CloudTrail records in JSON editors (plain files and the gz view). The record under the
// cursor is found with the core's record ranges (cached per document version) and explained by fieldNote; the
// text is plain and every value is escaped into an untrusted MarkdownString. An accessKeyId also names its origin when
// a loaded event issued it (session lineage).
import * as vscode from 'vscode';
import {
  embeddedFieldAt,
  fieldNote,
  isEmbeddedRecordPath,
  lineageOfRecord,
  looksLikeCloudTrail,
  parseRecordText,
  type FieldNote,
  type Lineage,
  type RawRecord,
  type SessionLinks,
} from './core';
import { keyOriginLine } from './view/lineageView';
import { escapeMarkdown } from './view/markdown';
import { LOG_VIEW_SCHEME } from './logUris';
import { isAwsDocsUrl } from './view/messages';
import type { RecordLocator } from './recordLocator';

/** A JSON string token, escapes included. */
const STRING_TOKEN = /"(?:[^"\\]|\\.)*"/;
/** Anything else a JSON value can be (numbers, true/false/null). */
const SCALAR_TOKEN = /-?[\w.+-]+/;

export class RecordHoverProvider implements vscode.HoverProvider {
  /** The record last parsed, so moving along one record does not parse it again. */
  private last: { document: string; version: number; start: number; record: RawRecord | undefined } | undefined;

  constructor(
    private readonly locator: RecordLocator,
    private readonly links: SessionLinks,
  ) {}

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
    // An entry that holds its record as a JSON string (lookup-events' CloudTrailEvent, a CloudWatch Logs event's message):
    // find the field under the cursor inside that string.
    if (record && isEmbeddedRecordPath(record, path)) {
      const embedded = embeddedFieldAt(located.text.slice(located.start, located.end), document.offsetAt(position) - located.start);
      if (!embedded) return undefined;
      ({ record, path } = embedded);
    }
    if (!record) return undefined;
    const note = fieldNote(record, path);
    if (!note) return undefined;
    const origin = path.at(-1) === 'accessKeyId' ? this.keyOrigin(record, path) : undefined;
    const explanation = origin === undefined ? note : { ...note, lines: [...note.lines, origin] };
    const range = document.getWordRangeAtPosition(position, STRING_TOKEN) ?? document.getWordRangeAtPosition(position, SCALAR_TOKEN);
    return new vscode.Hover(render(explanation), range);
  }

  /** Where the access key at `path` came from, when a loaded event issued it. */
  private keyOrigin(record: RawRecord, path: (string | number)[]): string | undefined {
    const key = valueAt(record, path);
    if (typeof key !== 'string') return undefined;
    return keyOriginLine(this.links, key, path.length === 2 && path[0] === 'userIdentity' ? this.chainOf(record) : undefined);
  }

  /** The chain of a record that is loaded (found by its eventID), for a session matched without its key. */
  private chainOf(record: RawRecord): Lineage | undefined {
    const id = typeof record.eventID === 'string' ? this.links.store.findByEventId(record.eventID) : undefined;
    // A forged log may reuse an eventID: the loaded event must be this record (same time) for its chain to be this one's.
    if (id === undefined || this.links.store.summary(id)?.eventTime !== record.eventTime) return undefined;
    return lineageOfRecord(this.links, id, record);
  }

  private recordAt(document: vscode.TextDocument, text: string, start: number, end: number): RawRecord | undefined {
    const key = document.uri.toString();
    if (this.last && this.last.document === key && this.last.version === document.version && this.last.start === start) return this.last.record;
    const record = parseRecordText(text.slice(start, end));
    this.last = { document: key, version: document.version, start, record };
    return record;
  }
}

function valueAt(record: RawRecord, path: (string | number)[]): unknown {
  let value: unknown = record;
  for (const step of path) value = typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[step] : undefined;
  return value;
}

function render(explanation: FieldNote): vscode.MarkdownString {
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

export function registerHovers(locator: RecordLocator, links: SessionLinks): vscode.Disposable {
  const provider = new RecordHoverProvider(locator, links);
  return vscode.languages.registerHoverProvider(
    [{ language: 'json' }, { language: 'jsonc' }, { language: 'jsonl' }, { scheme: LOG_VIEW_SCHEME }],
    provider,
  );
}
