import { oneLine } from './text.ts';
import { clock, humanDate } from './time.ts';
import type { Transcript } from './types.ts';

/** A clean paragraph of a transcript, as every document format shows it. */
export interface Paragraph {
  timestamp: string;
  speaker: string;
  text: string;
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
export function paragraphs(t: Transcript): Paragraph[] {
  return t.turns
    .map((turn) => ({
      timestamp: `[${clock(turn.start)}]`,
      speaker: oneLine(turn.speaker),
      text: oneLine(turn.text),
    }))
    .filter((p) => p.text !== '');
}
