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
    this.col = store.collection<AuditDoc>('audit');
  }

  async record(
    actor: Actor,
    action: string,
    target: string | null,
    details?: Record<string, unknown>,
    orgId?: string | null,
  ): Promise<void> {
    await this.col.insertOne({
      _id: newId(),
      at: Date.now(),
      actorId: actor.id,
      orgId: orgId !== undefined ? orgId : (actor.orgId ?? null),
      action,
      target,
      ...(details ? { details } : {}),
      ip: actor.ip ?? null,
    });
  }

  list(opts: { limit: number; before?: number; orgId?: string; action?: string }): Promise<AuditDoc[]> {
    const filter: Record<string, unknown> = {};
    if (opts.before) filter.at = { $lt: opts.before };
    if (opts.orgId) filter.orgId = opts.orgId;
    if (opts.action) filter.action = opts.action;
    return this.col.find(filter, { sort: { at: -1 }, limit: opts.limit });
  }
}
