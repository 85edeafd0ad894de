/**
 * In-memory secondary indexes of one collection. Every index maps the value of its first field to
 * the ids holding it (to narrow equality queries); a unique index also maps its full key to the
 * one id holding it (to enforce uniqueness). An index of two or more fields also keeps, per value
 * of its first field, the documents in the order of its other fields (`ranked`): the first match
 * in that order is then found by walking from the front, not by weighing every candidate (a claim
 * takes the queue's first open segment). Keys follow MongoDB: a missing field indexes as null, an
 * array field indexes each element (multikey).
 */
import { DuplicateKeyError } from '../types.ts';
import type { Doc, Filter, Sort } from '../types.ts';
import { order, type Found } from './cold-read.ts';

export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique: boolean;
}

type Json = unknown;

/** Values a query on `path` can match in `doc`, descending into arrays as MongoDB does. */
export function valuesAt(doc: Json, path: string): Json[] {
  let current: Json[] = [doc];
  for (const part of path.split('.')) {
    const next: Json[] = [];
    for (const v of current) {
      if (Array.isArray(v)) {
        for (const el of v) {
          if (el !== null && typeof el === 'object' && !Array.isArray(el))
            next.push((el as Record<string, Json>)[part]);
        }
      } else if (v !== null && typeof v === 'object') {
        next.push((v as Record<string, Json>)[part]);
      }
    }
    current = next;
  }
  const out: Json[] = [];
  for (const v of current) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(undefined);
      else out.push(...v);
    } else out.push(v);
  }
  return out.length ? out : [undefined];
}

/** Equal JSON scalars give equal strings; missing and null share one key, as in MongoDB. */
export function keyOf(v: Json): string {
  return v === undefined ? 'null' : JSON.stringify(v);
}

function isFilter(v: unknown): v is Filter {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** The scalar values a filter condition on one field is restricted to, or null if it is not an equality. */
export function equalityValues(cond: unknown): Array<string | number | boolean | null> | null {
  if (isScalar(cond)) return [cond];
  if (cond === null || typeof cond !== 'object' || Array.isArray(cond)) return null;
  const c = cond as Record<string, unknown>;
  if ('$eq' in c && isScalar(c.$eq)) return [c.$eq];
  if ('$in' in c && Array.isArray(c.$in) && c.$in.every(isScalar)) return c.$in;
  return null;
}

/**
 * Whether `a` and `b` certainly have the same keys in an index on `fields`: each field's top-level
 * value is the same scalar in both (an array or object compares as different, to be safe). A draft
 * save changes no indexed field, and so touches no index.
 */
export function sameIndexedValues(fields: readonly string[], a: Doc, b: Doc): boolean {
  for (const f of fields) {
    const dot = f.indexOf('.');
    const top = dot < 0 ? f : f.slice(0, dot);
    const x = (a as unknown as Record<string, unknown>)[top];
    const y = (b as unknown as Record<string, unknown>)[top];
    if (!Object.is(x, y) || (x !== null && typeof x === 'object')) return false;
  }
  return true;
}

/** The keys `doc` has in a unique index on `fields`: one per combination of their values (multikey). */
export function fullKeys(fields: readonly string[], doc: Doc): Set<string> {
  let keys = [''];
  for (const f of fields) {
    const parts = [...new Set(valuesAt(doc, f).map(keyOf))];
    keys = keys.flatMap((k) => parts.map((p) => (k ? `${k},${p}` : p)));
  }
  return new Set(keys);
}

/**
 * A document's place in a ranked list: its id, storage place, and as `doc` only its top-level
 * fields that the index's order reads (shared with the stored document, never changed).
 */
export interface Ranked extends Found<object> {
  id: string;
}

/** How many entries sets or lists hold together (overlaps counted twice): to pick the fewest. */
export function total(
  groups: ReadonlyArray<{ readonly size: number } | { readonly length: number }>,
): number {
  let n = 0;
  for (const g of groups) n += 'size' in g ? g.size : g.length;
  return n;
}

/** Index of the first entry in `list` that does not come before `probe` (binary search). */
function lowerBound(list: readonly Ranked[], probe: Ranked, cmp: (a: Ranked, b: Ranked) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(list[mid], probe) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class Index {
  readonly fields: string[];
  private readonly byFirst = new Map<string, Set<string>>();
  private readonly byFull = new Map<string, string>();
  /** The order of the fields after the first (`{priority: -1, …}`), or null for a one-field index. */
  readonly rest: Sort | null;
  /** `rest` as a string, to compare with a query's sort. */
  readonly restOrder: string;
  private readonly ranked = new Map<string, Ranked[]>();
  private readonly rank: (a: Ranked, b: Ranked) => number;
  private readonly restTops: string[];

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.keys);
    const rest = Object.entries(spec.keys).slice(1);
    this.rest = rest.length > 0 ? Object.fromEntries(rest) : null;
    this.restOrder = JSON.stringify(rest);
    // Ties in storage order, as every read of the store breaks them.
    this.rank = order<object>(this.rest ?? {});
    this.restTops = [...new Set(rest.map(([f]) => f.split('.')[0]))];
  }

  private entry(doc: Doc, seq: number): Ranked {
    const key: Record<string, unknown> = {};
    const values = doc as unknown as Record<string, unknown>;
    for (const top of this.restTops) if (Object.hasOwn(values, top)) key[top] = values[top];
    return { id: doc._id, seq, doc: key };
  }

  /** The ranked list under first-field key `k`, made empty if it has none. */
  private listUnder(k: string): Ranked[] {
    let list = this.ranked.get(k);
    if (!list) this.ranked.set(k, (list = []));
    return list;
  }

  private rankedAdd(doc: Doc, seq: number): void {
    const entry = this.entry(doc, seq);
    for (const k of this.firstKeys(doc)) {
      const list = this.listUnder(k);
      list.splice(lowerBound(list, entry, this.rank), 0, entry);
    }
  }

  private rankedRemove(doc: Doc, seq: number): void {
    const probe = this.entry(doc, seq);
    for (const k of this.firstKeys(doc)) {
      const list = this.ranked.get(k);
      if (!list) continue;
      let i = lowerBound(list, probe, this.rank);
      // Found where it sorts; should that ever miss (a value changed behind the index's back), by id.
      if (list[i]?.id !== doc._id) i = list.findIndex((e) => e.id === doc._id);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.ranked.delete(k);
    }
  }

  /** Fills the ranked lists from scratch (one sort per list rather than one insert per document). */
  build(placed: Iterable<Found<Doc>>): void {
    if (!this.rest) return;
    for (const { doc, seq } of placed) {
      const entry = this.entry(doc, seq);
      for (const k of this.firstKeys(doc)) this.listUnder(k).push(entry);
    }
    for (const list of this.ranked.values()) list.sort(this.rank);
  }

  /** The ranked lists under each of `keys` (the index's own arrays, not copied). */
  rankedFor(keys: string[]): Array<readonly Ranked[]> {
    const out: Array<readonly Ranked[]> = [];
    for (const k of keys) {
      const list = this.ranked.get(k);
      if (list) out.push(list);
    }
    return out;
  }

  get usableForNarrowing(): boolean {
    // Numeric path parts (`a.0`) resolve differently from valuesAt; do not narrow on them.
    return !this.fields[0].split('.').some((p) => /^\d+$/.test(p));
  }

  firstKeys(doc: Doc): Set<string> {
    return new Set(valuesAt(doc, this.fields[0]).map(keyOf));
  }

  fullKeys(doc: Doc): Set<string> {
    return fullKeys(this.fields, doc);
  }

  /** The id of another document that `doc` would collide with, if any. */
  conflict(doc: Doc): boolean {
    if (!this.spec.unique) return false;
    for (const k of this.fullKeys(doc)) {
      const owner = this.byFull.get(k);
      if (owner !== undefined && owner !== doc._id) return true;
    }
    return false;
  }

  add(doc: Doc, seq: number): void {
    this.addKeys(doc);
    if (this.rest) this.rankedAdd(doc, seq);
  }

  /** The entries of `doc` but its ranked ones. */
  addKeys(doc: Doc): void {
    for (const k of this.firstKeys(doc)) {
      let ids = this.byFirst.get(k);
      if (!ids) this.byFirst.set(k, (ids = new Set()));
      ids.add(doc._id);
    }
    if (this.spec.unique) for (const k of this.fullKeys(doc)) this.byFull.set(k, doc._id);
  }

  remove(doc: Doc, seq: number): void {
    for (const k of this.firstKeys(doc)) {
      const ids = this.byFirst.get(k);
      ids?.delete(doc._id);
      if (ids?.size === 0) this.byFirst.delete(k);
    }
    if (this.spec.unique) {
      for (const k of this.fullKeys(doc)) if (this.byFull.get(k) === doc._id) this.byFull.delete(k);
    }
    if (this.rest) this.rankedRemove(doc, seq);
  }

  /** Moves `prev`'s entries to `next` (the same document's new version), if its keys or place changed. */
  replace(prev: Doc, prevSeq: number, next: Doc, nextSeq: number): void {
    if (prevSeq === nextSeq && sameIndexedValues(this.fields, prev, next)) return;
    this.remove(prev, prevSeq);
    this.add(next, nextSeq);
  }

  /** The ids held under each of `keys` (the index's own sets, not copied). */
  setsFor(keys: string[]): Array<ReadonlySet<string>> {
    const out: Array<ReadonlySet<string>> = [];
    for (const k of keys) {
      const ids = this.byFirst.get(k);
      if (ids) out.push(ids);
    }
    return out;
  }
}

export function defaultIndexName(keys: Record<string, 1 | -1>): string {
  return Object.entries(keys)
    .map(([k, d]) => `${k}_${d}`)
    .join('_');
}

export class IndexSet {
  private readonly indexes: Index[] = [];

  constructor(private readonly collection: string) {}

  specs(): IndexSpec[] {
    return this.indexes.map((i) => i.spec);
  }

  find(name: string): IndexSpec | undefined {
    return this.indexes.find((i) => i.spec.name === name)?.spec;
  }

  /** Builds an index over `placed`; throws DuplicateKeyError (and adds nothing) if a unique index cannot hold them. */
  create(spec: IndexSpec, placed: Iterable<Found<Doc>>): void {
    const index = new Index(spec);
    const all = [...placed];
    for (const { doc } of all) {
      if (index.conflict(doc)) throw new DuplicateKeyError(this.collection, spec.name);
      index.addKeys(doc);
    }
    index.build(all);
    this.indexes.push(index);
  }

  drop(name: string): void {
    const i = this.indexes.findIndex((x) => x.spec.name === name);
    if (i >= 0) this.indexes.splice(i, 1);
  }

  /** Throws DuplicateKeyError if `doc` (new or replacing its own previous version) breaks a unique index. */
  check(doc: Doc): void {
    for (const index of this.indexes) {
      if (index.conflict(doc)) throw new DuplicateKeyError(this.collection, index.spec.name);
    }
  }

  add(doc: Doc, seq: number): void {
    for (const index of this.indexes) index.add(doc, seq);
  }

  remove(doc: Doc, seq: number): void {
    for (const index of this.indexes) index.remove(doc, seq);
  }

  /** `prev` replaced by `next`, a version of the same document: only the indexes whose keys changed move. */
  replace(prev: Doc, prevSeq: number, next: Doc, nextSeq: number): void {
    for (const index of this.indexes) index.replace(prev, prevSeq, next, nextSeq);
  }

  /**
   * The ranked lists whose entries, walked from the front, give the documents that may match
   * `filter` in `sort` order (ties in storage order), or null when no index serves: an index whose
   * fields after the first are `sort` exactly, and whose first field `filter` pins to values (at
   * its top, in an element of its `$and`, or in every branch of its `$or`). The lists may overlap.
   */
  rankedFor(filter: Filter, sort: Sort): ReadonlyArray<readonly Ranked[]> | null {
    const order = JSON.stringify(Object.entries(sort));
    let best: ReadonlyArray<readonly Ranked[]> | null = null;
    for (const index of this.indexes) {
      if (!index.rest || !index.usableForNarrowing || index.restOrder !== order) continue;
      const lists = this.pinned(index, filter);
      if (lists && (!best || total(lists) < total(best))) best = lists;
    }
    return best;
  }

  private pinned(index: Index, filter: Filter): Array<readonly Ranked[]> | null {
    const values = equalityValues(filter[index.fields[0]]);
    if (values) return index.rankedFor(values.map(keyOf));
    const and = filter.$and;
    if (Array.isArray(and)) {
      for (const sub of and) {
        const lists = isFilter(sub) ? this.pinned(index, sub) : null;
        if (lists) return lists;
      }
    }
    const or = filter.$or;
    if (!Array.isArray(or) || or.length === 0) return null;
    const union: Array<readonly Ranked[]> = [];
    for (const branch of or) {
      const lists = isFilter(branch) ? this.pinned(index, branch) : null;
      if (!lists) return null;
      union.push(...lists);
    }
    return union;
  }

  /**
   * Ids that may match `filter`, or null when no index applies and the caller must scan. Always
   * a superset of the matches: the smallest of the sets an index gives for one of its equality
   * fields, for an element of its `$and`, or for its `$or` (the union over the branches, when
   * every branch narrows: a claim's "open, or held with its lease run out").
   */
  candidates(filter: Filter): Set<string> | null {
    const sets = this.candidateSets(filter);
    if (!sets) return null;
    const out = new Set<string>();
    for (const ids of sets) for (const id of ids) out.add(id);
    return out;
  }

  /**
   * The sets of ids whose union `candidates` gives, as the indexes hold them (not copied; they may
   * overlap): for a one-pass pick, which does not mind meeting a document twice, and must not
   * write while it reads them.
   */
  candidateSets(filter: Filter): ReadonlyArray<ReadonlySet<string>> | null {
    let best: ReadonlyArray<ReadonlySet<string>> | null = null;
    const consider = (sets: ReadonlyArray<ReadonlySet<string>> | null) => {
      if (sets && (!best || total(sets) < total(best))) best = sets;
    };
    for (const index of this.indexes) {
      if (!index.usableForNarrowing) continue;
      const values = equalityValues(filter[index.fields[0]]);
      if (values) consider(index.setsFor(values.map(keyOf)));
    }
    const and = filter.$and;
    if (Array.isArray(and)) for (const sub of and) if (isFilter(sub)) consider(this.candidateSets(sub));
    const or = filter.$or;
    if (Array.isArray(or) && or.length > 0 && or.every(isFilter)) {
      const union: Array<ReadonlySet<string>> = [];
      for (const branch of or) {
        const sets = this.candidateSets(branch);
        if (!sets) return best;
        union.push(...sets);
      }
      consider(union);
    }
    return best;
  }
}
