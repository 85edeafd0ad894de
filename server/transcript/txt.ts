import { details, paragraphs } from './details.ts';
import type { Transcript } from './types.ts';

const HEADER_FIELDS = new Set(['Title', 'Date', 'Duration', 'Speakers']);

/**
 * Plain text: a header of title, date, duration and speakers, then one paragraph per speaker
 * turn as `[hh:mm:ss] Speaker: text`, paragraphs separated by a blank line.
 */
export function renderTxt(t: Transcript): string {
  const header = details(t)
    .filter(([label]) => HEADER_FIELDS.has(label))
    .map(([label, value]) => `${label}: ${value}`);
  const body = paragraphs(t).map((p) => `${p.timestamp} ${p.speaker}: ${p.text}`);
  if (body.length === 0) body.push('(Nothing was transcribed.)');
  return `${header.join('\n')}\n\n${body.join('\n\n')}\n`;
}
