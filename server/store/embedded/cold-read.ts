/**
 * Reading a collection kept in SQLite in sort order without holding it in memory (the cold audit
 * table and the `docs` table alike). Every candidate carries `seq`, its place in storage order
 * (insertion order), which settles ties as the in-memory path's stable sort does.
 */
import type { Filter, Sort } from '../types.ts';
import type { Matcher } from './mingo.ts';
import { comparator } from './sort.ts';

/** Numeric bounds on a field, pushed into SQL; mingo still checks every row. */
export interface Bounds {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

/**
 * Where an ordered read comes from: `ordered` walks an index on the sort's first field over the
 * rows holding a number there, `others` are the few remaining rows that might match.
 */
export interface OrderedSource {
  ordered(dir: 1 | -1, bounds: Bounds): Iterable<{ r: number; j: string; k: number }>;
  others(): Iterable<{ r: number; j: string }>;
  /** True for a document `ordered` returned that belongs to `others` (read there instead). */
  skip?(doc: object): boolean;
  /** The document of a row (JSON.parse unless told: a copy held in memory saves the parse). */
  parse?(row: { r: number; j: string }): object;
}

export interface Found<T> {
  doc: T;
  seq: number;
}

export type Order<T> = (a: Found<T>, b: Found<T>) => number;

export function order<T extends object>(sort: Sort): Order<T> {
  const cmp = comparator(sort);
  return (a, b) => cmp(a.doc, b.doc) || a.seq - b.seq;
}

/** The first `k` items in `cmp` order, keeping no more than `k` in memory (all of them if k is Infinity). */
export class TopK<T> {
  private readonly items: T[] = [];

  constructor(
    private readonly k: number,
    private readonly cmp: (a: T, b: T) => number,
  ) {}

  add(item: T): void {
    const { items, k, cmp } = this;
    if (k <= 0) return;
    if (items.length >= k && cmp(item, items[items.length - 1]) >= 0) return;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(items[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, item);
    if (items.length > k) items.pop();
  }

  sorted(): T[] {
    return this.items;
  }
}

/** Numeric range conditions on `field` that SQL can apply first (mingo still checks each row). */
export function boundsOf(filter: Filter, field: string): Bounds {
  const cond = filter[field];
  const out: Bounds = {};
  if (cond === null || typeof cond !== 'object' || Array.isArray(cond)) return out;
  for (const [op, v] of Object.entries(cond as Record<string, unknown>)) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (op === '$gt') out.gt = v;
    else if (op === '$gte') out.gte = v;
    else if (op === '$lt') out.lt = v;
    else if (op === '$lte') out.lte = v;
  }
  return out;
}

/** The field an ordered read can stream on: the sort's first key, if a declared index has it first. */
export function streamField(sort: Sort, indexed: ReadonlySet<string>): string | null {
  const first = Object.keys(sort)[0];
  return first !== undefined && indexed.has(first) ? first : null;
}

/**
 * The matches of `query` in `sort` order, the first `k` of them at most, read through the SQLite
 * index on `field` (the sort's first key): numbers come from an index walk in order, grouped by
 * value so that each group is sorted by the full order; the few rows whose value is not a number
 * are read, sorted and merged in. Stops reading once `k` are out.
 */
export function* orderedMatches<T extends object>(
  source: OrderedSource,
  field: string,
  sort: Sort,
  filter: Filter,
  query: Matcher,
  k: number,
): Generator<Found<T>> {
  const cmp = order<T>(sort);
  const parse = (row: { r: number; j: string }) =>
    (source.parse ? source.parse(row) : JSON.parse(row.j)) as T;
  const others = new TopK<Found<T>>(k, cmp);
  for (const row of source.others()) {
    const doc = parse(row);
    if (query.test(doc)) others.add({ doc, seq: row.r });
  }
  const rest = others.sorted();
  let next = 0;
  let emitted = 0;
  const dir = sort[field] === -1 ? -1 : 1;
  let group: Array<Found<T>> = [];
  let groupKey: number | undefined;
  const drain = function* (): Generator<Found<T>> {
    group.sort(cmp);
    for (const item of group) {
      while (next < rest.length && cmp(rest[next], item) < 0 && emitted < k) {
        emitted++;
        yield rest[next++];
      }
      if (emitted >= k) return;
      emitted++;
      yield item;
    }
    group = [];
  };
  for (const row of source.ordered(dir, boundsOf(filter, field))) {
    if (row.k !== groupKey) {
      yield* drain();
      if (emitted >= k) return;
      groupKey = row.k;
    }
    const doc = parse(row);
    if (source.skip?.(doc)) continue;
    if (query.test(doc)) group.push({ doc, seq: row.r });
  }
  yield* drain();
  while (next < rest.length && emitted < k) {
    emitted++;
    yield rest[next++];
  }
}
