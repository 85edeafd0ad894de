import { oneLine } from './text.ts';
import { clock, humanDate } from './time.ts';
import type { Transcript, TranscriptTurn } from './types.ts';

/**
 * Where txt and docx put timestamps: at every turn (the default), also every 30 or 60 seconds inside
 * a long turn, or nowhere.
 */
export type TimestampMode = 'turn' | '30' | '60' | 'none';
export const TIMESTAMP_MODES: readonly TimestampMode[] = Object.freeze(['turn', '30', '60', 'none']);

/** A run of a paragraph's text, with the `[hh:mm:ss]` it starts at when one is shown there. */
export interface Chunk {
  timestamp: string | null;
  text: string;
}

/** A clean paragraph of a transcript, as every document format shows it. */
export interface Paragraph {
  /** `[hh:mm:ss]` of the turn's start, or null when timestamps are off. */
  timestamp: string | null;
  speaker: string;
  text: string;
  /** The text cut where a timestamp falls inside the turn (one chunk unless every 30/60 s). */
  chunks: Chunk[];
}

export function displayTitle(t: Transcript): string {
  return oneLine(t.recording.title) || oneLine(t.recording.filename) || 'Untitled recording';
}

/** The label/value pairs of a transcript's header, shared by txt and docx. */
export function details(t: Transcript): Array<[label: string, value: string]> {
  const speakers = t.speakers.map(oneLine).filter((s) => s !== '');
  return [
    ['Title', displayTitle(t)],
    ['File', oneLine(t.recording.filename)],
    ['Date', humanDate(t.recording.createdAt)],
    ['Duration', clock(t.recording.durationSec)],
    ['Language', oneLine(t.recording.language ?? '') || 'not specified'],
    ['Speakers', speakers.length > 0 ? speakers.join(', ') : 'none'],
  ];
}

/** Paragraphs whose text survives cleaning; stored transcripts are re-cleaned on every render. */
export function paragraphs(t: Transcript, mode: TimestampMode = 'turn'): Paragraph[] {
  return t.turns
    .map((turn) => {
      const text = oneLine(turn.text);
      const timestamp = mode === 'none' ? null : `[${clock(turn.start)}]`;
      const chunks =
        mode === '30' || mode === '60' ? timedChunks(turn, Number(mode)) : [{ timestamp: null, text }];
      return { timestamp, speaker: oneLine(turn.speaker), text, chunks };
    })
    .filter((p) => p.text !== '');
}

/**
 * A turn cut at every `every`-second mark it runs past (00:00:30, 00:01:00… for 30). Only turns
 * carry times, not words, so a word's time is interpolated evenly over its original turn's span:
 * the mark lands on the first word estimated at or after it, stamped with that estimate.
 */
function timedChunks(turn: TranscriptTurn, every: number): Chunk[] {
  const parts = turn.parts?.length ? turn.parts : [{ start: turn.start, end: turn.end, text: turn.text }];
  const chunks: Chunk[] = [];
  let words: string[] = [];
  let stamp: string | null = null;
  let mark = (Math.floor(turn.start / every) + 1) * every;
  for (const part of parts) {
    const partWords = oneLine(part.text).split(' ').filter(Boolean);
    const span = Math.max(0, part.end - part.start);
    partWords.forEach((word, i) => {
      const at = part.start + (span * i) / partWords.length;
      if (at >= mark && words.length > 0) {
        chunks.push({ timestamp: stamp, text: words.join(' ') });
        words = [];
        stamp = `[${clock(at)}]`;
        mark = (Math.floor(at / every) + 1) * every;
      }
      words.push(word);
    });
  }
  if (words.length) chunks.push({ timestamp: stamp, text: words.join(' ') });
  return chunks;
}
