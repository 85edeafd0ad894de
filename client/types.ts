/** Shapes of the JSON the server sends (see ../shared/design/API.md). Dates are ISO strings, times seconds. */
export type Role = 'admin' | 'client' | 'transcriber' | 'reviewer';

export interface User {
  id: string;
  email: string;
  role: Role;
  orgId?: string | null;
  disabled?: boolean;
}

export type RecordingStatus =
  'uploading' | 'uploaded' | 'processing' | 'transcribing' | 'reviewing' | 'completed' | 'failed';

export interface SegmentCounts {
  total: number;
  open: number;
  assigned: number;
  submitted: number;
  approved: number;
}

export interface Recording {
  id: string;
  orgId: string;
  title: string;
  filename: string;
  status: RecordingStatus;
  durationSec: number | null;
  createdAt: string;
  error?: string | null;
  progress?: number;
  language?: string | null;
  participants?: string[];
  speakerMap?: Record<string, string>;
  segments: SegmentCounts;
  /** The order (wave 2): tier, deadline, estimated completion. */
  turnaround?: string | null;
  deadlineAt?: string | null;
  etaAt?: string | null;
  atRisk?: boolean;
  verbatim?: Verbatim;
  instructions?: string;
}

export type Verbatim = 'clean' | 'full';

export interface GlossaryEntry {
  term: string;
  note?: string;
}

/** The client's rules as a segment's holder and reviewer see them. */
export interface SegmentOrder {
  deadlineAt: string | null;
  verbatim: Verbatim;
  instructions: string;
  styleGuide: string;
  /** The style guide rendered by the server (markdown, raw HTML shown as text). */
  styleGuideHtml: string;
  glossary: GlossaryEntry[];
}

export interface Peaks {
  sampleRate: number;
  samplesPerPeak: number;
  peaks: number[];
  duration?: number;
}

export interface Turn {
  speaker: string;
  start: number;
  text: string;
}

export type SegmentStatus = 'open' | 'assigned' | 'submitted' | 'reviewing' | 'approved';

export interface SegmentComment {
  by: string;
  role: Role;
  text: string;
  at: string;
}

export interface SegmentHistoryEntry {
  kind: 'submitted' | 'approved' | 'returned';
  by: string;
  version: number;
  turns: Turn[];
  at: string;
  heardRatio?: number | null;
}

export interface Segment {
  id: string;
  recordingId: string;
  index: number;
  start: number;
  end: number;
  contextStart: number;
  contextEnd: number;
  status: SegmentStatus;
  version: number;
  turns: Turn[];
  analysis?: { speechRatio: number; labels: { name: string; score: number }[] };
  comments?: SegmentComment[];
  participants?: string[];
  speakers?: string[];
  leaseExpiresAt?: string | null;
  heardRatio?: number | null;
  history?: SegmentHistoryEntry[];
  order?: SegmentOrder;
}

export interface Claim {
  segment: Segment;
  leaseExpiresAt: string;
}

export interface DraftSaved {
  version: number;
  leaseExpiresAt: string;
}

export interface Org {
  id: string;
  name: string;
  segmentSeconds?: number;
  retentionDays?: number | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  createdAt?: string;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  /** When it stops working; null: until revoked. */
  expiresAt: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail?: string | null;
  orgId: string | null;
  action: string;
  target: string | null;
  details: unknown;
}

export interface QualityRow {
  userId: string;
  email: string;
  segments: number;
  audioMinutes: number;
  wer: number | null;
}

export interface WebhookDelivery {
  id: string;
  orgId: string;
  event: string;
  recordingId: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface QueueFigures {
  segments: Record<'open' | 'assigned' | 'submitted' | 'reviewing' | 'approved', number>;
  jobs: Record<'queued' | 'running' | 'failed', number>;
}

export interface ReviewRecordingSummary {
  id: string;
  title: string;
  status: RecordingStatus;
  durationSec: number | null;
  segments: SegmentCounts;
}

export interface ReviewRecordingDetail {
  recording: {
    id: string;
    title: string;
    durationSec: number | null;
    participants: string[];
    speakerMap: Record<string, string>;
    status: RecordingStatus;
  };
  order?: SegmentOrder;
  segments: {
    id: string;
    index: number;
    start: number;
    end: number;
    status: SegmentStatus;
    turns: Turn[];
    autoClosed: boolean;
  }[];
}

export interface TranscriptJson {
  recording: Record<string, unknown>;
  speakers: string[];
  turns: { speaker: string; start: number; end: number; text: string }[];
}

/** One hit of GET /api/search: a turn of a completed transcript. */
export interface SearchHit {
  recordingId: string;
  title: string;
  createdAt: string;
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  speaker: string;
  /** Plain text; `marks` are the [from, to) ranges in it that matched. */
  snippet: string;
  marks: Array<[number, number]>;
}

export interface SearchPage {
  hits: SearchHit[];
  nextCursor: string | null;
}
