import type { Turn } from '../domain.ts';
import { isoDate, roundMs } from './time.ts';
import { oneLine } from './text.ts';
import type { MergeInput, MergeSegmentInput, Transcript, TranscriptTurn } from './types.ts';

export const UNKNOWN_SPEAKER = 'Unknown speaker';

const NO_SPEECH = /\[no speech\]/gi;

interface PlacedTurn {
  speaker: string;
  start: number;
  end: number;
  text: string;
  segmentIndex: number;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}

/** A missing or nonsensical duration is replaced by the extent of the segments. */
function recordingDuration(durationSec: number | null, segments: MergeSegmentInput[]): number {
  if (durationSec !== null && Number.isFinite(durationSec) && durationSec > 0) return durationSec;
  return segments.reduce((max, s) => Math.max(max, finiteOr(s.end, 0)), 0);
}

/**
 * The reviewer's name for a raw label. Only the map's own keys count, so a label such as
 * `constructor` is never looked up on Object.prototype. An empty mapping falls back to the raw
 * label rather than hiding who spoke.
 */
export function speakerName(raw: string, speakerMap: Record<string, string>): string {
  const label = oneLine(raw);
  const key = Object.hasOwn(speakerMap, raw) ? raw : Object.hasOwn(speakerMap, label) ? label : null;
  const mapped = key === null ? '' : oneLine(String(speakerMap[key]));
  return mapped || label || UNKNOWN_SPEAKER;
}

/**
 * Places one segment's turns on the recording's time line. A turn belongs to the segment where
 * it starts (API.md), so a start stamped in the context audio is snapped onto the segment's own
 * part; this also keeps the segments' turns in index order. Each turn ends where the next turn
 * of its segment starts, the last one at the segment's end, so silence in a later segment is
 * not credited to the previous speaker.
 */
function placeSegment(
  seg: MergeSegmentInput,
  duration: number,
  speakerMap: Record<string, string>,
): PlacedTurn[] {
  const segStart = clamp(finiteOr(seg.start, 0), 0, duration);
  const segEnd = clamp(finiteOr(seg.end, duration), segStart, duration);
  const sorted = seg.turns
    .map((turn: Turn, i) => ({ turn, i, start: clamp(finiteOr(turn.start, segStart), segStart, segEnd) }))
    .sort((a, b) => a.start - b.start || a.i - b.i);
  const placed: PlacedTurn[] = [];
  sorted.forEach(({ turn, start }, k) => {
    const end = k + 1 < sorted.length ? sorted[k + 1].start : segEnd;
    // Ends are computed before dropping anything: a `[no speech]` turn still closes the one before it.
    const text = oneLine(turn.text);
    if (text.replace(NO_SPEECH, '').trim() === '') return;
    placed.push({
      speaker: speakerName(turn.speaker, speakerMap),
      start: roundMs(start),
      end: roundMs(end),
      text,
      segmentIndex: seg.index,
    });
  });
  return placed;
}

/**
 * Merges approved segments into one transcript: segments in index order, turns in time order
 * with absolute times, speakers renamed through the map, empty and `[no speech]` turns dropped,
 * and consecutive turns of one speaker, across segment seams too, joined into one paragraph.
 * Joined texts are separated by a single space (the formats show a paragraph as one block);
 * the original turns stay in `parts` so subtitles keep their timing.
 */
export function mergeTranscript(input: MergeInput): Transcript {
  const segments = [...input.segments].sort((a, b) => a.index - b.index);
  // Floored to the millisecond so that no time rounded for output can pass the real end.
  const duration = Math.floor(recordingDuration(input.recording.durationSec, segments) * 1000) / 1000;
  const turns: TranscriptTurn[] = [];
  for (const seg of segments) {
    for (const t of placeSegment(seg, duration, input.speakerMap)) {
      const part = { start: t.start, end: t.end, text: t.text };
      const last = turns.at(-1);
      if (last && last.speaker === t.speaker) {
        last.text += ' ' + t.text;
        last.end = Math.max(last.end, t.end);
        last.parts?.push(part);
        if (!last.segmentIndexes?.includes(t.segmentIndex)) last.segmentIndexes?.push(t.segmentIndex);
        continue;
      }
      turns.push({ ...part, speaker: t.speaker, segmentIndexes: [t.segmentIndex], parts: [part] });
    }
  }
  const r = input.recording;
  return {
    recording: {
      id: r.id,
      title: oneLine(r.title),
      filename: oneLine(r.filename),
      language: r.language === null ? null : oneLine(r.language) || null,
      durationSec: duration,
      createdAt: isoDate(r.createdAt) ?? new Date(0).toISOString(),
      completedAt: isoDate(r.completedAt),
      participants: r.participants.map(oneLine).filter((p) => p !== ''),
    },
    speakers: [...new Set(turns.map((t) => t.speaker))],
    turns,
  };
}
