/**
 * Queries answered from SQLite (doc-table.ts) rather than memory: every query on a collection whose
 * filter may match a document that is not resident (residency.ts). The reader picks one access
 * path from the declared indexes, reads a superset of the matches through it, and mingo decides;
 * no path reads the whole collection unless no index applies to the filter or the sort.
 *
 * Paths, first that applies:
 * - sorted, with a single value pinned on an index's first field and the sort's first key as its
 *   second (a client's recordings newest first): walk that index in order, stop at the limit;
 * - sorted on an index's first field, with a limit, when no equality narrows to fewer than
 *   STREAM_AFTER rows: walk that index in order, stop at the limit;
 * - an equality (or `$in`) on an index's first field, the narrowest by a capped count; with a
 *   single value and numeric bounds on the index's second field, a range walk instead;
 * - numeric bounds on an index's first field: a range walk;
 * - otherwise the whole collection, in storage order (stopping early when unsorted with a limit).
 *
 * Results come in sort order, ties (and unsorted results) in storage order, exactly as the
 * in-memory path orders them.
 */
import type { Doc, Filter, Sort } from '../types.ts';
import { TopK, boundsOf, order, orderedMatches } from './cold-read.ts';
import type { Bounds, Found, OrderedSource } from './cold-read.ts';
import { distinct, isOdd, isPlainString, sqlField } from './doc-table.ts';
import type { DocTable, Eq, Row, Scalar } from './doc-table.ts';
import { equalityValues, fullKeys, valuesAt } from './index-set.ts';
import type { Matcher } from './mingo.ts';

/** Below this many index entries an equality is read whole rather than streaming a sorted index. */
const STREAM_AFTER = 1000;

type Path =
  | { kind: 'equal'; field: string; values: Scalar[] }
  | { kind: 'ordered'; prefix: Eq | null; field: string }
  | { kind: 'scan' };

function hasBounds(b: Bounds): boolean {
  return Object.keys(b).length > 0;
}

export class TableReader<T extends Doc> {
  constructor(
    private readonly table: DocTable,
    /** The SQL-indexed leading fields of each declared index (doc-table.ts `sqlField`), kept by the collection. */
    private readonly indexed: ReadonlyArray<readonly string[]>,
    /** The copy of a document held in memory, if it is resident: the same as its row, without a parse. */
    private readonly resident: (id: string) => T | undefined,
  ) {}

  private doc(row: Row): T {
    return this.resident(row.i) ?? (JSON.parse(row.j) as T);
  }

  private parse(row: Row): Found<T> {
    return { doc: this.doc(row), seq: row.r };
  }

  /** Equalities on indexes' first fields, narrowest first (counted only when there is a choice). */
  private equalities(filter: Filter): Array<{ field: string; values: Scalar[]; size: number }> {
    const out: Array<{ field: string; values: Scalar[]; size: number }> = [];
    for (const fields of this.indexed) {
      const field = fields[0];
      const values = equalityValues(filter[field]);
      if (values && !out.some((e) => e.field === field)) out.push({ field, values, size: 0 });
    }
    return out;
  }

  private measure(eqs: Array<{ field: string; values: Scalar[]; size: number }>): void {
    for (const e of eqs) {
      e.size = 0;
      for (const value of new Set(e.values))
        e.size += this.table.estimate([{ field: e.field, value }], STREAM_AFTER);
    }
    eqs.sort((a, b) => a.size - b.size);
  }

  /** An index whose first field is pinned to one value and whose second field is `second` (or any, if null). */
  private pinnedPair(filter: Filter, second: string | null): { prefix: Eq; field: string } | null {
    for (const fields of this.indexed) {
      if (fields.length < 2 || (second !== null && fields[1] !== second)) continue;
      if (second === null && !hasBounds(boundsOf(filter, fields[1]))) continue;
      const values = equalityValues(filter[fields[0]]);
      if (values?.length === 1) return { prefix: { field: fields[0], value: values[0] }, field: fields[1] };
    }
    return null;
  }

  private choose(filter: Filter, sort: Sort | undefined, k: number): Path {
    const key = sort ? Object.keys(sort)[0] : undefined;
    if (key !== undefined) {
      const pair = this.pinnedPair(filter, key);
      if (pair) return { kind: 'ordered', ...pair };
    }
    const eqs = this.equalities(filter);
    const streamable = key !== undefined && this.indexed.some((f) => f[0] === key);
    if (eqs.length > 1 || (eqs.length === 1 && streamable && k !== Infinity)) this.measure(eqs);
    if (streamable && (eqs.length === 0 || (k !== Infinity && eqs[0].size >= STREAM_AFTER)))
      return { kind: 'ordered', prefix: null, field: key! };
    if (eqs.length > 0) {
      const best = eqs[0];
      const range = best.values.length === 1 ? this.pinnedPair(filter, null) : null;
      if (range && range.prefix.field === best.field) return { kind: 'ordered', ...range };
      return { kind: 'equal', field: best.field, values: best.values };
    }
    const ranged = this.indexed.find((f) => hasBounds(boundsOf(filter, f[0])));
    if (ranged) return { kind: 'ordered', prefix: null, field: ranged[0] };
    return { kind: 'scan' };
  }

  private source(prefix: Eq | null, field: string): OrderedSource {
    return {
      ordered: (dir, bounds) => this.table.ordered(prefix, field, dir, bounds),
      others: () => this.table.others(prefix, field),
      parse: (row) => this.doc(row as Row),
      // Odd values come through `others`; an odd prefix value may still equal the pinned one as JSON text.
      skip: (doc) =>
        isOdd((doc as Record<string, unknown>)[field]) ||
        (prefix !== null && isOdd((doc as Record<string, unknown>)[prefix.field])),
    };
  }

  /** Every candidate row of a path that is not an ordered walk, without duplicates. */
  private rows(path: Exclude<Path, { kind: 'ordered' }>): Iterable<Row> {
    if (path.kind === 'scan') return this.table.scan();
    return distinct(
      [...new Set(path.values)].map((value) => this.table.equal([{ field: path.field, value }])),
    );
  }

  /** The matches in storage order, the first `k` at most. */
  unsorted(filter: Filter, query: Matcher, k: number): Array<Found<T>> {
    const path = this.choose(filter, undefined, k);
    const out: Array<Found<T>> = [];
    if (path.kind === 'scan') {
      for (const row of this.table.scan()) {
        const found = this.parse(row);
        if (query.test(found.doc)) out.push(found);
        if (out.length >= k) break;
      }
      return out;
    }
    if (path.kind === 'ordered') {
      const { prefix, field } = path;
      const skip = this.source(prefix, field).skip!;
      for (const row of this.table.others(prefix, field)) {
        const found = this.parse(row);
        if (query.test(found.doc)) out.push(found);
      }
      for (const row of this.table.ordered(prefix, field, 1, boundsOf(filter, field))) {
        const found = this.parse(row);
        if (!skip(found.doc) && query.test(found.doc)) out.push(found);
      }
    } else {
      for (const row of this.rows(path)) {
        const found = this.parse(row);
        if (query.test(found.doc)) out.push(found);
      }
    }
    out.sort((a, b) => a.seq - b.seq);
    return out.length > k ? out.slice(0, k) : out;
  }

  /** The matches in `sort` order (ties in storage order), the first `k` at most. */
  *sorted(filter: Filter, query: Matcher, sort: Sort, k: number): Generator<Found<T>> {
    const path = this.choose(filter, sort, k);
    if (path.kind === 'ordered' && path.field === Object.keys(sort)[0]) {
      yield* orderedMatches<T>(this.source(path.prefix, path.field), path.field, sort, filter, query, k);
      return;
    }
    const top = new TopK<Found<T>>(k, order<T>(sort));
    for (const found of this.unsorted(filter, query, Infinity)) top.add(found);
    yield* top.sorted();
  }

  count(filter: Filter, query: Matcher): number {
    const keys = Object.keys(filter);
    if (keys.length === 1) {
      // An equality on strings alone is counted in the index, plus the odd rows that match.
      const field = keys[0];
      const values = equalityValues(filter[field]);
      if (values?.length && values.every(isPlainString) && this.indexed.some((f) => f[0] === field)) {
        let n = this.table.countStrings(field, [...new Set(values)] as string[]);
        for (const row of this.table.odd([field])) if (query.test(this.parse(row).doc)) n++;
        return n;
      }
    }
    return this.unsorted(filter, query, Infinity).length;
  }

  /**
   * Whether another document shares a key of the unique index on `fields` with `doc`. Reads the
   * rows pinned to `doc`'s values of the index's leading plain fields (one seek in practice).
   */
  conflicts(fields: string[], doc: T): boolean {
    const eqs: Eq[] = [];
    for (const field of fields) {
      // The index's own SQLite index has its plain leading fields as columns, in order.
      if (!sqlField(field)) break;
      const values = valuesAt(doc, field);
      if (values.length !== 1 || isOdd(values[0])) break;
      eqs.push({ field, value: (values[0] ?? null) as Scalar });
    }
    const keys = fullKeys(fields, doc);
    const rows = eqs.length > 0 ? this.table.equal(eqs, doc._id) : this.table.scan();
    for (const row of rows) {
      const other = this.parse(row).doc;
      if (other._id === doc._id) continue;
      for (const key of fullKeys(fields, other)) if (keys.has(key)) return true;
    }
    return false;
  }
}
