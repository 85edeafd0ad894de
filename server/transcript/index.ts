export type {
  MergeInput,
  MergeRecordingInput,
  MergeSegmentInput,
  Transcript,
  TranscriptFormat,
  TranscriptPart,
  TranscriptRecording,
  TranscriptTurn,
} from './types.ts';
export { mergeTranscript, speakerName, UNKNOWN_SPEAKER } from './merge.ts';
export { buildCues, settleCues, defaultCueOptions, type Cue, type CueOptions } from './cues.ts';
export { renderTxt } from './txt.ts';
export { renderSrt, renderVtt, escapeSrt, escapeVtt } from './subtitles.ts';
export { renderJson } from './json.ts';
export { renderDocx } from './docx.ts';
export { oneLine } from './text.ts';
export { TIMESTAMP_MODES, type TimestampMode } from './details.ts';
export {
  TRANSCRIPT_FORMATS,
  isTranscriptFormat,
  contentType,
  renderTranscript,
  filename,
  contentDisposition,
} from './formats.ts';
