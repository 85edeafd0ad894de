/**
 * Text layout shared by every export: one-line text, widths and wrapping. Which characters may
 * appear at all is text-safety's rule (server/text-safety.ts), applied before any format-specific
 * escaping.
 */
import { cleanForExport } from '../text-safety.ts';

/** `cleanForExport`, then every run of whitespace (newlines included) becomes one space. */
export function oneLine(text: string): string {
  return cleanForExport(text).replace(/\s+/gu, ' ').trim();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** User-perceived characters, so a hard break never splits an emoji or a base from its accent. */
function splitGraphemes(text: string): string[] {
  return Array.from(graphemes.segment(text), (s) => s.segment);
}

const WIDE =
  /^[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]|\p{Emoji_Presentation}|\uFE0F/u;

/**
 * Display columns of one grapheme: 2 for East Asian wide characters and emoji, which take two
 * cells on screen, else 1. Counting them double keeps CJK subtitle lines readable and still
 * satisfies any "at most N characters" rule, since a width is never below the character count.
 */
function graphemeWidth(g: string): number {
  return WIDE.test(g) ? 2 : 1;
}

// Printable ASCII is one column per character; skipping the segmenter for it makes a long
// transcript's subtitles several times faster.
const PLAIN = /^[\x20-\x7E]*$/;

export function textWidth(text: string): number {
  if (PLAIN.test(text)) return text.length;
  let width = 0;
  for (const g of splitGraphemes(text)) width += graphemeWidth(g);
  return width;
}

const MIN_FILL = 8;

/**
 * Breaks one-line text into lines of at most `maxWidth` columns at spaces; a word wider than a
 * line (a URL, or CJK text, which has no spaces) is cut between graphemes.
 */
export function wrapText(text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const word of text.split(' ')) {
    if (word === '') continue;
    const width = textWidth(word);
    if (line !== '' && lineWidth + 1 + width <= maxWidth) {
      line += ' ' + word;
      lineWidth += 1 + width;
      continue;
    }
    if (width <= maxWidth) {
      if (line !== '') lines.push(line);
      line = word;
      lineWidth = width;
      continue;
    }
    // An over-long word fills the rest of the current line first: CJK text runs on like this.
    if (line !== '' && maxWidth - lineWidth > MIN_FILL) {
      line += ' ';
      lineWidth += 1;
    } else {
      if (line !== '') lines.push(line);
      line = '';
      lineWidth = 0;
    }
    for (const g of splitGraphemes(word)) {
      const w = graphemeWidth(g);
      if (lineWidth + w > maxWidth && line !== '') {
        lines.push(line);
        line = '';
        lineWidth = 0;
      }
      line += g;
      lineWidth += w;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}
