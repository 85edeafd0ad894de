/**
 * Machine first drafts: stores a segment's draft words (in `drafts`, keyed by the segment, so the
 * segment document and every claim stay small), decides whether the segment is handed out with them
 * (quality against the organisation's draftMinQuality), and imports a whole recording's draft from
 * an ASR tool's file. An import is checked whole before anything is written.
 */
import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import {
  DEFAULT_DRAFT_MIN_QUALITY,
  type DraftDoc,
  type DraftSummary,
  type OrgDoc,
  type SegmentDoc,
} from '../domain.ts';
import { ConflictError, InvalidDraftError } from '../errors.ts';
import type { Principal } from './auth.ts';
import type { AuditService } from './audit.ts';
import type { RecordingService } from './recordings.ts';
import type { Clock } from './lease.ts';
import { parseDraft } from '../drafts/formats/index.ts';
import type { DraftFormat, DraftWord, ParsedWord, SpeakerSpan } from '../drafts/types.ts';
import { byPart, draftQuality, draftTurns, labelBySpans, spanTurns, speakerNames } from '../drafts/shape.ts';

/** A word may end this far past the recording's end (tools round up their last times). */
const END_SLACK_SEC = 0.5;

export interface ImportResult {
  format: DraftFormat;
  words: number;
  speakers: string[];
  start: number;
  end: number;
  /** Segments that received the draft (those nobody had begun). */
  segments: number;
}

/** The draft as a segment's holder sees it (API.md § Machine first drafts). */
export interface SegmentDraftView {
  source: 'asr' | 'import';
  engine: string;
  quality: number;
  words: DraftWord[];
}

/** A segment nobody has begun: open, never saved, never submitted. Only these take a draft. */
const UNTOUCHED = { status: 'open', version: 0, transcriberId: null } as const;

export class DraftService {
  private readonly drafts: Collection<DraftDoc>;
  private readonly segments: Collection<SegmentDoc>;
  private readonly orgs: Collection<OrgDoc>;

  constructor(
    store: Store,
    private readonly recordings: RecordingService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.drafts = collectionOf(store, 'drafts');
    this.segments = collectionOf(store, 'segments');
    this.orgs = collectionOf(store, 'orgs');
  }

  async minQuality(orgId: string): Promise<number> {
    const org = await this.orgs.findOne({ _id: orgId });
    return org?.draftMinQuality ?? DEFAULT_DRAFT_MIN_QUALITY;
  }

  /**
   * Gives an untouched segment its draft: the words go to `drafts`; the segment records the summary
   * and, when the draft is good enough, starts with its words as turns (and is claimed first).
   * Returns false when the segment had been begun meanwhile (its work is never overwritten).
   */
  async store(
    seg: Pick<SegmentDoc, '_id' | 'recordingId' | 'orgId' | 'start' | 'end'>,
    words: DraftWord[],
    origin: { source: 'asr' | 'import'; engine: string },
    minQuality: number,
  ): Promise<boolean> {
    const now = this.clock();
    const quality = draftQuality(words);
    const usable = words.length > 0 && quality >= minQuality;
    const summary: DraftSummary = { ...origin, quality, usable, words: words.length, at: now };
    const r = await this.segments.updateOne(
      { _id: seg._id, ...UNTOUCHED },
      {
        $set: {
          draft: summary,
          draftRank: usable ? 1 : 0,
          draftHoldUntil: null,
          turns: usable ? draftTurns(words, seg) : [],
          updatedAt: now,
        },
      },
    );
    if (r.matchedCount === 0) return false;
    const doc: Omit<DraftDoc, '_id'> = {
      recordingId: seg.recordingId,
      orgId: seg.orgId,
      ...origin,
      quality,
      words,
      createdAt: now,
    };
    await this.drafts.updateOne({ _id: seg._id }, { $set: doc }, { upsert: true });
    return true;
  }

  /** The draft a segment is handed out with, or null (none, or below the quality bar). */
  async forSegment(seg: SegmentDoc): Promise<SegmentDraftView | null> {
    if (!seg.draft?.usable) return null;
    const d = await this.drafts.findOne({ _id: seg._id });
    if (!d) return null;
    return { source: d.source, engine: d.engine, quality: d.quality, words: d.words };
  }

  /** The stored words of a segment's draft, usable or not (for measuring drafts against approved text). */
  async wordsOf(segmentId: string): Promise<DraftDoc | null> {
    return this.drafts.findOne({ _id: segmentId });
  }

  forgetRecording(recordingId: string): Promise<unknown> {
    return this.drafts.deleteMany({ recordingId });
  }

  /** `PUT /api/recordings/:id/draft`: a client of the organisation (or an admin) brings a tool's output. */
  async importFile(
    p: Principal,
    recordingId: string,
    bytes: Uint8Array,
    format?: string,
  ): Promise<ImportResult> {
    const rec = await this.recordings.getVisible(p, recordingId);
    if (rec.status !== 'transcribing' && rec.status !== 'reviewing') {
      throw new ConflictError(
        'invalid_transition',
        rec.status === 'completed' || rec.status === 'failed'
          ? `The recording is ${rec.status}: a draft helps only before transcription.`
          : 'The recording is still being processed; send the draft once it is cut into segments (status "transcribing").',
      );
    }
    const parsed = parseDraft(bytes, format);
    const all = [...parsed.words, ...parsed.spans];
    const late = all.find((w) => rec.durationSec !== null && w.end > rec.durationSec + END_SLACK_SEC);
    if (late) {
      throw new InvalidDraftError(
        `${late.where} ends at ${late.end} s, past the recording's end (${rec.durationSec} s): is this the draft of another recording?`,
        late.where,
      );
    }
    const names = speakerNames(
      all.map((w) => w.speaker).filter((s): s is string => s !== undefined),
      rec.participants,
    );
    const rename = <W extends { speaker?: string }>(w: W): W =>
      w.speaker === undefined ? w : { ...w, speaker: names.get(w.speaker) };
    const words = parsed.words.map(rename).map(plain);
    const spans = parsed.spans.map(rename);

    const segs = await this.segments.find(
      { recordingId: rec._id },
      {
        sort: { index: 1 },
        projection: {
          _id: 1,
          recordingId: 1,
          orgId: 1,
          start: 1,
          end: 1,
          status: 1,
          version: 1,
          transcriberId: 1,
        },
      },
    );
    const untouched = (s: SegmentDoc): boolean => s.status === 'open' && s.version === 0 && !s.transcriberId;
    const min = await this.minQuality(rec.orgId);
    const origin = { source: 'import' as const, engine: parsed.format };
    let given = 0;
    if (parsed.format === 'rttm') {
      given = await this.applySpeakers(segs.filter(untouched), spans, min);
    } else {
      const parts = byPart(words, segs);
      for (const [i, seg] of segs.entries()) {
        if (!untouched(seg) || parts[i].length === 0) continue;
        if (await this.store(seg, parts[i], origin, min)) given++;
      }
    }
    const times = all.flatMap((w) => [w.start, w.end]);
    const result: ImportResult = {
      format: parsed.format,
      words: words.length,
      speakers: [...new Set(names.values())].sort(),
      start: times.length ? Math.min(...times) : 0,
      end: times.length ? Math.max(...times) : 0,
      segments: given,
    };
    await this.audit.record(
      p,
      'recording.draft_import',
      rec._id,
      { ...result, speakers: undefined },
      rec.orgId,
    );
    return result;
  }

  /** RTTM: speakers for the words of drafts already there, or empty turns per speaker where none is. */
  private async applySpeakers(segs: SegmentDoc[], spans: SpeakerSpan[], min: number): Promise<number> {
    let given = 0;
    for (const seg of segs) {
      const existing = await this.drafts.findOne({ _id: seg._id });
      if (existing && existing.words.length > 0) {
        const words = labelBySpans(existing.words, spans);
        if (await this.store(seg, words, { source: existing.source, engine: existing.engine }, min)) given++;
        continue;
      }
      const turns = spanTurns(spans, seg);
      if (turns.length === 0) continue;
      const r = await this.segments.updateOne(
        { _id: seg._id, ...UNTOUCHED },
        { $set: { turns, updatedAt: this.clock() } },
      );
      given += r.matchedCount;
    }
    return given;
  }
}

/** A parsed word without its parser's bookkeeping, as stored. */
function plain(w: ParsedWord): DraftWord {
  const out: DraftWord = { text: w.text, start: w.start, end: w.end };
  if (w.confidence !== undefined) out.confidence = w.confidence;
  if (w.speaker !== undefined) out.speaker = w.speaker;
  return out;
}
