import { collectionOf } from './collections.ts';
import type { Store, Collection } from '../store/types.ts';
import type { AuditDoc } from '../domain.ts';
import { newId } from '../ids.ts';

export interface Actor {
  id: string | null;
  orgId?: string | null;
  ip?: string | null;
}

/** Append-only record of every state change that matters. */
export class AuditService {
  private readonly col: Collection<AuditDoc>;
  constructor(store: Store) {
    this.col = collectionOf(store, 'audit');
  }

  /**
   * Appends an entry. With `onceKey` the entry is written at most once, however often a retried
   * job records it (the key becomes its id).
   */
  async record(
    actor: Actor,
    action: string,
    target: string | null,
    details?: Record<string, unknown>,
    orgId?: string | null,
    onceKey?: string,
  ): Promise<void> {
    const entry = {
      at: Date.now(),
      actorId: actor.id,
      orgId: orgId !== undefined ? orgId : (actor.orgId ?? null),
      action,
      target,
      ...(details ? { details } : {}),
      ip: actor.ip ?? null,
    };
    if (onceKey) await this.col.updateOne({ _id: onceKey }, { $setOnInsert: entry }, { upsert: true });
    else await this.col.insertOne({ _id: newId(), ...entry });
  }

  /**
   * Entries newest first, filtered by actor, action, organisation and time, one page at a time.
   * Each filter has its index (`{actorId|action|orgId: 1, at: -1}`, and `{at: -1}` for time
   * alone), so a page costs the rows it returns, however long the log. `after` continues from the
   * last entry of the previous page (its `at` and `_id`: entries of one millisecond are not lost).
   */
  list(opts: AuditQuery): Promise<AuditDoc[]> {
    const filter: Record<string, unknown> = {};
    const at: Record<string, number> = {};
    if (opts.from !== undefined) at.$gte = opts.from;
    if (opts.to !== undefined) at.$lte = opts.to;
    if (opts.before !== undefined) at.$lt = Math.min(opts.before, at.$lt ?? Infinity);
    if (opts.after) {
      at.$lte = Math.min(opts.after.at, at.$lte ?? Infinity);
      filter.$or = [{ at: { $lt: opts.after.at } }, { _id: { $lt: opts.after.id } }];
    }
    if (Object.keys(at).length) filter.at = at;
    if (opts.userId) filter.actorId = opts.userId;
    if (opts.orgId) filter.orgId = opts.orgId;
    if (opts.action) filter.action = opts.action;
    return this.col.find(filter, { sort: { at: -1, _id: -1 }, limit: opts.limit });
  }
}

export interface AuditQuery {
  limit: number;
  /** Only entries of this user (as the actor). */
  userId?: string;
  action?: string;
  orgId?: string;
  /** Epoch ms bounds, both inclusive. */
  from?: number;
  to?: number;
  /** Epoch ms: strictly older entries (the first page's "Older" button before cursors existed). */
  before?: number;
  /** The last entry of the previous page. */
  after?: { at: number; id: string };
}
