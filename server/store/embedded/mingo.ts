/**
 * mingo, set up once. mingo's entry points build their options per call: `new Query()` copies
 * every operator table into a fresh Context, and `update()` does that and then copies the query
 * operators again (`Context.from`, `addOps`); profiles of the server put that at ~14 % of its CPU.
 *
 * A ComputeOptions instance passed back to mingo is reused without copying its Context, but the
 * class is not exported. Query operators receive it, though: a one-off operator hands it over once
 * at start-up. The operators used are exactly those of mingo's default entry point, so results do
 * not change; only the per-call table copies go.
 */
import { Context } from 'mingo/core';
import * as accumulatorOps from 'mingo/operators/accumulator';
import * as expressionOps from 'mingo/operators/expression';
import * as pipelineOps from 'mingo/operators/pipeline';
import * as projectionOps from 'mingo/operators/projection';
import * as queryOps from 'mingo/operators/query';
import * as updateOps from 'mingo/operators/update';
import * as windowOps from 'mingo/operators/window';
import { update as mingoUpdate } from 'mingo';
import { Query } from 'mingo/query';

type Json = Record<string, unknown>;
/** mingo's internal ComputeOptions, as its update operators declare it. */
type ComputeOptions = NonNullable<Parameters<typeof updateOps.$set>[2]>;
type Criteria = ConstructorParameters<typeof Query>[0];
type QueryOptions = ConstructorParameters<typeof Query>[1];
type Modifier = Parameters<typeof mingoUpdate>[1];
type Projection = Parameters<Query['find']>[1];
type UpdateFn = (expr: Json, arrayFilters?: Json[], options?: ComputeOptions) => (obj: Json) => string[];

const GRAB = '$__notulaOptions';

/** A ComputeOptions holding a full operator Context, built once. */
function sharedOptions(): ComputeOptions {
  let grabbed: ComputeOptions | undefined;
  const context = Context.init({
    accumulator: accumulatorOps,
    expression: expressionOps,
    pipeline: pipelineOps,
    projection: projectionOps,
    window: windowOps,
    query: {
      ...queryOps,
      [GRAB]: (_field: string, _value: unknown, options: ComputeOptions) => {
        grabbed = options;
        return () => true;
      },
    },
  } as unknown as Parameters<typeof Context.init>[0]);
  new Query({ x: { [GRAB]: 1 } } as Criteria, { context });
  if (!grabbed) throw new Error('mingo did not hand over its options; check the mingo version.');
  return grabbed;
}

const QUERY_OPTIONS = sharedOptions() as unknown as QueryOptions;
/** Update operators read `updateConfig` from here; their own default would copy every value set. */
const UPDATE_OPTIONS = sharedOptions().update({ updateConfig: { cloneMode: 'none' } });

export interface Matcher {
  test(doc: object): boolean;
}

/** Compiles `filter`: the plain-field fast path (below) when it applies, else a mingo Query. */
export function compileFilter(filter: object): Matcher {
  let query: Query | undefined;
  const viaMingo = (doc: object) =>
    (query ??= new Query(filter as Criteria, QUERY_OPTIONS)).test(doc as Json);
  const plain = plainFilter(filter as Json);
  if (!plain) return { test: viaMingo };
  return {
    test(doc) {
      const r = plain(doc as Json);
      return r === undefined ? viaMingo(doc) : r;
    },
  };
}

// ---- the fast path -----------------------------------------------------------------------------
// Most filters the services send pin fields to scalars or bound them by numbers
// (`{_id, holderId, status: {$in}, leaseExpiresAt: {$gt: now}, version}`, a claim's `$or` of two
// such, a recording's `{_id, 'segments.open': {$gt: 0}}`), and building a mingo Query for each
// costs more than the rest of a draft save's matching. Such a filter is tested here directly on a
// document whose fields it names hold scalars (or are missing), reached through plain objects; any
// other filter, or a document with an array or object in a named field or on the way to it
// (MongoDB's array and document rules), goes to mingo. test/store/mingo.test.ts checks that both
// agree.

type Plain = string | number | boolean | null | undefined;
type Test = (v: Plain) => boolean;
/** A document's verdict, or undefined when mingo must judge it. */
type DocTest = (doc: Json) => boolean | undefined;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isScalar(x: unknown): x is string | number | boolean | null {
  return (
    x === null ||
    typeof x === 'string' ||
    typeof x === 'boolean' ||
    (typeof x === 'number' && !Number.isNaN(x))
  );
}

function isPlainObject(x: unknown): x is Json {
  return (
    x !== null && typeof x === 'object' && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype
  );
}

/** MongoDB equality of a scalar field value (missing: undefined) with a scalar; null matches missing. */
const equals = (v: Plain, x: string | number | boolean | null) => (x === null ? v == null : v === x);

const isNumber = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);

function operatorTest(op: string, x: unknown): Test | null {
  switch (op) {
    case '$eq':
      return isScalar(x) ? (v) => equals(v, x) : null;
    case '$ne':
      return isScalar(x) ? (v) => !equals(v, x) : null;
    case '$in':
    case '$nin': {
      if (!Array.isArray(x) || !x.every(isScalar)) return null;
      const list = x as Array<string | number | boolean | null>;
      const found = (v: Plain) => list.some((y) => equals(v, y));
      return op === '$in' ? found : (v) => !found(v);
    }
    case '$gt':
      return isNumber(x) ? (v) => typeof v === 'number' && v > x : null;
    case '$gte':
      return isNumber(x) ? (v) => typeof v === 'number' && v >= x : null;
    case '$lt':
      return isNumber(x) ? (v) => typeof v === 'number' && v < x : null;
    case '$lte':
      return isNumber(x) ? (v) => typeof v === 'number' && v <= x : null;
    case '$exists':
      return typeof x === 'boolean' ? (v) => (v !== undefined) === x : null;
    case '$not': {
      const t = isPlainObject(x) ? conditionTest(x) : null;
      return t ? (v) => !t(v) : null;
    }
    default:
      return null;
  }
}

/** All of an operator object's conditions (`{$gt: 1, $lt: 5}`), or null. */
function conditionTest(cond: Json): Test | null {
  const tests: Test[] = [];
  const ops = Object.entries(cond);
  if (ops.length === 0) return null;
  for (const [op, x] of ops) {
    const t = operatorTest(op, x);
    if (!t) return null;
    tests.push(t);
  }
  return (v) => tests.every((t) => t(v));
}

/** What `valueAt` gives when mingo must judge the document. */
const DEFER = Symbol('left to mingo');

/**
 * The value at a path of plain names (`segments.open`), undefined when a step finds nothing (a
 * missing field, as MongoDB has it); DEFER when a step meets an array or any other value that is
 * not a plain object (MongoDB's array rules, which mingo applies).
 */
function valueAt(doc: Json, names: readonly string[]): unknown {
  let v: unknown = doc;
  for (const name of names) {
    if (v === undefined) return undefined;
    if (!isPlainObject(v)) return DEFER;
    v = Object.prototype.hasOwnProperty.call(v, name) ? v[name] : undefined;
  }
  return v;
}

/** The whole filter as a DocTest, or null when mingo must judge it. */
function plainFilter(filter: Json): DocTest | null {
  if (!isPlainObject(filter)) return null;
  const parts: DocTest[] = [];
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$or' || key === '$and') {
      if (!Array.isArray(cond) || cond.length === 0) return null;
      const branches: DocTest[] = [];
      for (const c of cond) {
        const b = plainFilter(c as Json);
        if (!b) return null;
        branches.push(b);
      }
      parts.push(combine(branches, key === '$or' ? 'some' : 'every'));
      continue;
    }
    const names = key.split('.');
    if (!names.every((n) => FIELD.test(n))) return null;
    const t = isScalar(cond)
      ? (v: Plain) => equals(v, cond)
      : isPlainObject(cond)
        ? conditionTest(cond)
        : null;
    if (!t) return null;
    parts.push((doc) => {
      const v = valueAt(doc, names);
      return v === DEFER || (v !== null && typeof v === 'object') ? undefined : t(v as Plain);
    });
  }
  return combine(parts, 'every');
}

/** Every part judged (so a document any part cannot judge goes wholly to mingo), then combined. */
function combine(parts: DocTest[], how: 'some' | 'every'): DocTest {
  return (doc) => {
    let verdict = how === 'every';
    for (const p of parts) {
      const r = p(doc);
      if (r === undefined) return undefined;
      verdict = how === 'every' ? verdict && r : verdict || r;
    }
    return verdict;
  };
}

export function project<T>(docs: T[], projection: Record<string, 0 | 1>): T[] {
  const fields = pickedFields(projection);
  if (fields) {
    return docs.map((doc) => {
      const out: Json = {};
      for (const f of fields) if (Object.prototype.hasOwnProperty.call(doc, f)) out[f] = (doc as Json)[f];
      return out as T;
    });
  }
  return new Query({}, QUERY_OPTIONS).find(docs as Json[], projection as Projection).all() as T[];
}

/**
 * The fields an inclusion of plain top-level fields keeps (`_id` too unless excluded), or null for
 * any other projection (dotted paths, exclusions, operators), which mingo applies.
 */
function pickedFields(projection: Record<string, 0 | 1>): string[] | null {
  const fields: string[] = [];
  let id = true;
  for (const [field, v] of Object.entries(projection)) {
    if (field === '_id') {
      if (v !== 0 && v !== 1) return null;
      id = v === 1;
    } else if (v === 1 && FIELD.test(field)) fields.push(field);
    else return null;
  }
  if (fields.length === 0) return null;
  return id ? ['_id', ...fields] : fields;
}

const UPDATE_OPS = updateOps as unknown as Record<string, UpdateFn | undefined>;
/** Path parts mingo treats specially or refuses; updates naming them take mingo's own path. */
const SPECIAL_PART = /^(?:_id|__proto__|constructor|prototype)$|\$/;

/**
 * True when `modifier` can be applied operator by operator with the shared options and give what
 * mingo's `update()` gives: known operators on plain, non-conflicting paths. Everything else
 * (positional `$`, `_id`, `$rename`, `$currentDate` whose clock the shared options would cache,
 * conflicting paths, unknown operators) goes through `update()`, errors included.
 */
function simple(modifier: Json): boolean {
  const seen = new Set<string>();
  for (const [op, fields] of Object.entries(modifier)) {
    if (!UPDATE_OPS[op] || op === '$rename' || op === '$currentDate') return false;
    for (const path of Object.keys(fields as Json)) {
      const parts = path.split('.');
      if (parts.some((p) => p === '' || SPECIAL_PART.test(p))) return false;
      // mingo refuses two operators on one path, or on a path and its prefix.
      if (seen.has(path)) return false;
      seen.add(path);
    }
  }
  for (const path of seen) {
    for (let i = path.indexOf('.'); i >= 0; i = path.indexOf('.', i + 1)) {
      if (seen.has(path.slice(0, i))) return false;
    }
  }
  return true;
}

/**
 * Applies `modifier` to `doc` in place; returns whether anything changed. `condition` is only
 * needed for the positional `$`.
 */
export function applyModifier(doc: Json, modifier: Json, condition?: Json): boolean {
  if (!condition && simple(modifier)) {
    let modified = false;
    for (const [op, fields] of Object.entries(modifier)) {
      if (UPDATE_OPS[op]!(fields as Json, [], UPDATE_OPTIONS)(doc).length > 0) modified = true;
    }
    return modified;
  }
  const fields = mingoUpdate(doc, modifier as Modifier, undefined, condition as Criteria, {
    cloneMode: 'none',
  });
  return fields.length > 0;
}
