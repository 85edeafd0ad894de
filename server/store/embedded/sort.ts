/**
 * MongoDB sort order as a comparator (mingo's value order, keys compared in turn), so the engine
 * can pick the first of many matches in one pass instead of sorting them all: claims sort
 * thousands of open segments to take one.
 */
import { compare, resolve } from 'mingo/util';
import type { Sort } from '../types.ts';

type Obj = Record<string, unknown>;

/**
 * The value a document sorts by: an array sorts by its smallest element ascending and its largest
 * descending, as in MongoDB (and mingo's `$sort`); missing sorts as null.
 */
function sortKey(v: unknown, dir: 1 | -1): unknown {
  if (!Array.isArray(v) || v.length === 0) return v ?? null;
  let best: unknown = v[0];
  for (const x of v) if (compare(x, best) * dir < 0) best = x;
  return best;
}

export function comparator(sort: Sort): (a: object, b: object) => number {
  const keys = Object.entries(sort).map(([path, dir]) => ({ path, dir, top: !path.includes('.') }));
  return (a, b) => {
    for (const { path, dir, top } of keys) {
      const x = top ? (a as Obj)[path] : resolve(a as Obj, path);
      const y = top ? (b as Obj)[path] : resolve(b as Obj, path);
      // Two numbers or two strings (the claim order's every key, mostly) compare directly, as
      // mingo compares them; the rest as mingo orders them.
      const c =
        x === y
          ? 0
          : (typeof x === 'number' && typeof y === 'number') ||
              (typeof x === 'string' && typeof y === 'string')
            ? x < y
              ? -1
              : x > y
                ? 1
                : 0
            : compare(sortKey(x, dir), sortKey(y, dir));
      if (c !== 0) return dir === -1 ? -c : c;
    }
    return 0;
  };
}

/** The first of `items` in `sort` order (the earliest one among equals, as a stable sort gives). */
export function minBy<T extends object>(items: Iterable<T>, sort: Sort): T | undefined {
  const cmp = comparator(sort);
  let best: T | undefined;
  for (const item of items) if (best === undefined || cmp(item, best) < 0) best = item;
  return best;
}
