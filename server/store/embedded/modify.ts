/**
 * MongoDB update documents applied by mingo, plus what mingo leaves out: `$setOnInsert` and the
 * document an upsert starts from. Stored documents are never mutated: an update works on a copy
 * that replaces the stored one only once every check has passed.
 */
import { newId } from '../../ids.ts';
import type { Doc, Filter, Update } from '../types.ts';
import { copyJson, storedForm } from './copy.ts';
import { applyModifier } from './mingo.ts';

type Json = Record<string, unknown>;

function isPlainObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Rejects replacement documents and returns the operators, as the MongoDB driver's updateOne does. */
export function checkUpdate(update: Update): void {
  const ops = Object.keys(update);
  if (!isPlainObject(update) || ops.length === 0 || !ops.every((k) => k.startsWith('$'))) {
    throw new TypeError(
      'An update document must use update operators ($set, $inc, …); replacing whole documents is not supported.',
    );
  }
  for (const op of ops) {
    if (!isPlainObject(update[op])) throw new TypeError(`The value of ${op} must be an object.`);
  }
}

function usesPositional(update: Update): boolean {
  for (const op of Object.values(update)) {
    for (const path of Object.keys(op as Json)) if (path.includes('.$')) return true;
  }
  return false;
}

export interface Applied<T extends Doc> {
  doc: T;
  json: string;
  modified: boolean;
}

/**
 * Applies `update` to a copy of `doc`. The result is re-read from its JSON so memory holds exactly
 * what SQLite holds (no shared references into the caller's update, no non-JSON values).
 */
export function applyUpdate<T extends Doc>(
  doc: T,
  update: Update,
  filter: Filter,
  inserting = false,
): Applied<T> {
  const { $setOnInsert, ...rest } = update as Json;
  let modifier = rest;
  if (inserting && isPlainObject($setOnInsert)) {
    modifier = { ...rest, $set: { ...(isPlainObject(rest.$set) ? rest.$set : {}), ...$setOnInsert } };
  }
  const plain = inserting ? null : applyPlain(doc as Json, modifier);
  if (plain) return { doc: plain.draft as T, json: JSON.stringify(plain.draft), modified: plain.modified };
  // A stored document is JSON through and through; an upsert's starts from the filter's values.
  const draft = inserting ? structuredClone(doc) : copyJson(doc);
  let modified = false;
  if (Object.keys(modifier).length > 0) {
    // The positional `$` needs the filter to know which element matched; testing it costs a query compile.
    const condition = usesPositional(modifier) ? filter : undefined;
    modified = applyModifier(draft as unknown as Json, modifier, condition);
  }
  if (draft._id !== doc._id) {
    throw new TypeError("Performing an update on the path '_id' would modify the immutable field '_id'.");
  }
  const json = JSON.stringify(draft);
  return { doc: JSON.parse(json) as T, json, modified: modified || inserting };
}

const PLAIN_FIELD = /^[A-Za-z][A-Za-z0-9_]*$/;

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A value whose JSON is the whole of it (no Date or other class with a toJSON of its own at the top). */
function plainValue(v: unknown): boolean {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint')
    return false;
  if (typeof v === 'number') return Number.isFinite(v);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return true;
  return Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Whether `value` (from an update) equals `stored` (from a stored document, JSON already) as
 * mingo compares them: arrays element by element, objects by their keys in any order.
 */
function sameValue(stored: unknown, value: unknown): boolean {
  if (stored === value) return true;
  if (typeof stored !== 'object' || typeof value !== 'object' || stored === null || value === null)
    return false;
  if (Array.isArray(stored) !== Array.isArray(value)) return false;
  if (Array.isArray(stored)) {
    const other = value as unknown[];
    return stored.length === other.length && stored.every((v, i) => sameValue(v, other[i]));
  }
  const a = stored as Json;
  const b = value as Json;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameValue(a[k], b[k]))
  );
}

const PLAIN_OPS = new Set(['$set', '$unset', '$inc', '$max', '$min', '$push', '$addToSet']);

function hasDuplicates(items: readonly unknown[]): boolean {
  return items.some((item, i) => items.findIndex((other) => sameValue(other, item)) !== i);
}

/** Whether `value` is an object with `$` keys (`{$each: …}`): a modifier, not a value. */
function hasOperators(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'));
}

/**
 * The common update, applied without mingo or a copy of the whole document: `$set`, `$unset`,
 * `$inc`, `$max` and `$min` of plain fields (numbers for the last three), and `$push` or
 * `$addToSet` of one value onto an array (a claim's holder, a submit's history entry), each field
 * named once. A field may be a path through embedded objects that exist (`segments.open`, a
 * recording's counts). The result shares its untouched fields with `doc` (stored documents are
 * never mutated): the touched ones, and the objects on the way to them, are fresh. Returns null for
 * anything else, which mingo applies to a copy (`applyUpdate`); test/store/modify.test.ts holds the
 * two to the same results.
 */
function applyPlain(doc: Json, modifier: Json): { draft: Json; modified: boolean } | null {
  const draft: Json = { ...doc };
  /** The embedded objects of `draft` copied so far, by path. */
  const copied = new Map<string, Json>([['', draft]]);
  const seen: string[] = [];
  let modified = false;
  for (const [op, fields] of Object.entries(modifier)) {
    if (!PLAIN_OPS.has(op)) return null;
    for (const [field, value] of Object.entries(fields as Json)) {
      // Two paths where one holds the other conflict (MongoDB refuses them): mingo says so.
      if (seen.some((f) => f === field || f.startsWith(`${field}.`) || field.startsWith(`${f}.`)))
        return null;
      seen.push(field);
      const names = field.split('.');
      if (!names.every((n) => PLAIN_FIELD.test(n))) return null;
      const parent = ownParent(doc, copied, names);
      if (!parent) return null;
      const name = names[names.length - 1]!;
      const current = parent.stored[name];
      const target = parent.copy;
      if (op === '$unset') {
        if (name in target) {
          delete target[name];
          modified = true;
        }
      } else if (op === '$set') {
        if (!plainValue(value)) return null;
        if (current !== undefined && sameValue(current, value)) continue;
        target[name] = storedForm(value);
        modified = true;
      } else if (op === '$push' || op === '$addToSet') {
        // One value onto an array (or a new one); `$each` and the other modifiers go to mingo.
        if (!plainValue(value) || hasOperators(value) || (current !== undefined && !Array.isArray(current))) {
          return null;
        }
        const items = (current ?? []) as unknown[];
        // mingo leaves an array that already holds duplicates as it is (MongoDB would add the
        // value); such an array goes to mingo, so both paths keep mingo's answer.
        if (op === '$addToSet' && hasDuplicates(items)) return null;
        if (op === '$addToSet' && items.some((item) => sameValue(item, value))) continue;
        target[name] = [...items, storedForm(value)];
        modified = true;
      } else {
        if (!isNumber(value) || (current !== undefined && !isNumber(current))) return null;
        let next: number;
        if (op === '$inc') next = current === undefined ? value : current + value;
        else if (current === undefined) next = value;
        else next = op === '$max' ? Math.max(current, value) : Math.min(current, value);
        if (!Number.isFinite(next)) return null;
        if (current === next) continue;
        target[name] = next;
        modified = true;
      }
    }
  }
  return { draft, modified };
}

/**
 * The object holding the last of `names` in `doc` (`stored`) and its copy in the draft (`copy`,
 * made on the way, once per path); null when a step on the way is missing or is not a plain
 * object (MongoDB would create it, or apply its array rules: mingo does).
 */
function ownParent(
  doc: Json,
  copied: Map<string, Json>,
  names: readonly string[],
): { stored: Json; copy: Json } | null {
  let stored = doc;
  let copy = copied.get('')!;
  let path = '';
  for (const name of names.slice(0, -1)) {
    const next = stored[name];
    if (!isPlainObject(next) || Object.getPrototypeOf(next) !== Object.prototype) return null;
    path = path ? `${path}.${name}` : name;
    let own = copied.get(path);
    if (!own) {
      own = { ...next };
      copy[name] = own;
      copied.set(path, own);
    }
    stored = next;
    copy = own;
  }
  return { stored, copy };
}

function setPath(target: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let obj = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(obj[part])) obj[part] = {};
    obj = obj[part] as Json;
  }
  obj[parts[parts.length - 1]] = structuredClone(value);
}

function collectEqualities(filter: Filter, into: Json): void {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) collectEqualities(sub, into);
    } else if (key.startsWith('$')) {
      continue;
    } else if (isPlainObject(cond) && Object.keys(cond).some((k) => k.startsWith('$'))) {
      if ('$eq' in cond) setPath(into, key, cond.$eq);
    } else {
      setPath(into, key, cond);
    }
  }
}

/** The document an upsert inserts: the filter's equality fields, then the update (with $setOnInsert). */
export function upsertDoc<T extends Doc>(filter: Filter, update: Update): Applied<T> {
  const base: Json = {};
  collectEqualities(filter, base);
  const onInsert = (update as Json).$setOnInsert;
  const id =
    base._id ??
    (isPlainObject(onInsert) ? onInsert._id : undefined) ??
    (isPlainObject(update.$set) ? update.$set._id : undefined);
  base._id = typeof id === 'string' ? id : newId();
  // The _id is fixed above; setting it again through the update would count as changing it.
  const withoutId = stripId(update);
  return applyUpdate(base as T, withoutId, filter, true);
}

function stripId(update: Update): Update {
  const out: Json = {};
  for (const [op, fields] of Object.entries(update)) {
    if ((op === '$setOnInsert' || op === '$set') && isPlainObject(fields) && '_id' in fields) {
      const { _id: _ignored, ...restFields } = fields;
      out[op] = restFields;
    } else out[op] = fields;
  }
  return out;
}
