/**
 * Password links: single-use, expiring secrets that let a person choose a password (an invite for
 * a new user, a reset for one who forgot). Only the secret's sha256 is stored, so a copy of the
 * database opens no account. A link works once, for LINK_TTL_MS, and is withdrawn as soon as the
 * user's password changes by any route (this link, another one, the account page, an admin).
 */
import { createHash } from 'node:crypto';
import { collectionOf } from './collections.ts';
import type { Collection, Store } from '../store/types.ts';
import type { PasswordTokenDoc } from '../domain.ts';
import { newId, newSecret } from '../ids.ts';
import { InvalidTokenError } from '../errors.ts';
import type { Clock } from './lease.ts';

/** How long a link works: 72 hours (API.md). */
export const LINK_TTL_MS = 72 * 3600 * 1000;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export type LinkKind = PasswordTokenDoc['kind'];

export class PasswordLinks {
  private readonly col: Collection<PasswordTokenDoc>;

  constructor(
    store: Store,
    private readonly clock: Clock,
  ) {
    this.col = collectionOf(store, 'password_links');
  }

  /** A new link's secret (shown or mailed once, never stored). Earlier links of the user stop working. */
  async issue(userId: string, kind: LinkKind): Promise<string> {
    await this.withdraw(userId);
    const secret = newSecret();
    const now = this.clock();
    await this.col.insertOne({
      _id: newId(),
      userId,
      kind,
      hash: sha256(secret),
      createdAt: now,
      expiresAt: now + LINK_TTL_MS,
      usedAt: null,
    });
    return secret;
  }

  /**
   * Uses a link up: atomically, so two requests with one link cannot both set a password.
   * A used, withdrawn, expired or unknown secret is an `InvalidTokenError`.
   */
  async consume(secret: string): Promise<PasswordTokenDoc> {
    const now = this.clock();
    const doc = await this.col.findOneAndUpdate(
      { hash: sha256(secret), usedAt: null, expiresAt: { $gt: now } },
      { $set: { usedAt: now } },
    );
    if (!doc) throw new InvalidTokenError();
    return doc;
  }

  /** Every link of the user still working stops working (a password changed, a new link issued). */
  async withdraw(userId: string): Promise<void> {
    await this.col.updateMany({ userId, usedAt: null }, { $set: { usedAt: this.clock() } });
  }

  /** Links of `kind` issued to the user since `since` (ms): the reset throttle counts them. */
  issuedSince(userId: string, kind: LinkKind, since: number): Promise<number> {
    return this.col.countDocuments({ userId, kind, createdAt: { $gte: since } });
  }

  /** Drops links that can no longer work and are past any throttle window; housekeeping. */
  async purgeSpent(): Promise<number> {
    const before = this.clock() - LINK_TTL_MS;
    return (await this.col.deleteMany({ expiresAt: { $lt: before } })).deletedCount;
  }
}
