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

export function compileFilter(filter: object): Matcher {
  const query = new Query(filter as Criteria, QUERY_OPTIONS);
  return { test: (doc) => query.test(doc as Json) };
}

export function project<T>(docs: T[], projection: Record<string, 0 | 1>): T[] {
  return new Query({}, QUERY_OPTIONS).find(docs as Json[], projection as Projection).all() as T[];
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
