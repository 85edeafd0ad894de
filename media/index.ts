/**
 * The media pipeline's public API: everything the server and the scripts need. No HTTP, no
 * database; ffmpeg is spawned only by ./ffmpeg.ts.
 */
export {
  resolveMediaTools,
  ffmpegVersion,
  FfmpegError,
  type MediaTools,
  type MediaToolSettings,
} from './ffmpeg.ts';
export { MediaError, type MediaErrorKind } from './errors.ts';
export { probe, MAX_STREAMS, type ProbeResult, type ProbeStream } from './probe.ts';
export { ingest, type IngestOptions, type Manifest, type ManifestSegment } from './ingest.ts';
export {
  planCuts,
  boundsFor,
  boundsInOrder,
  DEFAULT_TARGET_SEC,
  type ChosenBounds,
  type CutOptions,
  type PlannedSegment,
  type SegmentBounds,
} from './cut-plan.ts';
export { classifierInfo, findYamnetModel } from './yamnet.ts';
export { detectPauses, type Interval } from './analysis.ts';
export { PLAYBACK } from './decode.ts';
export type { PeaksFile } from './peaks.ts';
export type { SegmentAnalysis } from './segment-analysis.ts';
