import { renderDocx } from './docx.ts';
import { renderJson } from './json.ts';
import { renderSrt, renderVtt } from './subtitles.ts';
import { oneLine } from './text.ts';
import { renderTxt } from './txt.ts';
import type { Transcript, TranscriptFormat } from './types.ts';
import type { TimestampMode } from './details.ts';

export const TRANSCRIPT_FORMATS: readonly TranscriptFormat[] = Object.freeze([
  'txt',
  'docx',
  'srt',
  'vtt',
  'json',
]);

export function isTranscriptFormat(value: unknown): value is TranscriptFormat {
  return typeof value === 'string' && (TRANSCRIPT_FORMATS as readonly string[]).includes(value);
}

const CONTENT_TYPES: Record<TranscriptFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export function contentType(format: TranscriptFormat): string {
  return CONTENT_TYPES[format];
}

/** The file's bytes; text formats are UTF-8. `timestamps` applies to txt and docx. */
export async function renderTranscript(
  t: Transcript,
  format: TranscriptFormat,
  timestamps: TimestampMode = 'turn',
): Promise<Buffer> {
  switch (format) {
    case 'txt':
      return Buffer.from(renderTxt(t, timestamps), 'utf8');
    case 'srt':
      return Buffer.from(renderSrt(t), 'utf8');
    case 'vtt':
      return Buffer.from(renderVtt(t), 'utf8');
    case 'json':
      return Buffer.from(renderJson(t), 'utf8');
    case 'docx':
      return renderDocx(t, timestamps);
  }
}

const MAX_STEM = 80;
// Names Windows refuses for a file whatever the extension.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A safe ASCII file name for `Content-Disposition: filename=`: accents folded, anything but
 * letters, digits, `-`, `_` and `.` turned into `_`, no leading dot, never empty or reserved.
 */
export function filename(title: string, format: TranscriptFormat): string {
  let stem = oneLine(title)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[._]+|[._]+$/g, '')
    .slice(0, MAX_STEM)
    .replace(/[._]+$/, '');
  if (stem === '') stem = 'transcript';
  if (RESERVED.test(stem)) stem += '_';
  return `${stem}.${format}`;
}

/** RFC 5987 value-chars: percent-encode everything but attr-char. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `attachment; filename="…"` with the ASCII name, plus `filename*=UTF-8''…` carrying the title
 * as typed (path separators and quotes removed) when it is not plain ASCII already.
 */
export function contentDisposition(title: string, format: TranscriptFormat): string {
  const ascii = filename(title, format);
  const utf8Stem = Array.from(
    oneLine(title)
      .replace(/[\\/:*?"<>|]+/g, '_')
      .replace(/^[.\s]+/, ''),
  )
    .slice(0, MAX_STEM)
    .join('')
    .trim();
  const utf8 = `${utf8Stem || 'transcript'}.${format}`;
  const header = `attachment; filename="${ascii}"`;
  return utf8 === ascii ? header : `${header}; filename*=UTF-8''${rfc5987(utf8)}`;
}
