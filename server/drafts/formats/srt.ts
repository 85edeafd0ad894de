/**
 * SubRip: numbered cues, `00:00:01,000 --> 00:00:03,500`, text lines. A cue's speaker is the
 * `Name:` that starts its text, as transcription tools write it; formatting tags are dropped.
 */
import { InvalidDraftError } from '../../errors.ts';
import type { ParsedDraft, ParsedWord } from '../types.ts';
import { cueTiming, spreadWords } from './cues.ts';
import { speaker as label } from './read.ts';

/** A name before a colon: up to four words, no digits-only labels like a clock time. */
const NAME_PREFIX = /^\s*(?:-\s*)?([\p{L}][\p{L}\p{N} ._'-]{0,40}?):\s+/u;

export function fromSrt(source: string): ParsedDraft {
  const lines = source.split(/\r\n|\r|\n/);
  const words: ParsedWord[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!lines[i].trim()) {
      i++;
      continue;
    }
    if (/^\d+\s*$/.test(lines[i])) i++;
    const where = `line ${i + 1}`;
    const timing = i < lines.length ? cueTiming(lines[i], where) : null;
    if (!timing) {
      throw new InvalidDraftError(
        `Line ${i + 1} should hold a cue's times ("00:00:01,000 --> 00:00:03,000"), not "${(lines[i] ?? '').slice(0, 60)}".`,
        `line ${Math.min(i, lines.length - 1) + 1}`,
      );
    }
    i++;
    const body: string[] = [];
    while (i < lines.length && lines[i].trim()) body.push(lines[i++]);
    let content = body.join(' ').replace(/<[^>]*>|\{\\[^}]*\}/g, ' ');
    const name = NAME_PREFIX.exec(content);
    if (name) content = content.slice(name[0].length);
    words.push(
      ...spreadWords(content, timing[0], timing[1], where, name ? label(name[1], where) : undefined),
    );
  }
  return { format: 'srt', words, spans: [] };
}
