// Untrusted text in hovers and tooltips (src/view/markdown.ts): every ASCII punctuation character is backslash-escaped,
// which CommonMark renders as that literal character, so no markup, HTML, entity or link of a log value survives.
import assert from 'node:assert/strict';
import test from 'node:test';
import { escapeMarkdown } from '../../src/view/markdown';

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/** What CommonMark renders for the escaped text: a backslash before ASCII punctuation is dropped. */
function rendered(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** True when some ASCII punctuation character is not preceded by its escaping backslash. */
function hasUnescapedPunctuation(markdown: string): boolean {
  for (let i = 0; i < markdown.length; i++) {
    const ch = markdown[i] as string;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ASCII_PUNCTUATION.includes(ch)) return true;
  }
  return false;
}

const hostile = [
  '[tracker](https://attacker.example/?q=1)',
  '![img](https://attacker.example/pixel.png)',
  '[run](command:workbench.action.terminal.new)',
  '<img src=x onerror=alert(1)>',
  '<script>__ctlensPwned(1)</script>',
  '&lt;b&gt; &#x3C;script&#x3E; &amp;',
  '`code` ``more`` ~~~fence',
  '**bold** __bold__ *em* _em_ ~~strike~~',
  '# heading\n## heading',
  '1. list\n- item\n+ item\n> quote',
  '| a | b |\n|---|---|',
  'https://autolink.example <https://angle.example> www.example.com',
  'trailing backslash \\',
  'already escaped \\* and \\\\',
  '${{ template }} %s %n',
  'arn:aws:iam::123837392027:user/<script>__ctlensPwned(1)</script>',
  'ＡＲＮ：全角 ünïcödé 🪣 \u200b\u2028',
  '',
];

test('every ASCII punctuation character is escaped, and only those', () => {
  assert.equal(escapeMarkdown(ASCII_PUNCTUATION), [...ASCII_PUNCTUATION].map((ch) => `\\${ch}`).join(''));
  assert.equal(escapeMarkdown('plain words 123 ÄÖÜ 🪣'), 'plain words 123 ÄÖÜ 🪣');
});

test('hostile strings render as exactly their text, with no markup left', () => {
  for (const text of hostile) {
    const escaped = escapeMarkdown(text);
    assert.equal(hasUnescapedPunctuation(escaped), false, escaped);
    assert.equal(rendered(escaped), text.replace(/[\r\n]+/g, ' '), text);
  }
});

test('line breaks become single spaces, so a value cannot start a heading, list or quote on a new line', () => {
  assert.equal(escapeMarkdown('a\r\n# b\n\n- c\rd'), 'a \\# b \\- c d');
});

test('a long sentence keeps its ordinary spaces, so it wraps', () => {
  const sentence = 'IAM user benjamin of account 123837392027 made this request with a long-term access key.';
  const escaped = escapeMarkdown(sentence);
  assert.equal(escaped.split(' ').length, sentence.split(' ').length);
  assert.doesNotMatch(escaped, /&nbsp;|\u00a0/);
});
