import { details, paragraphs, type TimestampMode } from './details.ts';
import type { Transcript } from './types.ts';

const HEADER_FIELDS = new Set(['Title', 'Date', 'Duration', 'Speakers']);

/**
 * Plain text: a header of title, date, duration and speakers, then one paragraph per speaker
 * turn as `[hh:mm:ss] Speaker: text`, paragraphs separated by a blank line; `timestamps` adds
 * `[hh:mm:ss]` inside long turns every 30/60 s, or leaves every timestamp out.
 */
export function renderTxt(t: Transcript, timestamps: TimestampMode = 'turn'): string {
  const header = details(t)
    .filter(([label]) => HEADER_FIELDS.has(label))
    .map(([label, value]) => `${label}: ${value}`);
  const body = paragraphs(t, timestamps).map((p) => {
    const text = p.chunks.map((c) => (c.timestamp ? `${c.timestamp} ${c.text}` : c.text)).join(' ');
    return p.timestamp ? `${p.timestamp} ${p.speaker}: ${text}` : `${p.speaker}: ${text}`;
  });
  if (body.length === 0) body.push('(Nothing was transcribed.)');
  return `${header.join('\n')}\n\n${body.join('\n\n')}\n`;
}
