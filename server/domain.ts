/**
 * Document shapes stored in the collections. Times are epoch milliseconds; the HTTP layer turns
 * them into ISO-8601 strings.
 */
import type { SegmentAnalysis } from '../media/index.ts';
import type { DraftWord } from './drafts/types.ts';

export type Role = 'admin' | 'client' | 'transcriber' | 'reviewer';

export interface OrgDoc {
  _id: string;
  name: string;
  /** Target segment length in seconds (min/max bounds derive from it unless set). */
  segmentSeconds: number;
  minSegmentSeconds?: number;
  maxSegmentSeconds?: number;
  retentionDays: number | null;
  webhookUrl: string | null;
  webhookSecret: string | null;
  /** Ask the ASR engine (ASR_URL) for a draft of each segment after ingest; absent: off. */
  asr?: 'off' | 'auto';
  /** Drafts whose quality is below this are not handed out (absent: DEFAULT_DRAFT_MIN_QUALITY). */
  draftMinQuality?: number;
  createdAt: number;
  /** Turnaround tiers clients choose from at upload (orders.ts holds the defaults when absent). */
  turnarounds?: Turnaround[];
  defaultTurnaround?: string;
  /** Markdown shown to transcribers and reviewers of this organisation's work. */
  styleGuide?: string;
  glossary?: GlossaryEntry[];
}

export interface Turnaround {
  name: string;
  hours: number;
}

export interface GlossaryEntry {
  term: string;
  note?: string;
}

export type Verbatim = 'clean' | 'full';
/** Below this estimated quality a machine draft costs more to correct than typing from blank. */
export const DEFAULT_DRAFT_MIN_QUALITY = 0.7;

export interface UserDoc {
  _id: string;
  email: string;
  /** The person's name, shown wherever people are named (the e-mail stands in when absent). */
  name?: string;
  role: Role;
  orgId: string | null;
  /** `scrypt$N$r$p$salt$hash` (base64). */
  passwordHash: string;
  disabled: boolean;
  /** The page language the user chose; absent or null: the browser's. */
  locale?: PageLocale | null;
  createdAt: number;
  updatedAt: number;
}

/** The languages the pages speak (the source English and Bahasa Indonesia). */
export const PAGE_LOCALES = ['en', 'id'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];

export interface SessionDoc {
  _id: string; // sha256 of the cookie value
  userId: string;
  createdAt: number;
  expiresAt: number;
  lastSeenAt: number;
}

export interface TokenDoc {
  _id: string;
  userId: string;
  name: string;
  /** sha256 hex of the secret; unique. */
  hash: string;
  createdAt: number;
  lastUsedAt: number | null;
  /** When the token stops working (ms); null or absent (tokens made before expiry existed): never. */
  expiresAt?: number | null;
}

/**
 * A single-use link to set a password: an invite (a new user's first password) or a reset. Only
 * the sha256 of its secret is stored; it works once, until `expiresAt`, and no longer once the
 * user's password changed by any route.
 */
export interface PasswordTokenDoc {
  _id: string;
  userId: string;
  kind: 'invite' | 'reset';
  /** sha256 hex of the secret sent in the link; unique. */
  hash: string;
  createdAt: number;
  expiresAt: number;
  /** When it was used or withdrawn; null while it still works. */
  usedAt: number | null;
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

export interface RecordingDoc {
  _id: string;
  orgId: string;
  createdBy: string;
  title: string;
  filename: string;
  language: string | null;
  participants: string[];
  segmentSeconds: number | null;
  status: RecordingStatus;
  error: string | null;
  /** 0..1 while processing. */
  progress: number;
  durationSec: number | null;
  sizeBytes: number | null;
  /** Blob keys. */
  sourceKey: string | null;
  playbackKey: string | null;
  peaksKey: string | null;
  classifier: 'yamnet' | 'off' | null;
  speakerMap: Record<string, string>;
  segments: SegmentCounts;
  /** Higher first when claiming. */
  priority: number;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
  /** The order (wave 2; absent on recordings made before it): tier, and its hours when uploaded. */
  turnaround?: string;
  turnaroundHours?: number;
  /** Set when the last byte arrives: upload completion + the tier's hours. Never moved afterwards. */
  deadlineAt?: number | null;
  verbatim?: Verbatim;
  instructions?: string;
  /** This recording's extra terms (the organisation's glossary applies too). */
  glossary?: GlossaryEntry[];
  /** Audio seconds of the segments not yet approved (kept by RecordingService.refresh). */
  remainingAudioSec?: number;
  /** Estimated completion (backlog.ts); null until the throughput makes it estimable. */
  etaAt?: number | null;
  atRisk?: boolean;
  /** When the `recording.at_risk` webhook was queued: it is sent once per recording. */
  atRiskNotifiedAt?: number;
}

export type SegmentStatus = 'open' | 'assigned' | 'submitted' | 'reviewing' | 'approved';

export interface Turn {
  speaker: string;
  start: number;
  text: string;
}

export interface SegmentComment {
  by: string;
  role: Role;
  text: string;
  at: number;
}

export interface SegmentHistoryEntry {
  kind: 'submitted' | 'approved' | 'returned';
  by: string;
  version: number;
  turns: Turn[];
  at: number;
  heardRatio?: number;
}

/**
 * One transcriber's running quality figures, kept up to date at each submission and approval so the
 * admin's figures never read the archive (server/services/stats.ts). `_id` is the user id; the
 * document `_id: '~backfill'` records when totals began for a store that had history before them.
 */
export interface TranscriberTotalsDoc {
  _id: string;
  /** Distinct segments submitted. */
  segments: number;
  /** Their own audio, seconds. */
  audioSec: number;
  /** Word errors of the last submission against the approved text, and the approved words. */
  errors: number;
  refWords: number;
  reviewed: number;
  heardSum: number;
  heardCount: number;
  /** Backfill marker only: history before this instant is counted by the backfill job. */
  since?: number;
  /** Backfill marker only: recordings made before this instant are counted; null before the first page. */
  cursor?: number | null;
  backfilled?: boolean;
}

export interface SegmentDoc {
  _id: string;
  recordingId: string;
  orgId: string;
  index: number;
  start: number;
  end: number;
  contextStart: number;
  contextEnd: number;
  status: SegmentStatus;
  version: number;
  turns: Turn[];
  analysis: SegmentAnalysis;
  autoClosed: boolean;
  audioKey: string;
  peaksKey: string;
  comments: SegmentComment[];
  history: SegmentHistoryEntry[];
  /** Everyone who ever held the lease: a past holder's late save learns `lease_expired`, not 404. */
  pastHolders?: string[];
  /** Who holds the lease (transcriber while assigned, reviewer while reviewing). */
  holderId: string | null;
  leaseExpiresAt: number | null;
  transcriberId: string | null;
  reviewerId: string | null;
  /** The transcriber a returned segment waits for (who submitted it), until `returnHoldUntil`. */
  returnedTo?: string | null;
  /** End of the return hold (ms): before it only `returnedTo` may claim the segment. */
  returnHoldUntil?: number | null;
  /** Share of the segment's own audio the transcriber played (0..1). */
  heardRatio: number | null;
  /** Seconds the transcriber's editor had focus on this segment, as it last reported (absent: never). */
  editingSeconds?: number;
  /** The machine draft's summary (its words are in `drafts`, so this document stays small). */
  draft?: DraftSummary | null;
  /** 1 when handed out with a usable draft: such segments are claimed first (WorkService CLAIM_SORT). */
  draftRank?: number;
  /** Not handed out before this time while its ASR draft is pending (epoch ms); absent: no wait. */
  draftHoldUntil?: number | null;
  /** What transcribers heard of the own part, as merged ranges in recording seconds (services/heard.ts). */
  heard?: [number, number][];
  /** Recording priority copied here so a claim is one indexed query. */
  priority: number;
  /** The recording's deadline, copied for the same reason (absent on segments made before orders). */
  deadlineAt?: number | null;
  recordingCreatedAt: number;
  createdAt: number;
  updatedAt: number;
}

/** A segment of a deleted recording, remembered for the people who held it (services/tombstones.ts). */
export interface SegmentTombstoneDoc {
  _id: string;
  /** Everyone who held the segment. */
  people: string[];
  /** Deleted by the client (or an admin), or purged by the retention policy. */
  reason: 'client' | 'retention';
  at: number;
}

/** What a segment records of its machine draft. */
export interface DraftSummary {
  source: 'asr' | 'import';
  /** The ASR model, or the import's format (whisperx, vtt …). */
  engine: string;
  quality: number;
  /** Quality at or above the organisation's draftMinQuality when stored: handed out with it. */
  usable: boolean;
  words: number;
  at: number;
}

/** A segment's draft words (`_id` is the segment's), kept apart from the segment document. */
export interface DraftDoc {
  _id: string;
  recordingId: string;
  orgId: string;
  source: 'asr' | 'import';
  engine: string;
  quality: number;
  words: DraftWord[];
  createdAt: number;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobDoc {
  _id: string;
  name: string;
  payload: Record<string, unknown>;
  status: JobStatus;
  attempts: number;
  maxAttempts: number;
  /** Not before. */
  runAt: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  error: string | null;
  /** Optional unique key so the same job is not queued twice. */
  dedupeKey?: string;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface AuditDoc {
  _id: string;
  at: number;
  actorId: string | null;
  orgId: string | null;
  action: string;
  target: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
}

export type WebhookEvent = 'recording.completed' | 'recording.failed' | 'recording.at_risk';

/** A webhook delivery: one event for one organisation's receiver, retried until it lands. */
export interface DeliveryDoc {
  _id: string;
  orgId: string;
  event: WebhookEvent;
  recordingId: string;
  url: string;
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  responseStatus: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

/** Approved audio seconds in one clock hour (backlog.ts): the last 24 of these are the throughput. */
export interface ThroughputDoc {
  /** The hour's start (epoch ms) as a string. */
  _id: string;
  hour: number;
  audioSec: number;
}

/** Per-audio-minute rates by tier, as the admin set them last (one document, `_id: 'current'`). */
export interface RatesDoc {
  _id: string;
  currency: string;
  perAudioMinute: Record<string, number>;
  fullVerbatimExtra: number;
  updatedAt: number;
  updatedBy: string | null;
}

/** What one approved segment earned its transcriber, at the rates in force when it was approved. */
export interface EarningDoc {
  /** The segment's id: a segment earns once. */
  _id: string;
  userId: string;
  orgId: string;
  recordingId: string;
  approvedAt: number;
  audioSec: number;
  turnaround: string;
  verbatim: Verbatim;
  currency: string;
  amount: number;
  /** Word errors of the approved submission against the reviewer's text, and the reference length. */
  werErrors: number;
  werRefWords: number;
}

/** The document type each collection holds (server/services/collections.ts gives typed access). */
export interface CollectionDocs {
  orgs: OrgDoc;
  users: UserDoc;
  sessions: SessionDoc;
  tokens: TokenDoc;
  password_links: PasswordTokenDoc;
  segment_tombstones: SegmentTombstoneDoc;
  recordings: RecordingDoc;
  segments: SegmentDoc;
  jobs: JobDoc;
  audit: AuditDoc;
  webhooks: DeliveryDoc;
  drafts: DraftDoc;
  figures: FigureDoc;
  transcriber_totals: TranscriberTotalsDoc;
  throughput: ThroughputDoc;
  rates: RatesDoc;
  earnings: EarningDoc;
}

/**
 * Running totals for the admin's quality page, added to at each approval so the page reads a few
 * documents instead of scanning the archive. `_id`: `draft:<source>:<engine>` or
 * `editing:<userId>:<draft|blank>`.
 */
export interface FigureDoc {
  _id: string;
  kind: 'draft' | 'editing';
  /** draft: the source and engine; editing: the transcriber and whether a draft was handed out. */
  source?: 'asr' | 'import';
  engine?: string;
  userId?: string;
  withDraft?: boolean;
  segments: number;
  /** draft: word errors of the draft against the approved text, and the approved text's words. */
  errors?: number;
  refWords?: number;
  /** editing: focused editor seconds, and the audio seconds they were spent on. */
  editingSec?: number;
  audioSec?: number;
}
