/**
 * The JSON the server sends, as zod schemas: the endpoints' response schemas (server/http/contract.ts),
 * the OpenAPI document's response bodies, and — through `import type` — the browser app's types
 * (client/types.ts). Objects are strict: a field the server starts sending must be declared here first.
 */
import { z } from 'zod';

const iso = z.string().describe('ISO-8601 date-time');
const isoOrNull = iso.nullable();

export const role = z.enum(['admin', 'client', 'transcriber', 'reviewer']);
export const recordingStatus = z.enum([
  'uploading',
  'uploaded',
  'processing',
  'transcribing',
  'reviewing',
  'completed',
  'failed',
]);
export const segmentStatus = z.enum(['open', 'assigned', 'submitted', 'reviewing', 'approved']);

/** The order (API.md § Orders): how the client wants it typed, its terms, its turnaround tiers. */
export const verbatim = z.enum(['clean', 'full']);
export const glossaryEntry = z.strictObject({ term: z.string(), note: z.string().optional() });
export const turnaround = z.strictObject({ name: z.string(), hours: z.number() });
/** GET /api/turnarounds: the tiers an upload may choose. */
export const turnarounds = z.strictObject({
  turnarounds: z.array(turnaround),
  defaultTurnaround: z.string(),
});

export const user = z.strictObject({
  id: z.string(),
  email: z.string(),
  /** Shown instead of ids wherever people are named; null when none was given (the e-mail stands in). */
  name: z.string().nullable(),
  role,
  /** Invited and has not chosen a password yet. */
  invitePending: z.boolean(),
  orgId: z.string().optional(),
  disabled: z.boolean(),
  /** The page language the user chose; null: the browser's. */
  locale: z.enum(['en', 'id']).nullable(),
  createdAt: isoOrNull,
});

/** Ranges heard of a segment's own part, in recording seconds, merged. */
export const heardRanges = z.array(z.tuple([z.number(), z.number()]));

export const org = z.strictObject({
  id: z.string(),
  name: z.string(),
  segmentSeconds: z.number(),
  minSegmentSeconds: z.number().nullable(),
  maxSegmentSeconds: z.number().nullable(),
  retentionDays: z.number().nullable(),
  /** Credentials in the URL are redacted. */
  webhookUrl: z.string().nullable(),
  /** The secret itself is never sent back. */
  webhookSecretSet: z.boolean(),
  /** Machine drafts from the ASR server for new recordings (ASR_URL). */
  asr: z.enum(['off', 'auto']),
  /** Drafts estimated below this quality are not handed out. */
  draftMinQuality: z.number(),
  createdAt: isoOrNull,
  /** Tiers clients choose from at upload (the defaults when the organisation set none). */
  turnarounds: z.array(turnaround),
  defaultTurnaround: z.string(),
  /** Markdown shown to transcribers and reviewers of this organisation's work. */
  styleGuide: z.string(),
  glossary: z.array(glossaryEntry),
});

export const segmentCounts = z.strictObject({
  total: z.number(),
  open: z.number(),
  assigned: z.number(),
  submitted: z.number(),
  approved: z.number(),
});

export const recording = z.strictObject({
  id: z.string(),
  orgId: z.string(),
  title: z.string(),
  filename: z.string(),
  status: recordingStatus,
  durationSec: z.number().nullable(),
  createdAt: isoOrNull,
  updatedAt: isoOrNull,
  completedAt: isoOrNull,
  error: z.string().optional(),
  /** 0..1 while processing. */
  progress: z.number(),
  language: z.string().nullable(),
  participants: z.array(z.string()),
  segmentSeconds: z.number().nullable(),
  speakerMap: z.record(z.string(), z.string()),
  classifier: z.enum(['yamnet', 'off']).nullable(),
  sizeBytes: z.number().nullable(),
  segments: segmentCounts,
  /** The order; null tier and deadline on recordings made before orders. */
  turnaround: z.string().nullable(),
  /** Upload completion + the tier's hours; null until the last byte arrives. */
  deadlineAt: isoOrNull,
  /** Estimated completion; null until the throughput makes it estimable. */
  etaAt: isoOrNull,
  atRisk: z.boolean(),
  verbatim,
  instructions: z.string(),
  /** This recording's extra terms (the organisation's glossary applies too). */
  glossary: z.array(glossaryEntry),
  /** The organisation's name: in an admin's list only (clients know their own). */
  orgName: z.string().nullable().optional(),
});

/** What a reviewer sees of a recording: no organisation, file name or size. */
export const reviewRecordingView = recording.pick({
  id: true,
  title: true,
  status: true,
  durationSec: true,
  participants: true,
  speakerMap: true,
  segments: true,
});

export const turn = z.strictObject({ speaker: z.string(), start: z.number(), text: z.string() });

export const segmentComment = z.strictObject({
  role,
  text: z.string(),
  at: isoOrNull,
  /** Who wrote it, by name: reviewers and admins only. */
  byName: z.string().nullable().optional(),
});

export const segmentHistoryEntry = z.strictObject({
  kind: z.enum(['submitted', 'approved', 'returned']),
  by: z.string(),
  version: z.number(),
  turns: z.array(turn),
  at: isoOrNull,
  heardRatio: z.number().nullable().optional(),
  /** `by`, named. */
  byName: z.string().nullable(),
});

/** The client's rules as a segment's holder and its reviewers see them: never the organisation's name. */
export const segmentOrder = z.strictObject({
  deadlineAt: isoOrNull,
  verbatim,
  instructions: z.string(),
  /** Markdown as the admin wrote it, and rendered by the server (raw HTML in it shown as text). */
  styleGuide: z.string(),
  styleGuideHtml: z.string(),
  glossary: z.array(glossaryEntry),
});

/** A word of a machine draft: seconds on the recording's clock; confidence 0..1 when the tool gave one. */
export const draftWord = z.strictObject({
  text: z.string(),
  start: z.number(),
  end: z.number(),
  confidence: z.number().optional(),
  speaker: z.string().optional(),
});

/** The machine draft a segment is handed out with (its words in the segment's own part). */
export const segmentDraft = z.strictObject({
  source: z.enum(['asr', 'import']),
  engine: z.string(),
  quality: z.number(),
  words: z.array(draftWord),
});

/** Answer to importing a draft: what was read, and how many segments took it. */
export const draftImport = z.strictObject({
  format: z.enum(['whisperx', 'assemblyai', 'deepgram', 'elevenlabs', 'rev', 'vtt', 'srt', 'rttm']),
  words: z.number(),
  speakers: z.array(z.string()),
  start: z.number(),
  end: z.number(),
  segments: z.number(),
});

export const segment = z.strictObject({
  id: z.string(),
  recordingId: z.string(),
  index: z.number(),
  start: z.number(),
  end: z.number(),
  contextStart: z.number(),
  contextEnd: z.number(),
  status: segmentStatus,
  version: z.number(),
  turns: z.array(turn),
  analysis: z.strictObject({
    speechRatio: z.number(),
    labels: z.array(z.strictObject({ name: z.string(), score: z.number() })),
  }),
  autoClosed: z.boolean(),
  comments: z.array(segmentComment),
  participants: z.array(z.string()),
  speakers: z.array(z.string()),
  leaseExpiresAt: isoOrNull,
  heardRatio: z.number().nullable(),
  /** Seconds the transcriber's editor has had focus on it (reported with each save). */
  editingSeconds: z.number(),
  /** The machine draft it is handed out with, or null (none, or below the organisation's bar). */
  draft: segmentDraft.nullable(),
  heard: heardRanges,
  // Reviewers and admins only: transcribers never see who else worked on a segment.
  transcriberId: z.string().nullable().optional(),
  transcriberName: z.string().nullable().optional(),
  reviewerId: z.string().nullable().optional(),
  reviewerName: z.string().nullable().optional(),
  history: z.array(segmentHistoryEntry).optional(),
  order: segmentOrder,
});

export const claim = z.strictObject({ segment, leaseExpiresAt: iso });

/** A segment returned to the caller, waiting for them to claim it (their Work page). */
export const returnedSegment = z.strictObject({
  id: z.string(),
  recordingId: z.string(),
  index: z.number(),
  start: z.number(),
  end: z.number(),
  /** The reviewer's comment. */
  comment: z.string(),
  returnedAt: isoOrNull,
  /** After this, anyone may claim it. */
  holdUntil: isoOrNull,
});

/** A new invite or reset link; `mailed` says whether it went out by e-mail (else pass it on). */
export const passwordLink = z.strictObject({
  kind: z.enum(['invite', 'reset']),
  url: z.string(),
  mailed: z.boolean(),
});

export const draftSaved = z.strictObject({ version: z.number(), leaseExpiresAt: iso });

export const apiToken = z.strictObject({
  id: z.string(),
  name: z.string(),
  createdAt: iso,
  lastUsedAt: isoOrNull,
  /** When it stops working; null: until revoked. */
  expiresAt: isoOrNull,
});

/** Answer to creating a token: the secret, shown this once. */
export const createdToken = z.strictObject({
  token: z.string(),
  id: z.string(),
  name: z.string(),
  expiresAt: isoOrNull,
});

export const auditEntry = z.strictObject({
  id: z.string(),
  at: iso,
  actorId: z.string().nullable(),
  /** The actor's name (or e-mail); null for the system. */
  actorName: z.string().nullable(),
  orgId: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
});

export const qualityRow = z.strictObject({
  userId: z.string(),
  email: z.string(),
  segments: z.number(),
  audioMinutes: z.number(),
  /** Pooled word error rate of submitted vs approved text; null before any review. */
  wer: z.number().nullable(),
  reviewedSegments: z.number(),
  meanHeardRatio: z.number().nullable(),
  /** Focused editor seconds per audio minute, on segments handed out with and without a machine draft. */
  editingSecPerAudioMinute: z.strictObject({
    withDraft: z.number().nullable(),
    withoutDraft: z.number().nullable(),
  }),
});

/** Machine drafts of one source and engine, against the text reviewers approved. */
export const draftFigureRow = z.strictObject({
  source: z.enum(['asr', 'import']),
  engine: z.string(),
  segments: z.number(),
  wer: z.number().nullable(),
});

export const webhookDelivery = z.strictObject({
  id: z.string(),
  orgId: z.string(),
  event: z.string(),
  recordingId: z.string(),
  url: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  lastError: z.string().nullable(),
  responseStatus: z.number().nullable(),
  createdAt: iso,
  deliveredAt: isoOrNull,
});

const counts = <K extends string>(keys: readonly K[]) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);

export const queueFigures = z.strictObject({
  segments: counts(segmentStatus.options),
  jobs: counts(['queued', 'running', 'failed'] as const),
});

export const reviewRecordingSummary = z.strictObject({
  id: z.string(),
  title: z.string(),
  status: recordingStatus,
  durationSec: z.number().nullable(),
  segments: segmentCounts,
});

export const reviewRecordingDetail = z.strictObject({
  recording: z.strictObject({
    id: z.string(),
    title: z.string(),
    durationSec: z.number().nullable(),
    participants: z.array(z.string()),
    speakerMap: z.record(z.string(), z.string()),
    status: recordingStatus,
  }),
  order: segmentOrder,
  segments: z.array(
    z.strictObject({
      id: z.string(),
      index: z.number(),
      start: z.number(),
      end: z.number(),
      status: segmentStatus,
      turns: z.array(turn),
      autoClosed: z.boolean(),
      heardRatio: z.number().nullable(),
    }),
  ),
});

/** GET /api/admin/backlog: open audio by deadline against the last 24 hours' throughput. */
export const backlog = z.strictObject({
  throughputAudioSecPerHour: z.number(),
  buckets: z.array(
    z.strictObject({
      /** Deadlines up to this moment, past the previous bucket's; null for the rest (and no deadline). */
      until: isoOrNull,
      openAudioSec: z.number(),
      recordings: z.number(),
    }),
  ),
  atRisk: z.array(recording),
});

/** Transcriber rates per audio minute by tier, and the extra for full verbatim. */
export const rates = z.strictObject({
  currency: z.string(),
  perAudioMinute: z.record(z.string(), z.number()),
  fullVerbatimExtra: z.number(),
});

/** What one approved segment earned its transcriber, at the rates in force when it was approved. */
export const earningLine = z.strictObject({
  segmentId: z.string(),
  approvedAt: iso,
  audioSec: z.number(),
  turnaround: z.string(),
  verbatim,
  amount: z.number(),
  userId: z.string(),
  /** Admins only: the transcriber's e-mail, for payroll. */
  email: z.string().nullable().optional(),
});

/** GET /api/earnings: a month's lines and totals. */
export const earnings = z.strictObject({
  month: z.string(),
  currency: z.string(),
  total: z.number(),
  /** The month's approved audio, in minutes. */
  audioMinutes: z.number(),
  /** Pooled word error rate of the approved submissions against the reviewer's text; null before any. */
  wer: z.number().nullable(),
  lines: z.array(earningLine),
});

/** One hit of GET /api/search: a turn of a completed transcript. */
export const searchHit = z.strictObject({
  recordingId: z.string(),
  title: z.string(),
  createdAt: iso,
  /** Seconds from the start of the recording. */
  start: z.number(),
  end: z.number(),
  speaker: z.string(),
  /** Plain text; `marks` are the [from, to) ranges in it that matched. */
  snippet: z.string(),
  marks: z.array(z.tuple([z.number(), z.number()])),
});

export const searchPage = z.strictObject({ hits: z.array(searchHit), nextCursor: z.string().nullable() });

export const health = z.strictObject({
  ok: z.boolean(),
  store: z.string(),
  ffmpeg: z.string(),
  classifier: z.enum(['yamnet', 'off']),
  classifierReason: z.string().optional(),
  /** "off", or the host of the ASR server (ASR_URL). */
  asr: z.string(),
  error: z.string().optional(),
});

export const errorBody = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
