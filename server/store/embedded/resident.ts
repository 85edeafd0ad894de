/**
 * The resident documents of one collection (residency.ts): a Map of immutable documents keyed by
 * `_id`, each with its rowid in SQLite (`seq`, its place in storage order), and secondary indexes
 * to narrow equality queries. Matches come out in storage order, ties of a sort too, exactly as
 * reads of SQLite give them (table-read.ts).
 */
import type { Doc, Filter, Sort } from '../types.ts';
import type { Found } from './cold-read.ts';
import { order } from './cold-read.ts';
import { IndexSet, total } from './index-set.ts';
import type { Matcher } from './mingo.ts';

export class Resident<T extends Doc> {
  private readonly docs = new Map<string, T>();
  private readonly seqs = new Map<string, number>();
  readonly indexes: IndexSet;

  constructor(name: string) {
    this.indexes = new IndexSet(name);
  }

  get size(): number {
    return this.docs.size;
  }

  values(): IterableIterator<T> {
    return this.docs.values();
  }

  /** Every document with its storage place. */
  *placed(): IterableIterator<Found<T>> {
    for (const [id, doc] of this.docs) yield { doc, seq: this.seqs.get(id)! };
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  found(id: string): Found<T> | undefined {
    const doc = this.docs.get(id);
    return doc ? { doc, seq: this.seqs.get(id)! } : undefined;
  }

  /** Whether `doc` is the very object held here (so callers copy it before handing it out). */
  holds(doc: T): boolean {
    return this.docs.get(doc._id) === doc;
  }

  /** Holds `doc` (replacing its previous version, if any) at storage place `seq`. */
  put(doc: T, seq: number): void {
    const prev = this.docs.get(doc._id);
    const prevSeq = this.seqs.get(doc._id);
    this.docs.set(doc._id, doc);
    this.seqs.set(doc._id, seq);
    if (prev) this.indexes.replace(prev, prevSeq!, doc, seq);
    else this.indexes.add(doc, seq);
  }

  remove(id: string): void {
    const prev = this.docs.get(id);
    if (!prev) return;
    this.indexes.remove(prev, this.seqs.get(id)!);
    this.docs.delete(id);
    this.seqs.delete(id);
  }

  /** Puts back what `found` returned earlier (undefined: nothing). */
  restore(id: string, before: Found<T> | undefined): void {
    if (before) this.put(before.doc, before.seq);
    else this.remove(id);
  }

  private *candidates(filter: Filter): Iterable<T> {
    const narrowed = this.indexes.candidates(filter);
    if (!narrowed) {
      yield* this.docs.values();
      return;
    }
    for (const id of narrowed) yield this.docs.get(id)!;
  }

  /** The matches in storage order, the first `k` at most. */
  matching(filter: Filter, query: Matcher, k: number): Array<Found<T>> {
    const out: Array<Found<T>> = [];
    for (const doc of this.candidates(filter)) {
      if (query.test(doc)) out.push({ doc, seq: this.seqs.get(doc._id)! });
    }
    out.sort((a, b) => a.seq - b.seq);
    return out.length > k ? out.slice(0, k) : out;
  }

  /** The matches in `sort` order (ties in storage order), the first `k` at most. */
  sorted(filter: Filter, query: Matcher, sort: Sort, k: number): Array<Found<T>> {
    // Also orders a ranked list's entries, which hold only the fields the sort reads.
    const cmp = order<object>(sort);
    if (k === 1) {
      // The index's own sets (read in place: meeting a document twice changes nothing here), and
      // the lists an index keeps in this very order, if one does.
      const sets = this.indexes.candidateSets(filter);
      const lists = this.indexes.rankedFor(filter, sort);
      if (lists && (!sets || total(lists) <= total(sets))) {
        // A claim takes the first of thousands of open segments: each list gives its pinned
        // value's documents from the front; its first match is its best, and a list is left as
        // soon as it reaches the best match so far.
        let first: Found<T> | undefined;
        for (const list of lists) {
          for (const entry of list) {
            if (first && cmp(entry, first) >= 0) break;
            const doc = this.docs.get(entry.id)!;
            if (query.test(doc)) {
              first = { doc, seq: entry.seq };
              break;
            }
          }
        }
        return first ? [first] : [];
      }
      // Else (another index narrows to fewer: a person's returned segments) one pass, no sort, and
      // the filter is evaluated only for a document that would come before the best match so far
      // (comparing is far cheaper than matching, and few documents ever would).
      let best: Found<T> | undefined;
      const consider = (doc: T) => {
        const found = { doc, seq: this.seqs.get(doc._id)! };
        if (best && cmp(found, best) >= 0) return;
        if (query.test(doc)) best = found;
      };
      if (sets) for (const ids of sets) for (const id of ids) consider(this.docs.get(id)!);
      else for (const doc of this.docs.values()) consider(doc);
      return best ? [best] : [];
    }
    const all = this.matching(filter, query, Infinity).sort(cmp);
    return all.length > k ? all.slice(0, k) : all;
  }
}
