/**
 * The media pipeline's public API: what the server and the scripts use, and the types of its
 * arguments and results. No HTTP, no database, no environment; ffmpeg is spawned only by
 * ./ffmpeg.ts.
 */
export { resolveMediaTools, ffmpegVersion, type MediaTools, type MediaToolSettings } from './ffmpeg.ts';
export { MediaError, type MediaErrorKind } from './errors.ts';
export { probe, checkMaxDuration, type ProbeResult, type ProbeStream } from './probe.ts';
export { ingest, type IngestOptions, type Manifest, type ManifestSegment } from './ingest.ts';
export {
  boundsFor,
  boundsInOrder,
  DEFAULT_TARGET_SEC,
  type ChosenBounds,
  type SegmentBounds,
} from './cut-plan.ts';
export { classifierInfo, findYamnetModel } from './yamnet.ts';
export type { SegmentAnalysis } from './segment-analysis.ts';
