/**
 * The ASR engine: after ingest, each segment of an organisation with `asr: "auto"` is sent (its
 * audio as served to transcribers, context included) to an OpenAI-compatible
 * `POST {ASR_URL}/audio/transcriptions`; the words of its own part become its draft (DraftService).
 * One `asr` job per segment, retried with the queue's back-off, run by a worker of its own with
 * ASR_CONCURRENCY slots (server/runtime.ts). While a draft is pending, the
 * segment waits at most DRAFT_HOLD_MS before it is handed out without one.
 */
import path from 'node:path';
import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { OrgDoc, RecordingDoc, SegmentDoc } from '../domain.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { PermanentJobError } from '../jobs/worker.ts';
import type { Clock } from './lease.ts';
import type { DraftService } from './drafts.ts';
import { AsrRefusedError, transcriptionWords } from '../drafts/transcription.ts';
import { byPart } from '../drafts/shape.ts';
import type { DraftWord } from '../drafts/types.ts';

/** How long a segment whose draft is pending is kept from transcribers. */
export const DRAFT_HOLD_MS = 60_000;

export interface AsrOptions {
  url: string | null;
  model: string;
  apiKey: string | null;
  timeoutMs: number;
}

/** Statuses after which retrying the same request cannot help (bad key, refused file …). */
const PERMANENT = new Set([400, 401, 403, 404, 405, 413, 415, 422]);

export class AsrService {
  private readonly segments: Collection<SegmentDoc>;
  private readonly recordings: Collection<RecordingDoc>;
  private readonly orgs: Collection<OrgDoc>;

  constructor(
    private readonly store: Store,
    private readonly drafts: DraftService,
    private readonly queue: JobQueue,
    private readonly opts: AsrOptions,
    private readonly clock: Clock,
  ) {
    this.segments = collectionOf(store, 'segments');
    this.recordings = collectionOf(store, 'recordings');
    this.orgs = collectionOf(store, 'orgs');
  }

  /** For /healthz: "off", or the ASR server's host. */
  get status(): string {
    return this.opts.url ? new URL(this.opts.url).host : 'off';
  }

  /** Queues a draft for every segment nobody has begun (idempotent: one job per segment, ever). */
  async queueRecording(recordingId: string): Promise<number> {
    if (!this.opts.url) return 0;
    const rec = await this.recordings.findOne({ _id: recordingId });
    const org = rec && (await this.orgs.findOne({ _id: rec.orgId }));
    if (!rec || org?.asr !== 'auto') return 0;
    const now = this.clock();
    const segs = await this.segments.find(
      { recordingId, status: 'open', version: 0, draft: null },
      { projection: { _id: 1 } },
    );
    for (const s of segs) {
      await this.segments.updateOne(
        { _id: s._id, status: 'open', version: 0 },
        { $set: { draftHoldUntil: now + DRAFT_HOLD_MS } },
      );
      await this.queue.enqueue('asr', { segmentId: s._id }, { dedupeKey: `asr:${s._id}`, maxAttempts: 4 });
    }
    return segs.length;
  }

  /** The `asr` job: one request for one segment; throws to be retried. */
  async run(segmentId: string, signal: AbortSignal): Promise<void> {
    const seg = await this.segments.findOne({ _id: segmentId });
    // Begun meanwhile, or given a draft the client brought (an import is the client's word: kept).
    if (!seg || seg.status !== 'open' || seg.version !== 0 || seg.transcriberId) return;
    if (seg.draft?.source === 'import') return this.release(segmentId);
    if (!this.opts.url) throw new PermanentJobError('ASR_URL is not set on this worker.');
    const rec = await this.recordings.findOne({ _id: seg.recordingId });
    if (!rec) return;
    const audio = await this.store.blobs.getBuffer(seg.audioKey);
    if (!audio) throw new PermanentJobError(`The audio of segment ${segmentId} is missing.`);
    const json = await this.transcribe(audio, path.basename(seg.audioKey), rec.language, signal);
    // Times come relative to the audio sent, which begins at the context's start; words of the
    // context belong to the neighbouring segments and are dropped.
    let words: DraftWord[];
    try {
      words = transcriptionWords(json, seg.contextStart);
    } catch (e) {
      throw e instanceof AsrRefusedError ? new PermanentJobError(e.message) : e;
    }
    const [own] = byPart(words, [seg]);
    const min = await this.drafts.minQuality(seg.orgId);
    await this.drafts.store(seg, own, { source: 'asr', engine: this.opts.model }, min);
    await this.release(segmentId);
  }

  /** The draft will not come: the segment goes out without one now. */
  async release(segmentId: string): Promise<void> {
    await this.segments.updateOne({ _id: segmentId }, { $set: { draftHoldUntil: null } });
  }

  private async transcribe(audio: Buffer, name: string, language: string | null, signal: AbortSignal) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(audio)]), name);
    form.append('model', this.opts.model);
    form.append('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'word');
    form.append('timestamp_granularities[]', 'segment');
    if (language) form.append('language', language.split('-')[0].toLowerCase());
    const url = `${this.opts.url}/audio/transcriptions`;
    const res = await fetch(url, {
      method: 'POST',
      body: form,
      headers: this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {},
      signal: AbortSignal.any([signal, AbortSignal.timeout(this.opts.timeoutMs)]),
    });
    const text = await res.text();
    if (!res.ok) {
      const message = `The ASR server answered ${res.status} to ${url}: ${text.slice(0, 300)}`;
      throw PERMANENT.has(res.status) ? new PermanentJobError(message) : new Error(message);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new Error(`The ASR server's answer is not JSON: ${text.slice(0, 200)}`);
    }
  }
}
