/**
 * What WebVTT and SRT share: cue timings, and a cue's text spread over its words. Subtitles time
 * cues, not words, so each word gets a share of its cue in proportion to its length.
 */
import { InvalidDraftError } from '../../errors.ts';
import type { ParsedWord } from '../types.ts';
import { checkSpan, MAX_WORD_CHARS } from './read.ts';

const STAMP = String.raw`(?:(\d+):)?([0-5]?\d):([0-5]\d)[.,](\d{3})`;
export const TIMING = new RegExp(String.raw`^\s*${STAMP}\s*-->\s*${STAMP}(?:\s+.*)?$`);

function stamp(h: string | undefined, m: string, s: string, ms: string): number {
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
}

/** `00:01:02.500 --> 00:01:04.000` → [62.5, 64], or null when the line is no timing line. */
export function cueTiming(line: string, where: string): [number, number] | null {
  const m = TIMING.exec(line);
  if (!m) return null;
  const start = stamp(m[1], m[2], m[3], m[4]);
  const end = stamp(m[5], m[6], m[7], m[8]);
  if (start > 86_400)
    throw new InvalidDraftError(`The cue at ${where} lies beyond any recording's end.`, where);
  checkSpan(start, end, `The cue at ${where}`, 600);
  return [start, end];
}

/** A cue's words, each timed by its share of the cue's characters. */
export function spreadWords(
  content: string,
  start: number,
  end: number,
  where: string,
  speaker?: string,
): ParsedWord[] {
  const tokens = content.split(/\s+/).filter(Boolean);
  const long = tokens.find((t) => t.length > MAX_WORD_CHARS);
  if (long) throw new InvalidDraftError(`${where} holds a "word" of ${long.length} characters.`, where);
  const total = tokens.reduce((n, t) => n + t.length, 0);
  const out: ParsedWord[] = [];
  let at = 0;
  for (const t of tokens) {
    const s = start + ((end - start) * at) / total;
    at += t.length;
    const e = start + ((end - start) * at) / total;
    const w: ParsedWord = { where, text: t, start: round(s), end: round(e) };
    if (speaker) w.speaker = speaker;
    out.push(w);
  }
  return out;
}

const round = (t: number): number => Math.round(t * 1000) / 1000;
