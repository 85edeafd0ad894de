/**
 * Full-text search on MongoDB: the `search` collection, one document per entry, with a text index
 * on the entry's folded terms (server/search/tokens.ts, joined by spaces) behind the organisation
 * id, so a client's search reads its own organisation's part of the index only.
 *
 * MongoDB's `$text` ORs its words and has no prefixes, so it only finds candidates (any of the
 * query's whole words) and ranks them (textScore); one anchored regular expression per term on
 * the same folded terms then keeps the entries that hold every word, phrase and prefix exactly as
 * the embedded engine does. A query of prefixes only has no `$text` and walks the organisation's
 * entries newest first.
 *
 * Atlas Search serves this better at archive scale, and the README says how: `$text` scores every
 * candidate before sorting (a common word costs in proportion to its matches), a phrase is checked
 * after the fetch, and a prefix is a regular expression; Lucene ranks the top k with BM25 and
 * stops, and an `autocomplete` (edgeGram) field answers prefixes from the index.
 */
import type { Collection as DriverCollection, Document, Filter as DriverFilter } from 'mongodb';
import type { SearchTerm } from '../../search/query.ts';
import { speakerKey, terms as termsOf } from '../../search/tokens.ts';
import { SearchCursorError } from '../types.ts';
import type {
  SearchEntry,
  SearchIndex,
  SearchPage,
  SearchRecordingRef,
  SearchRequest,
  SearchRow,
} from '../types.ts';

interface SearchDoc {
  _id: string;
  recordingId: string;
  orgId: string;
  createdAt: number;
  /** The entry's place in its recording. */
  seq: number;
  speaker: string;
  speakerKey: string;
  start: number;
  end: number;
  text: string;
  /** Folded terms joined by single spaces: what the text index and the regular expressions read. */
  words: string;
}

/** Pages stop here: `$text` sorts all candidates for every page, so deep pages cost more each. */
const MAX_OFFSET = 1000;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/** Matches `term` on a `words` string: whole terms, in order, the last one begun if a prefix. */
export function termRegex(term: SearchTerm): string {
  return `(?:^| )${term.tokens.map(escapeRegex).join(' ')}${term.prefix ? '' : '(?: |$)'}`;
}

function encodeOffset(n: number): string {
  return Buffer.from(JSON.stringify([n])).toString('base64url');
}

function decodeOffset(s: string): number {
  try {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(s)) throw new Error();
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    const n = Array.isArray(v) && v.length === 1 ? (v[0] as unknown) : null;
    if (!Number.isSafeInteger(n) || (n as number) < 0 || (n as number) > MAX_OFFSET) throw new Error();
    return n as number;
  } catch {
    throw new SearchCursorError();
  }
}

type Found = SearchDoc & { score?: number };

export class MongoSearchIndex implements SearchIndex {
  constructor(
    private readonly coll: DriverCollection<SearchDoc>,
    /** Throws once the store is closed (the driver would quietly reconnect). */
    private readonly assertOpen: () => void,
  ) {}

  async ensureIndexes(): Promise<void> {
    this.assertOpen();
    await this.coll.createIndex(
      { orgId: 1, words: 'text' },
      { name: 'search_text', default_language: 'none', language_override: 'searchLanguage' },
    );
    await this.coll.createIndex({ recordingId: 1, seq: 1 }, { name: 'search_recording' });
    await this.coll.createIndex({ orgId: 1, createdAt: -1, seq: 1 }, { name: 'search_org_recent' });
    await this.coll.createIndex({ createdAt: -1, seq: 1 }, { name: 'search_recent' });
  }

  /**
   * Without a transaction (a standalone server has none), a crash between the delete and the
   * insert leaves the recording partly indexed until it is indexed again; the merge job does that
   * when it is retried, and hits are only shown for completed recordings that still exist.
   */
  async replace(ref: SearchRecordingRef, entries: SearchEntry[]): Promise<void> {
    this.assertOpen();
    await this.coll.deleteMany({ recordingId: ref.recordingId });
    if (entries.length === 0) return;
    const docs: SearchDoc[] = entries.map((e, seq) => ({
      _id: `${ref.recordingId}:${seq}`,
      recordingId: ref.recordingId,
      orgId: ref.orgId,
      createdAt: ref.createdAt,
      seq,
      speaker: e.speaker,
      speakerKey: speakerKey(e.speaker),
      start: e.start,
      end: e.end,
      text: e.text,
      words: termsOf(e.text).join(' '),
    }));
    await this.coll.insertMany(docs, { ordered: true });
  }

  async remove(recordingId: string): Promise<void> {
    this.assertOpen();
    await this.coll.deleteMany({ recordingId });
  }

  async search(req: SearchRequest): Promise<SearchPage> {
    this.assertOpen();
    const offset = req.cursor === null ? 0 : decodeOffset(req.cursor);
    // Letters and digits only: `$text` reads `"` as a phrase and `-` as "not"; the regular
    // expressions decide what matches, `$text` only narrows the candidates.
    const words = [
      ...new Set(
        req.terms
          .flatMap((t) => (t.prefix ? t.tokens.slice(0, -1) : t.tokens))
          .flatMap((w) => w.split(/[^\p{L}\p{N}]+/u))
          .filter(Boolean),
      ),
    ];
    const want = offset + req.limit + 1;
    let found: Found[];
    if (words.length === 0) found = await this.find(this.filter(req, req.orgId), null, want);
    else if (req.orgId !== null) found = await this.find(this.filter(req, req.orgId), words, want);
    else {
      // The text index is partitioned by organisation: an admin's search asks each one and merges.
      const orgs = (await this.coll.distinct('orgId')) as string[];
      const each = await Promise.all(orgs.map((o) => this.find(this.filter(req, o), words, want)));
      found = each.flat().sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || b.createdAt - a.createdAt);
    }
    const rows: SearchRow[] = found.slice(offset, offset + req.limit).map((d) => ({
      recordingId: d.recordingId,
      orgId: d.orgId,
      speaker: d.speaker,
      start: d.start,
      end: d.end,
      text: d.text,
    }));
    const next = offset + req.limit;
    return { rows, nextCursor: found.length > next && next <= MAX_OFFSET ? encodeOffset(next) : null };
  }

  private filter(req: SearchRequest, orgId: string | null): DriverFilter<SearchDoc> {
    const f: DriverFilter<SearchDoc> = {
      $and: req.terms.map((t) => ({ words: { $regex: termRegex(t) } })),
    };
    if (orgId !== null) f.orgId = orgId;
    if (req.recordingId !== undefined) f.recordingId = req.recordingId;
    if (req.speakerKey !== undefined) f.speakerKey = req.speakerKey;
    if (req.createdFrom !== undefined || req.createdTo !== undefined)
      f.createdAt = {
        ...(req.createdFrom !== undefined ? { $gte: req.createdFrom } : {}),
        ...(req.createdTo !== undefined ? { $lte: req.createdTo } : {}),
      };
    return f;
  }

  private async find(
    filter: DriverFilter<SearchDoc>,
    words: string[] | null,
    limit: number,
  ): Promise<Found[]> {
    if (words === null) {
      return this.coll.find(filter, { sort: { createdAt: -1, seq: 1 }, limit }).toArray();
    }
    const score = { $meta: 'textScore' } as const;
    const docs = await this.coll
      .find({ ...filter, $text: { $search: words.join(' ') } } as DriverFilter<SearchDoc>, {
        projection: { score } as Document,
        sort: { score, createdAt: -1, seq: 1 } as Document,
        limit,
        allowDiskUse: true,
      })
      .toArray();
    return docs as Found[];
  }
}
