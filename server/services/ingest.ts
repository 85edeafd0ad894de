/**
 * The ingest job: uploaded → processing → transcribing. Runs the media pipeline once, stores its
 * outputs through the blob store, and inserts the segments exactly once (deterministic ids and
 * insert-if-absent, so a retry after a crash neither duplicates nor overwrites work).
 */
import { collectionOf } from './collections.ts';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  boundsFor,
  ingest as runPipeline,
  MediaError,
  type Manifest,
  type MediaTools,
  type SegmentBounds,
} from '../../media/index.ts';
import type { Collection, Store } from '../store/types.ts';
import type { OrgDoc, RecordingDoc, SegmentDoc } from '../domain.ts';
import { PermanentJobError, type JobContext } from '../jobs/worker.ts';
import type { RecordingService } from './recordings.ts';
import type { AuditService } from './audit.ts';
import { WorkService } from './work.ts';

/** Below this share of speech a segment counts as having none and is closed as `[no speech]`. */
export const NO_SPEECH_RATIO = 0.01;

export interface IngestOptions {
  dataDir: string;
  tools: MediaTools;
  modelPath: string | null;
  defaultSegmentSeconds: number;
  /** MAX_SEGMENTS_PER_RECORDING: a target that would make more segments is raised to fit. */
  maxSegments: number;
  /** MAX_RECORDING_SECONDS: a longer recording fails (its header may have understated its length). */
  maxDurationSec: number;
}

/** A segment as the ingest creates it: open, or closed as `[no speech]` when nothing was said. */
export function newSegmentDoc(
  rec: Pick<RecordingDoc, '_id' | 'orgId' | 'priority' | 'createdAt' | 'deadlineAt'>,
  s: Pick<SegmentDoc, 'index' | 'start' | 'end' | 'contextStart' | 'contextEnd' | 'analysis'>,
  keys: { audioKey: string; peaksKey: string },
  now: number,
): SegmentDoc {
  const noSpeech = s.analysis.speechRatio < NO_SPEECH_RATIO;
  return {
    _id: `${rec._id}-${s.index}`,
    recordingId: rec._id,
    orgId: rec.orgId,
    index: s.index,
    start: s.start,
    end: s.end,
    contextStart: s.contextStart,
    contextEnd: s.contextEnd,
    status: noSpeech ? 'approved' : 'open',
    version: 0,
    turns: noSpeech ? WorkService.noSpeechTurns(s) : [],
    analysis: s.analysis,
    autoClosed: noSpeech,
    ...keys,
    comments: [],
    history: [],
    holderId: null,
    leaseExpiresAt: null,
    transcriberId: null,
    reviewerId: null,
    heardRatio: null,
    draft: null,
    draftRank: 0,
    priority: rec.priority,
    deadlineAt: rec.deadlineAt ?? null,
    recordingCreatedAt: rec.createdAt,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Which settings apply to a recording: its own target, else its organisation's, else
 * SEGMENT_SECONDS; the bounds follow the cut plan's rule (`boundsFor`) with the organisation's
 * minimum and maximum.
 */
export function segmentBounds(
  org: Pick<OrgDoc, 'segmentSeconds' | 'minSegmentSeconds' | 'maxSegmentSeconds'> | null,
  rec: Pick<RecordingDoc, 'segmentSeconds'>,
  defaultTarget: number,
): SegmentBounds {
  const targetSec = rec.segmentSeconds ?? org?.segmentSeconds ?? defaultTarget;
  return boundsFor(targetSec, { minSec: org?.minSegmentSeconds, maxSec: org?.maxSegmentSeconds });
}

export class IngestService {
  private readonly segments: Collection<SegmentDoc>;
  private readonly orgs: Collection<OrgDoc>;

  constructor(
    private readonly store: Store,
    private readonly recordings: RecordingService,
    private readonly audit: AuditService,
    private readonly opts: IngestOptions,
  ) {
    this.segments = collectionOf(store, 'segments');
    this.orgs = collectionOf(store, 'orgs');
  }

  async run(recordingId: string, ctx: JobContext): Promise<void> {
    const rec = await this.recordings.byId(recordingId);
    if (!rec || !['uploaded', 'processing'].includes(rec.status) || !rec.sourceKey) return;
    const org = await this.orgs.findOne({ _id: rec.orgId });
    await this.recordings.setStatus(rec._id, 'processing', { progress: 0, error: null });
    const tmpRoot = path.join(this.opts.dataDir, 'tmp');
    await mkdir(tmpRoot, { recursive: true });
    const tmp = await mkdtemp(path.join(tmpRoot, `ingest-${rec._id}-`));
    try {
      const src = path.join(tmp, `source${path.extname(rec.sourceKey)}`);
      await pipeline(this.store.blobs.createReadStream(rec.sourceKey), createWriteStream(src), {
        signal: ctx.signal,
      });
      const out = path.join(tmp, 'out');
      let lastReport = 0;
      let manifest: Manifest;
      try {
        manifest = await runPipeline(src, out, {
          ...segmentBounds(org, rec, this.opts.defaultSegmentSeconds),
          maxSegments: this.opts.maxSegments,
          maxDurationSec: this.opts.maxDurationSec,
          tools: this.opts.tools,
          modelPath: this.opts.modelPath,
          signal: ctx.signal,
          onProgress: (fraction: number) => {
            const now = Date.now();
            if (now - lastReport < 500) return;
            lastReport = now;
            void this.recordings.setStatus(rec._id, 'processing', {
              progress: Math.round(fraction * 0.9 * 1000) / 1000,
            });
          },
        });
      } catch (e) {
        if (e instanceof MediaError) throw new PermanentJobError(e.message);
        throw e;
      }
      await this.storeOutputs(rec, out, manifest);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  private async storeOutputs(rec: RecordingDoc, out: string, m: Manifest): Promise<void> {
    const base = `rec/${rec._id}`;
    const ext = (f: string): string => path.extname(f) || '.bin';
    const playbackKey = `${base}/playback${ext(m.playback)}`;
    const peaksKey = `${base}/peaks.json`;
    await this.store.blobs.putFile(playbackKey, path.join(out, m.playback));
    await this.store.blobs.putFile(peaksKey, path.join(out, m.peaks));
    const now = Date.now();
    for (const s of m.segments) {
      const audioKey = `${base}/seg/${s.index}${ext(s.audio)}`;
      const segPeaksKey = `${base}/seg/${s.index}.peaks.json`;
      await this.store.blobs.putFile(audioKey, path.join(out, s.audio));
      await this.store.blobs.putFile(segPeaksKey, path.join(out, s.peaks));
      const doc = newSegmentDoc(rec, s, { audioKey, peaksKey: segPeaksKey }, now);
      // Insert-if-absent: a retried ingest leaves segments that exist (and any work on them) alone.
      const { _id, ...fields } = doc;
      await this.segments.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
    }
    await this.segments.deleteMany({ recordingId: rec._id, index: { $gte: m.segments.length } });
    await this.recordings.setMedia(rec._id, {
      durationSec: m.durationSec,
      playbackKey,
      peaksKey,
      classifier: m.classifier,
    });
    // Counts and status change in one write, so nobody sees "transcribing" with no segments;
    // a recording whose segments were all closed as [no speech] goes straight on to merging.
    await this.recordings.refresh(rec._id, 'transcribing');
    const closed = m.segments.filter((s) => s.analysis.speechRatio < NO_SPEECH_RATIO).length;
    await this.audit.record(
      { id: null },
      'recording.ingested',
      rec._id,
      {
        segments: m.segments.length,
        autoClosed: closed,
        durationSec: m.durationSec,
        classifier: m.classifier,
      },
      rec.orgId,
    );
  }
}
