/** Document → API JSON. Times become ISO strings; internal fields stay inside. */
import type { OrgDoc, RecordingDoc, SegmentDoc, UserDoc, Role } from './domain.ts';
import { redactUrl } from './services/webhook-target.ts';
import { defaultTierOf, tiersOf, type OrderView } from './services/orders.ts';
import { DEFAULT_DRAFT_MIN_QUALITY } from './domain.ts';
import type { SegmentDraftView } from './services/drafts.ts';

const iso = (t: number | null | undefined): string | null => (t == null ? null : new Date(t).toISOString());

export function userJson(u: UserDoc) {
  return {
    id: u._id,
    email: u.email,
    name: u.name ?? null,
    role: u.role,
    // Invited and has not chosen a password yet.
    invitePending: u.passwordHash === '',
    orgId: u.orgId ?? undefined,
    disabled: u.disabled,
    locale: u.locale ?? null,
    createdAt: iso(u.createdAt),
  };
}

export function orgJson(o: OrgDoc) {
  return {
    id: o._id,
    name: o.name,
    segmentSeconds: o.segmentSeconds,
    minSegmentSeconds: o.minSegmentSeconds ?? null,
    maxSegmentSeconds: o.maxSegmentSeconds ?? null,
    retentionDays: o.retentionDays,
    // Credentials in the URL stay on the server; saving the redacted URL back keeps them.
    webhookUrl: o.webhookUrl && redactUrl(o.webhookUrl),
    webhookSecretSet: Boolean(o.webhookSecret),
    asr: o.asr ?? 'off',
    draftMinQuality: o.draftMinQuality ?? DEFAULT_DRAFT_MIN_QUALITY,
    createdAt: iso(o.createdAt),
    turnarounds: [...tiersOf(o)],
    defaultTurnaround: defaultTierOf(o),
    styleGuide: o.styleGuide ?? '',
    glossary: o.glossary ?? [],
  };
}

export function recordingJson(r: RecordingDoc) {
  return {
    id: r._id,
    orgId: r.orgId,
    title: r.title,
    filename: r.filename,
    status: r.status,
    durationSec: r.durationSec,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    completedAt: iso(r.completedAt),
    ...(r.error ? { error: r.error } : {}),
    progress: r.progress,
    language: r.language,
    participants: r.participants,
    segmentSeconds: r.segmentSeconds,
    speakerMap: r.speakerMap,
    classifier: r.classifier,
    sizeBytes: r.sizeBytes,
    segments: r.segments,
    turnaround: r.turnaround ?? null,
    deadlineAt: iso(r.deadlineAt),
    etaAt: iso(r.etaAt),
    atRisk: r.atRisk ?? false,
    verbatim: r.verbatim ?? 'clean',
    instructions: r.instructions ?? '',
    glossary: r.glossary ?? [],
  };
}

export interface SegmentExtras {
  participants: string[];
  speakers: string[];
  order: OrderView;
  /** The machine draft it is handed out with (DraftService.forSegment), or null. */
  draft?: SegmentDraftView | null;
  /** User id → name, for the people a reviewer or admin sees named (history, transcriber, reviewer). */
  names?: ReadonlyMap<string, string>;
}

/** The user ids a segment's reviewer view names (to look their names up in one go). */
export function peopleOf(s: SegmentDoc): string[] {
  return [
    s.transcriberId,
    s.reviewerId,
    ...s.history.map((h) => h.by),
    ...s.comments.map((c) => c.by),
  ].filter((x): x is string => typeof x === 'string');
}

/** What a transcriber sees carries no organisation, file name or title. Reviewers also see history. */
export function segmentJson(s: SegmentDoc, role: Role, extras: SegmentExtras) {
  const base = {
    id: s._id,
    recordingId: s.recordingId,
    index: s.index,
    start: s.start,
    end: s.end,
    contextStart: s.contextStart,
    contextEnd: s.contextEnd,
    status: s.status,
    version: s.version,
    turns: s.turns,
    analysis: s.analysis,
    autoClosed: s.autoClosed,
    comments: s.comments.map((c) => ({ role: c.role, text: c.text, at: iso(c.at) })),
    participants: extras.participants,
    speakers: extras.speakers,
    leaseExpiresAt: iso(s.leaseExpiresAt),
    heardRatio: s.heardRatio,
    // The client's rules travel with the segment; the organisation's name and the file name never do.
    order: { ...extras.order, deadlineAt: iso(extras.order.deadlineAt) },
    editingSeconds: s.editingSeconds ?? 0,
    draft: extras.draft ?? null,
    heard: s.heard ?? [],
  };
  if (role === 'transcriber') return base;
  const name = (id: string | null): string | null => (id ? (extras.names?.get(id) ?? null) : null);
  return {
    ...base,
    comments: s.comments.map((c) => ({ role: c.role, text: c.text, at: iso(c.at), byName: name(c.by) })),
    transcriberId: s.transcriberId,
    transcriberName: name(s.transcriberId),
    reviewerId: s.reviewerId,
    reviewerName: name(s.reviewerId),
    history: s.history.map((h) => ({ ...h, at: iso(h.at), byName: name(h.by) })),
  };
}
