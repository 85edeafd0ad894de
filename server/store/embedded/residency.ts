/**
 * Which documents of a collection the embedded engine keeps in memory. SQLite holds every document;
 * memory holds the *resident* ones, so that memory, start-up and the hot paths follow the active
 * work and not the archive:
 * - `memory`: every document (small collections: orgs, users, sessions, tokens);
 * - `status`: every document except those whose `field` is one of the `archived` strings
 *   (approved segments, completed recordings, finished jobs): work that is over;
 * - `disk`: none (earnings, one line per approved segment for good; tests use it to run every query
 *   through SQLite).
 *
 * A query whose filter can only match resident documents is answered from memory alone; any
 * other query reads SQLite through its indexes (table-read.ts). The JavaScript predicate and its
 * SQL twin below must agree exactly: the first decides where a written document goes, the second
 * which rows are loaded at open (test/store/residency.test.ts checks them against each other).
 */
import type { CollectionName, Filter } from '../types.ts';
import { equalityValues } from './index-set.ts';
import { keyExtract, sqlString } from './doc-table.ts';

export type Residency =
  { kind: 'memory' } | { kind: 'disk' } | { kind: 'status'; field: string; archived: readonly string[] };

const MEMORY: Residency = { kind: 'memory' };

/** The policy of each collection but the cold ones (store.ts); anything not named here stays in memory. */
export const RESIDENCY: Readonly<Partial<Record<CollectionName, Residency>>> = {
  orgs: MEMORY,
  users: MEMORY,
  sessions: MEMORY,
  tokens: MEMORY,
  password_links: MEMORY,
  // Few and short-lived (tombstones.ts purges them after TOMBSTONE_DAYS).
  segment_tombstones: MEMORY,
  recordings: { kind: 'status', field: 'status', archived: ['completed', 'failed'] },
  segments: { kind: 'status', field: 'status', archived: ['approved'] },
  jobs: { kind: 'status', field: 'status', archived: ['done', 'failed'] },
  webhooks: { kind: 'status', field: 'status', archived: ['delivered', 'failed'] },
  // One line per approved segment, for good: read by transcriber and month through SQLite indexes.
  earnings: { kind: 'disk' },
  // Draft words are read one segment at a time, by _id: none is held in memory.
  drafts: { kind: 'disk' },
};

export function residencyOf(name: string, overrides: Partial<Record<string, Residency>> = {}): Residency {
  return overrides[name] ?? RESIDENCY[name as CollectionName] ?? MEMORY;
}

/** Whether `doc` is held in memory. */
export function isResident(policy: Residency, doc: object): boolean {
  if (policy.kind !== 'status') return policy.kind === 'memory';
  const value = (doc as Record<string, unknown>)[policy.field];
  return !(typeof value === 'string' && policy.archived.includes(value));
}

/**
 * The SQL twin of `isResident` over the `docs` table's `k` column (which holds `field` among the
 * key fields: doc-table.ts), or null for every row. A JSON string comes out of json_extract as
 * itself and nothing else does (arrays and objects come out as JSON text, which starts with `[` or
 * `{`, numbers as numbers), so the IN test is exact; a missing field gives NULL, which coalesce
 * turns into "resident".
 */
export function residentSql(policy: Residency): string | null {
  if (policy.kind === 'memory') return null;
  if (policy.kind === 'disk') return '0';
  const values = policy.archived.map(sqlString).join(', ');
  return `coalesce(${keyExtract(policy.field)} NOT IN (${values}), 1)`;
}

/**
 * True when every document `filter` can match is resident, so memory alone answers it: the filter
 * pins `field` (directly, inside an `$and`, or in every branch of an `$or`) to values none of which
 * is archived. A document matching `{status: 'open'}` has the string 'open' as its status or in an
 * array under it, and neither kind of document is archived.
 */
export function onlyResident(policy: Residency, filter: Filter): boolean {
  if (policy.kind !== 'status') return policy.kind === 'memory';
  const values = equalityValues(filter[policy.field]);
  if (values && values.every((v) => !(typeof v === 'string' && policy.archived.includes(v)))) return true;
  const and = filter.$and;
  if (Array.isArray(and) && and.some((f) => isFilter(f) && onlyResident(policy, f))) return true;
  const or = filter.$or;
  return Array.isArray(or) && or.length > 0 && or.every((f) => isFilter(f) && onlyResident(policy, f));
}

function isFilter(v: unknown): v is Filter {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
