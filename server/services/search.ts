/**
 * Full-text search over completed transcripts: who may search what, what the index holds, and
 * the hits as the API shows them. The index itself (and its ranking) is the store's
 * (`store.search`: SQLite FTS5 or a MongoDB text index); the query language is server/search/.
 *
 * The index holds exactly the completed recordings that exist: a recording is indexed when it is
 * completed (merge), indexed again when its speakers are renamed, and forgotten when it is
 * deleted, purged or reopened. Hits are checked against the recordings once more before they are
 * shown, so an entry left behind by a crash between two of those writes is never found.
 */
import { collectionOf } from './collections.ts';
import type { RecordingDoc, SegmentDoc } from '../domain.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { parseQuery } from '../search/query.ts';
import { buildSnippet } from '../search/snippet.ts';
import { speakerKey } from '../search/tokens.ts';
import type { Collection, SearchEntry, SearchIndex, Store } from '../store/types.ts';
import { SearchCursorError } from '../store/types.ts';
import type { Principal } from './auth.ts';
import { loadTranscript } from './merge.ts';

export interface SearchParams {
  q: string;
  /** Admins only: one organisation's recordings. */
  orgId?: string;
  recordingId?: string;
  speaker?: string;
  /** Recordings created at or after / at or before these epoch-ms times. */
  from?: number;
  to?: number;
  limit: number;
  cursor?: string;
}

export interface SearchHit {
  recordingId: string;
  title: string;
  createdAt: number;
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  speaker: string;
  snippet: string;
  marks: Array<[number, number]>;
}

export class SearchService {
  private readonly index: SearchIndex;
  private readonly recordings: Collection<RecordingDoc>;
  private readonly segments: Collection<SegmentDoc>;
  /** Index writes per recording, one after another, so a rename and a merge cannot cross. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(store: Store) {
    this.index = store.search;
    this.recordings = collectionOf(store, 'recordings');
    this.segments = collectionOf(store, 'segments');
  }

  /** The organisation a caller searches (null: every one); 404 for callers who may not search. */
  private scope(p: Principal, requested?: string): string | null {
    if (p.role === 'admin') return requested ?? null;
    if (p.role === 'client' && p.orgId) return p.orgId;
    throw new NotFoundError('resource');
  }

  async search(
    p: Principal,
    params: SearchParams,
  ): Promise<{ hits: SearchHit[]; nextCursor: string | null }> {
    const orgId = this.scope(p, params.orgId);
    const terms = parseQuery(params.q);
    let key: string | undefined;
    if (params.speaker !== undefined) {
      key = speakerKey(params.speaker);
      if (!key)
        throw new ValidationError('speaker has no letters or digits to compare.', {
          fields: [{ field: 'speaker', problem: 'no words' }],
        });
    }
    let page;
    try {
      page = await this.index.search({
        terms,
        orgId,
        recordingId: params.recordingId,
        speakerKey: key,
        createdFrom: params.from,
        createdTo: params.to,
        limit: params.limit,
        cursor: params.cursor ?? null,
      });
    } catch (err) {
      if (err instanceof SearchCursorError)
        throw new ValidationError('cursor is not one this search returned; start again without it.', {
          fields: [{ field: 'cursor', problem: 'unknown cursor' }],
        });
      throw err;
    }
    const ids = [...new Set(page.rows.map((r) => r.recordingId))];
    const recs = new Map(
      (ids.length ? await this.recordings.find({ _id: { $in: ids } }) : []).map((r) => [r._id, r]),
    );
    const hits: SearchHit[] = [];
    for (const row of page.rows) {
      const rec = recs.get(row.recordingId);
      if (!rec || rec.status !== 'completed' || (orgId !== null && rec.orgId !== orgId)) continue;
      if (params.from !== undefined && rec.createdAt < params.from) continue;
      if (params.to !== undefined && rec.createdAt > params.to) continue;
      hits.push({
        recordingId: rec._id,
        title: rec.title,
        createdAt: rec.createdAt,
        start: row.start,
        end: row.end,
        speaker: row.speaker,
        ...buildSnippet(row.text, terms),
      });
    }
    return { hits, nextCursor: page.nextCursor };
  }

  /** Indexes the recording as its transcript reads now, if it is completed; forgets it otherwise. */
  indexRecording(recordingId: string): Promise<void> {
    return this.serial(recordingId, async () => {
      const rec = await this.recordings.findOne({ _id: recordingId });
      if (!rec || rec.status !== 'completed') return this.index.remove(recordingId);
      const transcript = await loadTranscript(this.segments, rec);
      // One entry per turn as typed (a paragraph's parts), so a hit's time is the turn's own.
      const entries: SearchEntry[] = transcript.turns.flatMap((t) =>
        (t.parts ?? [t]).map((part) => ({
          speaker: t.speaker,
          start: part.start,
          end: part.end,
          text: part.text,
        })),
      );
      await this.index.replace({ recordingId, orgId: rec.orgId, createdAt: rec.createdAt }, entries);
    });
  }

  /** Forgets the recording (deleted, purged or no longer completed). */
  forget(recordingId: string): Promise<void> {
    return this.serial(recordingId, () => this.index.remove(recordingId));
  }

  private serial(recordingId: string, step: () => Promise<void>): Promise<void> {
    const prev = this.writing.get(recordingId) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(step);
    this.writing.set(recordingId, run);
    const clear = () => {
      if (this.writing.get(recordingId) === run) this.writing.delete(recordingId);
    };
    run.then(clear, clear);
    return run;
  }
}
