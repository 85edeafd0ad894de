/**
 * A machine draft as every import format and the ASR engine produce it: words with times on the
 * recording's clock (seconds), optional confidence (0..1) and speaker label, or (RTTM) speaker
 * spans without words.
 */
export const DRAFT_FORMATS = [
  'whisperx',
  'assemblyai',
  'deepgram',
  'elevenlabs',
  'rev',
  'vtt',
  'srt',
  'rttm',
] as const;
export type DraftFormat = (typeof DRAFT_FORMATS)[number];

export function isDraftFormat(s: string): s is DraftFormat {
  return (DRAFT_FORMATS as readonly string[]).includes(s);
}

export interface DraftWord {
  text: string;
  start: number;
  end: number;
  confidence?: number;
  speaker?: string;
}

/** A word as a parser found it, with where it came from, so a later check can name the place. */
export interface ParsedWord extends DraftWord {
  /** `segments[2].words[7]` or `line 41`. */
  where: string;
}

/** Who speaks when (RTTM): no words. */
export interface SpeakerSpan {
  speaker: string;
  start: number;
  end: number;
  where: string;
}

export interface ParsedDraft {
  format: DraftFormat;
  words: ParsedWord[];
  spans: SpeakerSpan[];
}
