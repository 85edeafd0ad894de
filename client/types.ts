/**
 * Shapes of the JSON the server sends, derived from the server's response schemas
 * (server/http/schemas.ts, the endpoint table's). Type-only imports: esbuild erases them, so zod
 * stays out of the browser bundle. Dates are ISO strings, times seconds.
 */
import type { z } from 'zod';
import type * as S from '../server/http/schemas.ts';

export type Role = z.output<typeof S.role>;
export type User = z.output<typeof S.user>;
export type RecordingStatus = z.output<typeof S.recordingStatus>;
export type SegmentCounts = z.output<typeof S.segmentCounts>;
export type Recording = z.output<typeof S.recording>;
export type Turn = z.output<typeof S.turn>;
export type SegmentStatus = z.output<typeof S.segmentStatus>;
export type SegmentComment = z.output<typeof S.segmentComment>;
export type SegmentHistoryEntry = z.output<typeof S.segmentHistoryEntry>;
export type Segment = z.output<typeof S.segment>;
export type DraftWord = z.output<typeof S.draftWord>;
export type SegmentDraft = z.output<typeof S.segmentDraft>;
export type Claim = z.output<typeof S.claim>;
export type DraftSaved = z.output<typeof S.draftSaved>;
export type Org = z.output<typeof S.org>;
export type ApiToken = z.output<typeof S.apiToken>;
export type CreatedToken = z.output<typeof S.createdToken>;
export type AuditEntry = z.output<typeof S.auditEntry>;
export type QualityRow = z.output<typeof S.qualityRow>;
export type DraftFigureRow = z.output<typeof S.draftFigureRow>;
export type WebhookDelivery = z.output<typeof S.webhookDelivery>;
export type QueueFigures = z.output<typeof S.queueFigures>;
export type ReviewRecordingSummary = z.output<typeof S.reviewRecordingSummary>;
export type ReviewRecordingDetail = z.output<typeof S.reviewRecordingDetail>;
/** A segment returned to the caller, waiting for them (GET /api/work/mine `returned`). */
export type ReturnedSegment = z.output<typeof S.returnedSegment>;
export type PasswordLink = z.output<typeof S.passwordLink>;
/** One hit of GET /api/search: a turn of a completed transcript. */
export type SearchHit = z.output<typeof S.searchHit>;
export type SearchPage = z.output<typeof S.searchPage>;
/** The order (API.md § Orders): tiers, the client's rules as a segment's holder sees them, the backlog. */
export type Verbatim = z.output<typeof S.verbatim>;
export type GlossaryEntry = z.output<typeof S.glossaryEntry>;
export type Turnaround = z.output<typeof S.turnaround>;
export type Turnarounds = z.output<typeof S.turnarounds>;
export type SegmentOrder = z.output<typeof S.segmentOrder>;
export type Backlog = z.output<typeof S.backlog>;
export type Rates = z.output<typeof S.rates>;
export type EarningLine = z.output<typeof S.earningLine>;
export type Earnings = z.output<typeof S.earnings>;

/** The waveform file (GET …/peaks): written by the media pipeline, sent as stored. */
export interface Peaks {
  sampleRate: number;
  samplesPerPeak: number;
  peaks: number[];
  duration?: number;
}

/** GET …/transcript?format=json: an export, rendered by server/transcript. */
export interface TranscriptJson {
  recording: Record<string, unknown>;
  speakers: string[];
  turns: { speaker: string; start: number; end: number; text: string }[];
}
