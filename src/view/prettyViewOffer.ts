// When a plain `.json` log is offered the read-only pretty view that `.json.gz` logs open in. CloudTrail writes each
// delivery file as one minified line ({"Records":[…]} with no line break), which an editor shows as a single line of
// up to hundreds of kilobytes, past VS Code's colouring limit (editor.maxTokenizationLineLength, 20,000 characters).
// The rule: a CloudTrail log (sniffed like every .json the editor integration sees) is offered the view when
//  - it is one line holding a Records array, the shape CloudTrail delivers, whatever its size; or
//  - a line among its first LINES_LOOKED_AT is longer than LONG_LINE_CHARS: records crammed together on a line.
// A log laid out by hand (or by the pretty view itself) has short lines and is not offered it.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html

import { looksLikeCloudTrail } from '../core';

/** A line longer than this holds several records on one line (a CloudTrail record is 1–3 KB minified). */
export const LONG_LINE_CHARS = 10_000;
/** Only the start of a file is looked at: a large file must not be scanned line by line to draw a lens. */
export const LINES_LOOKED_AT = 100;
/** The text sniffed for CloudTrail markers, as the editor integration does for every .json. */
export const HEAD_CHARS = 8192;

/** What the offer looks at in a document: its path, line count, first HEAD_CHARS characters and first line lengths. */
export interface DocumentStart {
  path: string;
  lineCount: number;
  head: string;
  /** Lengths of the first lines, at most LINES_LOOKED_AT of them. */
  lineLengths: readonly number[];
}

/** `.json` only: `.json.gz` logs open in the pretty view already, and JSON Lines hold one record a line by design. */
const PLAIN_JSON_NAME = /\.json$/i;
/** CloudTrail's delivery shape at the start of a text. */
const RECORDS_FIRST = /^\uFEFF?\s*\{\s*"Records"\s*:\s*\[/;

/** True when the document is a CloudTrail log written as long minified lines. */
export function offersPrettyView({ path, lineCount, head, lineLengths }: DocumentStart): boolean {
  if (!PLAIN_JSON_NAME.test(path) || !looksLikeCloudTrail(head)) return false;
  const looked = lineLengths.slice(0, LINES_LOOKED_AT);
  const oneLine = lineCount <= LINES_LOOKED_AT && looked.filter((length) => length > 0).length === 1;
  return (oneLine && RECORDS_FIRST.test(head)) || looked.some((length) => length > LONG_LINE_CHARS);
}
