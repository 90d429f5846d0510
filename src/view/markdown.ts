// Untrusted text in hovers and tooltips. MarkdownString.appendText turns spaces into &nbsp;, so long sentences
// would not wrap; this escapes every ASCII punctuation character instead (CommonMark lets any of them be
// backslash-escaped), which keeps markup, HTML, entities and autolinks of attacker-written values inert.

/** Plain text as markdown that renders exactly that text. Line breaks become spaces. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}
