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

  list(opts: { limit: number; before?: number; orgId?: string; action?: string }): Promise<AuditDoc[]> {
    const filter: Record<string, unknown> = {};
    if (opts.before) filter.at = { $lt: opts.before };
    if (opts.orgId) filter.orgId = opts.orgId;
    if (opts.action) filter.action = opts.action;
    return this.col.find(filter, { sort: { at: -1 }, limit: opts.limit });
  }
}
