/**
 * WebVTT: cues whose text may name the speaker with a voice span, `<v Budi>text</v>`. Other tags
 * (`<c>`, `<i>`, inline timestamps) are dropped; NOTE, STYLE and REGION blocks are skipped.
 */
import { InvalidDraftError } from '../../errors.ts';
import type { ParsedDraft, ParsedWord } from '../types.ts';
import { cueTiming, spreadWords } from './cues.ts';
import { speaker as label } from './read.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: ' ', lrm: '', rlm: '' };

function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (_m, e: string) => ENTITIES[e]);
}

export function fromVtt(source: string): ParsedDraft {
  const lines = source.split(/\r\n|\r|\n/);
  if (!/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    throw new InvalidDraftError('A WebVTT file starts with the line "WEBVTT" (line 1).', 'line 1');
  }
  const words: ParsedWord[] = [];
  let i = 1;
  while (i < lines.length) {
    if (!lines[i].trim()) {
      i++;
      continue;
    }
    // A block: optional identifier, then a timing line, then text up to a blank line.
    const blockStart = i;
    if (/^(NOTE|STYLE|REGION)\b/.test(lines[i])) {
      while (i < lines.length && lines[i].trim()) i++;
      continue;
    }
    let timing = cueTiming(lines[i], `line ${i + 1}`);
    if (!timing && i + 1 < lines.length) {
      i++;
      timing = cueTiming(lines[i], `line ${i + 1}`);
    }
    if (!timing) {
      throw new InvalidDraftError(
        `Line ${blockStart + 1} should begin a cue ("00:00:01.000 --> 00:00:03.000"), not "${lines[blockStart].slice(0, 60)}".`,
        `line ${blockStart + 1}`,
      );
    }
    const where = `line ${i + 1}`;
    i++;
    const body: string[] = [];
    while (i < lines.length && lines[i].trim()) body.push(lines[i++]);
    const raw = body.join(' ');
    const voice = /<v(?:\.[\w.-]+)?\s+([^>]+)>/.exec(raw);
    const content = unescape(raw.replace(/<[^>]*>/g, ' '));
    words.push(
      ...spreadWords(content, timing[0], timing[1], where, voice ? label(voice[1], where) : undefined),
    );
  }
  return { format: 'vtt', words, spans: [] };
}
