/**
 * Finishing an upload (tus or multipart): sniff the bytes with ffprobe, reject what is not
 * decodable audio with its bytes deleted, otherwise store the source and queue the ingest.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { checkMaxDuration, probe, MediaError, type MediaTools } from '../../media/index.ts';
import type { Store } from '../store/types.ts';
import { AppError, RecordingTooLongError, UndecodableMediaError, UnsupportedMediaError } from '../errors.ts';
import type { Principal } from './auth.ts';
import type { RecordingService } from './recordings.ts';
import type { RecordingDoc } from '../domain.ts';

export class UploadService {
  constructor(
    private readonly store: Store,
    private readonly recordings: RecordingService,
    private readonly tools: MediaTools,
    /** Where unfinished tus uploads live (DATA_DIR/uploads/tus). */
    readonly tusDir: string,
    private readonly limits: { maxRecordingSeconds: number },
  ) {}

  /** Deletes the bytes of an unfinished tus upload (its file and its metadata record). */
  async discardPartial(id: string): Promise<void> {
    if (!/^[a-z0-9-]+$/.test(id)) return;
    await rm(path.join(this.tusDir, id), { force: true });
    await rm(path.join(this.tusDir, `${id}.json`), { force: true });
  }

  /**
   * Throws 415/422 naming the problem, with the file deleted, unless it holds decodable audio no
   * longer than MAX_RECORDING_SECONDS (the ingest checks the decoded length again).
   */
  async check(filePath: string): Promise<void> {
    try {
      const probed = await probe(filePath, this.tools);
      checkMaxDuration(probed.durationSec, this.limits.maxRecordingSeconds);
    } catch (e) {
      await rm(filePath, { force: true });
      if (e instanceof MediaError && e.kind === 'too_long') {
        throw new RecordingTooLongError(e.message, {
          kind: e.kind,
          maxSeconds: this.limits.maxRecordingSeconds,
        });
      }
      if (e instanceof MediaError) {
        const message = `${e.message} Upload an audio or video file with a sound track (mp3, m4a, wav, ogg, webm, mp4…).`;
        if (e.kind === 'not_media' || e.kind === 'no_audio' || e.kind === 'empty') {
          throw new UnsupportedMediaError(message, { kind: e.kind });
        }
        throw new UndecodableMediaError(message, { kind: e.kind });
      }
      throw e;
    }
  }

  /** Moves the checked file into the blob store and queues the ingest. */
  async keep(
    p: Principal | null,
    rec: RecordingDoc,
    filePath: string,
    sizeBytes: number,
  ): Promise<RecordingDoc> {
    const ext = path
      .extname(rec.filename)
      .toLowerCase()
      .replace(/[^.a-z0-9]/g, '')
      .slice(0, 8);
    const key = `rec/${rec._id}/source${ext}`;
    try {
      await this.store.blobs.putFile(key, filePath);
    } finally {
      await rm(filePath, { force: true });
    }
    return this.recordings.markUploaded(p, rec._id, key, sizeBytes);
  }

  /** For a recording that exists already (tus): a rejected file marks it failed with the reason. */
  async finish(
    p: Principal | null,
    rec: RecordingDoc,
    filePath: string,
    sizeBytes: number,
  ): Promise<RecordingDoc> {
    try {
      await this.check(filePath);
    } catch (e) {
      await this.recordings.markFailed(
        rec._id,
        e instanceof AppError ? e.message : 'The upload could not be checked.',
      );
      throw e;
    }
    return this.keep(p, rec, filePath, sizeBytes);
  }
}
