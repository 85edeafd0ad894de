/**
 * Documents of realistic size for the archive benchmark, written straight through the store API:
 * completed recordings of ~60 approved segments each (two turns of ~1,500 characters and the
 * history entry that carries them, as a reviewed segment holds), their audit entries and jobs;
 * and the active work (recordings being transcribed, with open segments).
 */
import type {
  AuditDoc,
  JobDoc,
  RecordingDoc,
  SegmentDoc,
  SegmentHistoryEntry,
  Turn,
} from '../../server/domain.ts';
import { newSegmentDoc } from '../../server/services/ingest.ts';
import type { Store } from '../../server/store/index.ts';
import type { SearchEntry } from '../../server/store/types.ts';
import { turnText, vocabulary, zipf } from '../bench-search/vocab.ts';
import { rng } from '../../test/helpers/random.ts';

export const SEGMENTS_PER_RECORDING = 60;
const SEGMENT_SEC = 30;
const DAY_MS = 86_400_000;

// The search benchmark's vocabulary (a few thousand Indonesian and English words, Zipf-distributed),
// so that search over the archive meets realistic common and rare words.
const VOCAB = vocabulary();

/** A deterministic pseudo-random source, so every run builds the same archive. */
export const random = rng;

function sentence(rnd: () => number, chars: number): string {
  return turnText(VOCAB, drawFor(rnd), rnd, chars) + '.';
}
const draws = new WeakMap<() => number, () => number>();
const drawFor = (rnd: () => number): (() => number) => {
  let d = draws.get(rnd);
  if (!d) draws.set(rnd, (d = zipf(VOCAB.length, 1.0, rnd)));
  return d;
};

/** The search entries of an approved segment: each turn until the next (the last until the segment's end). */
function searchEntries(seg: SegmentDoc): SearchEntry[] {
  return seg.turns.map((t, i) => ({
    speaker: t.speaker,
    start: t.start,
    end: seg.turns[i + 1]?.start ?? seg.end,
    text: t.text,
  }));
}

export interface World {
  orgId: string;
  /** Who typed and reviewed the archive (user ids; the accounts need not exist). */
  transcriberIds: string[];
  reviewerId: string;
}

export function completedRecording(world: World, n: number, createdAt: number): RecordingDoc {
  const id = `arc${String(n).padStart(7, '0')}`;
  const segments = SEGMENTS_PER_RECORDING;
  return {
    _id: id,
    orgId: world.orgId,
    createdBy: 'bench-client',
    title: `Archived meeting ${n + 1}`,
    filename: `meeting-${n + 1}.m4a`,
    language: 'id',
    participants: ['Ani', 'Budi', 'Citra'],
    segmentSeconds: SEGMENT_SEC,
    status: 'completed',
    error: null,
    progress: 1,
    durationSec: segments * SEGMENT_SEC,
    sizeBytes: segments * SEGMENT_SEC * 16_000,
    sourceKey: `rec/${id}/source`,
    playbackKey: `rec/${id}/playback.opus`,
    peaksKey: `rec/${id}/peaks.json`,
    classifier: 'off',
    speakerMap: { 'Speaker 1': 'Ani', 'Speaker 2': 'Budi' },
    segments: { total: segments, open: 0, assigned: 0, submitted: 0, approved: segments },
    priority: 0,
    createdAt,
    updatedAt: createdAt + DAY_MS,
    completedAt: createdAt + DAY_MS,
  };
}

export function approvedSegment(
  world: World,
  rec: RecordingDoc,
  index: number,
  rnd: () => number,
): SegmentDoc {
  const seg = openSegment(rec, index, rec.createdAt);
  const start = seg.start;
  const by = world.transcriberIds[Math.floor(rnd() * world.transcriberIds.length)];
  const turns: Turn[] = [
    { speaker: 'Speaker 1', start: start + 0.4, text: sentence(rnd, 1500) },
    { speaker: 'Speaker 2', start: start + SEGMENT_SEC / 2, text: sentence(rnd, 1500) },
  ];
  const at = rec.createdAt + 3_600_000 + index * 60_000;
  const history: SegmentHistoryEntry[] = [{ kind: 'submitted', by, version: 7, turns, at, heardRatio: 1 }];
  return {
    ...seg,
    status: 'approved',
    version: 8,
    turns,
    history,
    pastHolders: [by, world.reviewerId],
    transcriberId: by,
    reviewerId: world.reviewerId,
    heardRatio: 1,
    updatedAt: at + 600_000,
  };
}

function auditOf(seg: SegmentDoc): AuditDoc[] {
  const at = seg.updatedAt;
  const base = { orgId: seg.orgId, target: seg._id, ip: '10.0.0.7' };
  return [
    { _id: `${seg._id}-c`, at: at - 900_000, actorId: seg.transcriberId, action: 'segment.claim', ...base },
    { _id: `${seg._id}-s`, at: at - 600_000, actorId: seg.transcriberId, action: 'segment.submit', ...base },
    { _id: `${seg._id}-a`, at, actorId: seg.reviewerId, action: 'segment.approve', ...base },
  ];
}

function doneJob(name: string, rec: RecordingDoc, at: number): JobDoc {
  return {
    _id: `${rec._id}-${name}`,
    name,
    payload: { recordingId: rec._id },
    status: 'done',
    attempts: 1,
    maxAttempts: 5,
    runAt: at,
    leaseOwner: null,
    leaseExpiresAt: null,
    error: null,
    dedupeKey: `${name}:${rec._id}`,
    createdAt: at,
    updatedAt: at,
    finishedAt: at + 60_000,
  };
}

/**
 * Writes `segments` approved segments (rounded up to whole recordings) with their recordings,
 * audit entries and jobs, 30 recordings per round of insertMany calls (one transaction); the
 * recordings were made 20 minutes apart, the newest at `until`.
 */
export async function writeArchive(
  store: Store,
  world: World,
  segments: number,
  until: number,
  progress: (segmentsWritten: number) => void,
): Promise<{ recordings: number; segments: number; audit: number; jobs: number }> {
  const recordings = Math.ceil(segments / SEGMENTS_PER_RECORDING);
  const rnd = random(1);
  const out = { recordings, segments: 0, audit: 0, jobs: 0 };
  const BATCH = 30; // recordings per round of writes (1,800 segments, ~11 MB)
  for (let first = 0; first < recordings; first += BATCH) {
    const recs: RecordingDoc[] = [];
    const segs: SegmentDoc[] = [];
    const audit: AuditDoc[] = [];
    const jobs: JobDoc[] = [];
    const indexed: Array<[RecordingDoc, SearchEntry[]]> = [];
    for (let n = first; n < Math.min(recordings, first + BATCH); n++) {
      const rec = completedRecording(world, n, until - (recordings - n) * 20 * 60_000);
      recs.push(rec);
      const entries: SearchEntry[] = [];
      for (let i = 0; i < SEGMENTS_PER_RECORDING; i++) {
        const seg = approvedSegment(world, rec, i, rnd);
        segs.push(seg);
        audit.push(...auditOf(seg));
        entries.push(...searchEntries(seg));
      }
      indexed.push([rec, entries]);
      jobs.push(doneJob('ingest', rec, rec.createdAt), doneJob('merge', rec, rec.completedAt!));
    }
    await Promise.all([
      store.collection<RecordingDoc>('recordings').insertMany(recs),
      store.collection<SegmentDoc>('segments').insertMany(segs),
      store.collection<AuditDoc>('audit').insertMany(audit),
      store.collection<JobDoc>('jobs').insertMany(jobs),
    ]);
    // The transcripts go into the search index as the merge job files them.
    for (const [rec, entries] of indexed)
      await store.search.replace(
        { recordingId: rec._id, orgId: rec.orgId, createdAt: rec.createdAt },
        entries,
      );
    out.segments += segs.length;
    out.audit += audit.length;
    out.jobs += jobs.length;
    progress(out.segments);
  }
  return out;
}

/** Open segments per recording in progress; the rest of its segments are approved already. */
export const OPEN_PER_RECORDING = 10;

/**
 * The active work: recordings being transcribed, each with its last OPEN_PER_RECORDING segments
 * open and the others approved, `open` open segments in all (so a client's first page of 100
 * recordings is the same in a store with an archive and in one without). Returns their ids.
 */
export async function writeActiveWork(
  store: Store,
  world: World,
  open: number,
  now: number,
): Promise<string[]> {
  const ids: string[] = [];
  const rnd = random(2);
  const count = Math.ceil(open / OPEN_PER_RECORDING);
  for (let n = 0; n < count; n++) {
    const opening = Math.min(OPEN_PER_RECORDING, open - n * OPEN_PER_RECORDING);
    const approved = SEGMENTS_PER_RECORDING - opening;
    const rec: RecordingDoc = {
      ...completedRecording(world, n, now - (count - n) * 60_000),
      _id: `act${String(n).padStart(4, '0')}`,
      title: `Meeting in progress ${n + 1}`,
      status: 'transcribing',
      segments: { total: SEGMENTS_PER_RECORDING, open: opening, assigned: 0, submitted: 0, approved },
      completedAt: null,
    };
    const segs = Array.from({ length: SEGMENTS_PER_RECORDING }, (_, i) =>
      i < approved ? approvedSegment(world, rec, i, rnd) : openSegment(rec, i, now),
    );
    await store.collection<RecordingDoc>('recordings').insertOne(rec);
    await store.collection<SegmentDoc>('segments').insertMany(segs);
    ids.push(rec._id);
  }
  return ids;
}

function openSegment(rec: RecordingDoc, index: number, now: number): SegmentDoc {
  const start = index * SEGMENT_SEC;
  return newSegmentDoc(
    rec,
    {
      index,
      start,
      end: start + SEGMENT_SEC,
      contextStart: Math.max(0, start - 3),
      contextEnd: start + SEGMENT_SEC + 3,
      analysis: { speechRatio: 0.9, labels: [{ name: 'Speech', score: 0.93 }] },
    },
    { audioKey: `rec/${rec._id}/seg/${index}.opus`, peaksKey: `rec/${rec._id}/seg/${index}.json` },
    now,
  );
}
