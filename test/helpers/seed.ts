/**
 * Seeds a recording that is ready for transcription straight into the store (as the ingest job
 * leaves it), for workflow tests that are about leases and versions rather than audio.
 */
import { collectionOf } from '../../server/services/collections.ts';
import type { RecordingDoc, SegmentDoc, Turn } from '../../server/domain.ts';
import { newId } from '../../server/ids.ts';
import { newSegmentDoc } from '../../server/services/ingest.ts';
import type { TestServer } from './server.ts';

export async function seedRecording(
  srv: TestServer,
  orgId: string,
  opts: {
    segments: number;
    segmentSec?: number;
    title?: string;
    priority?: number;
    participants?: string[];
    /** Epoch ms; the recording's and its segments' deadline (none otherwise). */
    deadlineAt?: number;
  } = { segments: 3 },
): Promise<{ recording: RecordingDoc; segments: SegmentDoc[] }> {
  const s = srv.running.services;
  const len = opts.segmentSec ?? 120;
  const now = Date.now();
  const id = newId();
  const rec: RecordingDoc = {
    _id: id,
    orgId,
    createdBy: 'seed',
    title: opts.title ?? 'Seeded meeting',
    filename: 'seeded.m4a',
    language: 'en',
    participants: opts.participants ?? ['Budi', 'Sari'],
    segmentSeconds: len,
    status: 'transcribing',
    error: null,
    progress: 1,
    durationSec: opts.segments * len,
    sizeBytes: 1000,
    sourceKey: null,
    playbackKey: `rec/${id}/playback.webm`,
    peaksKey: `rec/${id}/peaks.json`,
    classifier: 'off',
    speakerMap: {},
    segments: { total: 0, open: 0, assigned: 0, submitted: 0, approved: 0 },
    priority: opts.priority ?? 0,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    ...(opts.deadlineAt !== undefined ? { deadlineAt: opts.deadlineAt, turnaround: 'standard' } : {}),
  };
  await collectionOf(s.store, 'recordings').insertOne(rec);
  await s.blobs.putBuffer(rec.playbackKey!, Buffer.alloc(4096, 1));
  await s.blobs.putBuffer(
    rec.peaksKey!,
    Buffer.from(JSON.stringify({ sampleRate: 16000, samplesPerPeak: 256, peaks: [0, 0.5, 0.2] })),
  );
  const segs: SegmentDoc[] = [];
  for (let i = 0; i < opts.segments; i++) {
    const start = i * len;
    const end = (i + 1) * len;
    const seg = newSegmentDoc(
      rec,
      {
        index: i,
        start,
        end,
        contextStart: Math.max(0, start - 3),
        contextEnd: Math.min(opts.segments * len, end + 3),
        analysis: { speechRatio: 0.8, labels: [{ name: 'Speech', score: 0.9 }] },
      },
      { audioKey: `rec/${id}/seg/${i}.webm`, peaksKey: `rec/${id}/seg/${i}.peaks.json` },
      now,
    );
    await s.blobs.putBuffer(seg.audioKey, Buffer.alloc(2048, i + 1));
    await s.blobs.putBuffer(
      seg.peaksKey,
      Buffer.from(JSON.stringify({ sampleRate: 16000, samplesPerPeak: 160, peaks: [0.1, 0.3] })),
    );
    segs.push(seg);
  }
  await s.store.collection<SegmentDoc>('segments').insertMany(segs);
  await s.recordings.refresh(id);
  return { recording: rec, segments: segs };
}

/**
 * Seeds a recording whose every segment is submitted (waiting for review, version 1) with the
 * turns `turnsOf` gives it (`start` in seconds from the recording's start).
 */
export async function seedSubmitted(
  srv: TestServer,
  orgId: string,
  opts: { segments: number; title: string },
  turnsOf: (seg: SegmentDoc) => Turn[],
): Promise<{ recording: RecordingDoc; segments: SegmentDoc[] }> {
  const seeded = await seedRecording(srv, orgId, opts);
  const col = collectionOf(srv.running.services.store, 'segments');
  for (const seg of seeded.segments)
    await col.updateOne({ _id: seg._id }, { $set: { turns: turnsOf(seg), status: 'submitted', version: 1 } });
  await srv.running.services.recordings.refresh(seeded.recording._id);
  return seeded;
}

/**
 * Seeds a completed recording: every segment approved with the given turns (`start` in seconds
 * from the segment's start), then merged as the merge job does, which also indexes it for search.
 */
export async function seedCompleted(
  srv: TestServer,
  orgId: string,
  opts: {
    /** The turns of each segment, in order. */
    segments: Array<Array<{ speaker: string; start: number; text: string }>>;
    segmentSec?: number;
    title?: string;
    createdAt?: number;
  },
): Promise<RecordingDoc> {
  const s = srv.running.services;
  const { recording, segments } = await seedRecording(srv, orgId, {
    segments: opts.segments.length,
    segmentSec: opts.segmentSec ?? 30,
    title: opts.title,
  });
  if (opts.createdAt !== undefined)
    await collectionOf(s.store, 'recordings').updateOne(
      { _id: recording._id },
      { $set: { createdAt: opts.createdAt } },
    );
  const col = s.store.collection<SegmentDoc>('segments');
  for (const [i, seg] of segments.entries()) {
    const turns = opts.segments[i].map((t) => ({ ...t, start: seg.start + t.start }));
    await col.updateOne({ _id: seg._id }, { $set: { status: 'approved', turns } });
  }
  await s.recordings.refresh(recording._id);
  await s.merge.run(recording._id);
  const done = await collectionOf(s.store, 'recordings').findOne({ _id: recording._id });
  if (done?.status !== 'completed') throw new Error(`seeded recording is ${done?.status}, not completed`);
  return done;
}
