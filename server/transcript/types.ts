import type { Turn } from '../domain.ts';

/** The recording facts the merger needs; dates are epoch milliseconds as stored. */
export interface MergeRecordingInput {
  id: string;
  title: string;
  filename: string;
  language: string | null;
  /** Null when probing never finished; the segments' extent stands in for it then. */
  durationSec: number | null;
  createdAt: number;
  completedAt: number | null;
  participants: string[];
}

export interface MergeSegmentInput {
  index: number;
  /** The segment's own part `[start, end)` of the recording, in seconds. */
  start: number;
  end: number;
  /** Turns stamped with absolute recording times. */
  turns: Turn[];
}

export interface MergeInput {
  recording: MergeRecordingInput;
  segments: MergeSegmentInput[];
  /** Raw speaker label → display name, as set by a reviewer. */
  speakerMap: Record<string, string>;
}

export interface TranscriptRecording {
  id: string;
  title: string;
  filename: string;
  language: string | null;
  durationSec: number;
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601, or null when the merge happens before the recording is marked completed. */
  completedAt: string | null;
  participants: string[];
}

/** One original turn inside a merged paragraph; kept so subtitles follow the real timing. */
export interface TranscriptPart {
  start: number;
  end: number;
  text: string;
}

export interface TranscriptTurn {
  speaker: string;
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  text: string;
  /** Indexes of the segments this paragraph was typed in (more than one across a seam). */
  segmentIndexes?: number[];
  /** The turns joined into this paragraph, in order. Absent: the paragraph is one part. */
  parts?: TranscriptPart[];
}

export interface Transcript {
  recording: TranscriptRecording;
  /** Distinct speaker names in order of first appearance. */
  speakers: string[];
  turns: TranscriptTurn[];
}

export type TranscriptFormat = 'txt' | 'docx' | 'srt' | 'vtt' | 'json';
