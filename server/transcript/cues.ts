import { oneLine, textWidth, wrapText } from './text.ts';
import type { Transcript, TranscriptPart } from './types.ts';

/** One subtitle cue: plain (unescaped) lines; each format escapes them its own way. */
export interface Cue {
  startMs: number;
  endMs: number;
  speaker: string;
  lines: string[];
}

export interface CueOptions {
  /** Columns per line (wide characters count two). */
  maxLineWidth: number;
  maxLines: number;
  maxCueMs: number;
  /** Shortest cue worth showing; squeezed when the next cue starts sooner. */
  minCueMs: number;
  /**
   * Slowest speech assumed, in ms per column. A turn whose time span is longer than its text
   * needs is followed by silence, so its cues are packed from its start instead of being
   * stretched over the silence.
   */
  maxMsPerColumn: number;
  /** Prefix the first cue of each paragraph with `Speaker: ` (SRT has no voice tags). */
  speakerPrefix: boolean;
}

export const defaultCueOptions: Readonly<CueOptions> = Object.freeze({
  maxLineWidth: 42,
  maxLines: 2,
  maxCueMs: 7000,
  minCueMs: 1000,
  maxMsPerColumn: 150,
  speakerPrefix: false,
});

/** Splits a part's text into cue-sized blocks of lines and times them within its span. */
function partCues(part: TranscriptPart, speaker: string, text: string, o: CueOptions): Cue[] {
  const lines = wrapText(text, o.maxLineWidth);
  const blocks: string[][] = [];
  for (let i = 0; i < lines.length; i += o.maxLines) blocks.push(lines.slice(i, i + o.maxLines));
  const weights = blocks.map((b) =>
    Math.max(
      1,
      b.reduce((w, l) => w + textWidth(l), 0),
    ),
  );
  const total = weights.reduce((a, b) => a + b, 0);
  const startMs = Math.round(part.start * 1000);
  const spanMs = Math.max(0, Math.round(part.end * 1000) - startMs);
  const msPerUnit = Math.min(spanMs / total, o.maxMsPerColumn);
  const cues: Cue[] = [];
  let at = startMs;
  blocks.forEach((block, i) => {
    const slot = weights[i] * msPerUnit;
    const start = Math.round(at);
    cues.push({
      startMs: start,
      endMs: start + Math.max(Math.round(slot), o.minCueMs),
      speaker,
      lines: block,
    });
    at += slot;
  });
  return cues;
}

/**
 * Makes the cue list valid whatever the input: starts strictly increasing, every cue at least
 * 1 ms long, at most `maxCueMs`, ending by the next cue's start and by the recording's end.
 * Starts that would leave no room for the cues after them are pulled back first.
 */
export function settleCues(cues: Cue[], durationMs: number, maxCueMs: number): Cue[] {
  const sorted = cues.map((c, i) => ({ c, i })).sort((a, b) => a.c.startMs - b.c.startMs || a.i - b.i);
  const n = sorted.length;
  // A recording shorter than 1 ms per cue cannot hold them all; stretch the limit rather than drop text.
  const limit = Math.max(Math.floor(durationMs), n);
  const starts = sorted.map(({ c }, k) => Math.min(Math.max(0, Math.round(c.startMs)), limit - (n - k)));
  for (let k = 1; k < n; k++) starts[k] = Math.max(starts[k], starts[k - 1] + 1);
  return sorted.map(({ c }, k) => {
    const bound = k + 1 < n ? starts[k + 1] : limit;
    const end = Math.max(starts[k] + 1, Math.min(Math.round(c.endMs), bound, starts[k] + maxCueMs));
    return { ...c, startMs: starts[k], endMs: end };
  });
}

/**
 * Subtitle cues for a transcript: each original turn's text wrapped into blocks of at most
 * `maxLines` × `maxLineWidth`, its time span shared among them in proportion to their length,
 * then settled so no two cues overlap and none leaves the recording.
 */
export function buildCues(t: Transcript, options: Partial<CueOptions> = {}): Cue[] {
  const o: CueOptions = { ...defaultCueOptions, ...options };
  const cues: Cue[] = [];
  for (const turn of t.turns) {
    const speaker = oneLine(turn.speaker);
    const parts = turn.parts && turn.parts.length > 0 ? turn.parts : [turn];
    let first = true;
    for (const part of parts) {
      const text = oneLine(part.text);
      if (text === '') continue;
      cues.push(...partCues(part, speaker, first && o.speakerPrefix ? `${speaker}: ${text}` : text, o));
      first = false;
    }
  }
  const duration = t.recording.durationSec;
  return settleCues(cues, Number.isFinite(duration) ? duration * 1000 : 0, o.maxCueMs);
}
