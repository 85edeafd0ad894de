import { collectionOf } from './collections.ts';
import type { Store, Collection } from '../store/types.ts';
import { DuplicateKeyError } from '../store/types.ts';
import type { GlossaryEntry, OrgDoc, PageLocale, Role, Turnaround, UserDoc } from '../domain.ts';
import { defaultTierOf, tiersOf } from './orders.ts';
import { newId } from '../ids.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { boundsInOrder } from '../../media/index.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { AuditService } from './audit.ts';
import type { AuthService, Principal } from './auth.ts';
import { redactUrl, type WebhookTargets } from './webhook-target.ts';
import type { PasswordLinks } from './password-links.ts';

export interface OrgPatch {
  name?: string;
  segmentSeconds?: number;
  minSegmentSeconds?: number | null;
  maxSegmentSeconds?: number | null;
  retentionDays?: number | null;
  webhookUrl?: string | null;
  webhookSecret?: string | null;
  turnarounds?: Turnaround[];
  defaultTurnaround?: string;
  styleGuide?: string;
  glossary?: GlossaryEntry[];
  asr?: 'off' | 'auto';
  draftMinQuality?: number;
}

export interface NewUser {
  email: string;
  name?: string;
  /** Left out, the user has no password until they follow an invite link. */
  password?: string;
  role: Role;
  orgId?: string | null;
}

export interface UserPatch {
  name?: string;
  disabled?: boolean;
  password?: string;
  role?: Role;
}

/** Organisations and users: administration, bootstrap and own-password changes. */
export class AccountService {
  private readonly orgs: Collection<OrgDoc>;
  private readonly users: Collection<UserDoc>;

  constructor(
    store: Store,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly webhookTargets: WebhookTargets,
    private readonly links: PasswordLinks,
    private readonly defaults: { segmentSeconds: number },
  ) {
    this.orgs = collectionOf(store, 'orgs');
    this.users = collectionOf(store, 'users');
  }

  /** Creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when no user exists yet. */
  async bootstrapAdmin(email: string | null, password: string | null): Promise<boolean> {
    if (!email || !password) return false;
    if ((await this.users.countDocuments({})) > 0) return false;
    const now = Date.now();
    try {
      await this.users.insertOne({
        _id: newId(),
        email: email.toLowerCase(),
        role: 'admin',
        orgId: null,
        passwordHash: await hashPassword(password),
        disabled: false,
        createdAt: now,
        updatedAt: now,
      });
    } catch (e) {
      if (e instanceof DuplicateKeyError) return false; // another process won the race
      throw e;
    }
    await this.audit.record({ id: null }, 'user.bootstrap_admin', null, { email });
    return true;
  }

  async createOrg(p: Principal, name: string): Promise<OrgDoc> {
    const org: OrgDoc = {
      _id: newId(),
      name,
      segmentSeconds: this.defaults.segmentSeconds,
      retentionDays: null,
      webhookUrl: null,
      webhookSecret: null,
      createdAt: Date.now(),
    };
    try {
      await this.orgs.insertOne(org);
    } catch (e) {
      if (e instanceof DuplicateKeyError)
        throw new ConflictError('duplicate', `An organisation named "${name}" exists already.`);
      throw e;
    }
    await this.audit.record(p, 'org.create', org._id, { name }, org._id);
    return org;
  }

  listOrgs(): Promise<OrgDoc[]> {
    return this.orgs.find({}, { sort: { name: 1 } });
  }

  async getOrg(id: string): Promise<OrgDoc> {
    const org = await this.orgs.findOne({ _id: id });
    if (!org) throw new NotFoundError('organisation');
    return org;
  }

  async updateOrg(p: Principal, id: string, requested: OrgPatch): Promise<OrgDoc> {
    const current = await this.getOrg(id);
    const patch: OrgPatch =
      requested.webhookUrl === undefined
        ? { ...requested }
        : { ...requested, webhookUrl: this.webhookTargets.forSave(requested.webhookUrl, current.webhookUrl) };
    const min = patch.minSegmentSeconds !== undefined ? patch.minSegmentSeconds : current.minSegmentSeconds;
    const max = patch.maxSegmentSeconds !== undefined ? patch.maxSegmentSeconds : current.maxSegmentSeconds;
    const target = patch.segmentSeconds ?? current.segmentSeconds;
    if (!boundsInOrder(target, { minSec: min, maxSec: max })) {
      throw new ValidationError('Segment lengths must satisfy minimum ≤ target ≤ maximum.', {
        fields: ['segmentSeconds', 'minSegmentSeconds', 'maxSegmentSeconds'],
      });
    }
    // The default tier must be one of the tiers the organisation will have. Recordings keep the
    // hours they were ordered with, so new tiers move no deadline already set.
    if (patch.turnarounds !== undefined || patch.defaultTurnaround !== undefined) {
      const tiers = tiersOf({ turnarounds: patch.turnarounds ?? current.turnarounds });
      const wanted = patch.defaultTurnaround ?? defaultTierOf(current);
      if (!tiers.some((t) => t.name === wanted)) {
        throw new ValidationError(
          `The default turnaround "${wanted}" is not one of the tiers (${tiers.map((t) => t.name).join(', ')}).`,
          { fields: [{ field: 'defaultTurnaround', problem: 'not one of the tiers' }] },
        );
      }
      if (patch.turnarounds !== undefined && patch.defaultTurnaround === undefined) {
        patch.defaultTurnaround = wanted;
      }
    }
    const set: Record<string, unknown> = {};
    const unset: Record<string, ''> = {};
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      if (v === null && (k === 'minSegmentSeconds' || k === 'maxSegmentSeconds')) unset[k] = '';
      else set[k] = v;
    }
    const update: Record<string, unknown> = {};
    if (Object.keys(set).length) update.$set = set;
    if (Object.keys(unset).length) update.$unset = unset;
    let org: OrgDoc | null = current;
    if (Object.keys(update).length) {
      try {
        org = await this.orgs.findOneAndUpdate({ _id: id }, update);
      } catch (e) {
        if (e instanceof DuplicateKeyError)
          throw new ConflictError('duplicate', `An organisation named "${patch.name}" exists already.`);
        throw e;
      }
    }
    if (!org) throw new NotFoundError('organisation');
    const logged = {
      ...patch,
      ...(patch.styleGuide !== undefined ? { styleGuide: `(${patch.styleGuide.length} characters)` } : {}),
      ...(patch.glossary !== undefined ? { glossary: `(${patch.glossary.length} entries)` } : {}),
      ...(patch.webhookUrl ? { webhookUrl: redactUrl(patch.webhookUrl) } : {}),
      ...(patch.webhookSecret !== undefined ? { webhookSecret: '(changed)' } : {}),
    };
    await this.audit.record(p, 'org.update', id, logged, id);
    return org;
  }

  async createUser(p: Principal, input: NewUser): Promise<UserDoc> {
    const orgId = input.orgId ?? null;
    if (input.role === 'client' && !orgId) {
      throw new ValidationError(
        'A client user needs an orgId: the organisation whose recordings it may see.',
        {
          fields: ['orgId'],
        },
      );
    }
    if (orgId)
      await this.getOrg(orgId).catch(() => {
        throw new ValidationError(`No organisation has the id "${orgId}".`, { fields: ['orgId'] });
      });
    const now = Date.now();
    const user: UserDoc = {
      _id: newId(),
      email: input.email.toLowerCase(),
      ...(input.name ? { name: input.name } : {}),
      role: input.role,
      orgId,
      // No hash yet: nothing signs in with an empty one (AuthService.login) until the invite is used.
      passwordHash: input.password === undefined ? '' : await hashPassword(input.password),
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.users.insertOne(user);
    } catch (e) {
      if (e instanceof DuplicateKeyError)
        throw new ConflictError('duplicate', `A user with the e-mail ${user.email} exists already.`);
      throw e;
    }
    await this.audit.record(
      p,
      'user.create',
      user._id,
      { email: user.email, role: user.role, invited: input.password === undefined },
      orgId,
    );
    return user;
  }

  listUsers(filter: { role?: Role; orgId?: string } = {}): Promise<UserDoc[]> {
    return this.users.find(filter, { sort: { email: 1 } });
  }

  /**
   * How each of `ids` is shown to people: the user's name, else their e-mail. Users are few and
   * kept in memory; unknown ids (a deleted user, the system) are left out.
   */
  async namesOf(ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
    const wanted = [...new Set([...ids].filter((x): x is string => typeof x === 'string' && x !== ''))];
    const names = new Map<string, string>();
    if (wanted.length === 0) return names;
    const users = await this.users.find({ _id: { $in: wanted } }, { projection: { name: 1, email: 1 } });
    for (const u of users) names.set(u._id, displayName(u));
    return names;
  }

  /** Organisation id → name, for lists an admin reads across organisations. */
  async orgNamesOf(ids: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return new Map();
    const orgs = await this.orgs.find({ _id: { $in: wanted } }, { projection: { name: 1 } });
    return new Map(orgs.map((o) => [o._id, o.name]));
  }

  async getUser(id: string): Promise<UserDoc> {
    const u = await this.users.findOne({ _id: id });
    if (!u) throw new NotFoundError('user');
    return u;
  }

  async updateUser(p: Principal, id: string, patch: UserPatch): Promise<UserDoc> {
    const current = await this.getUser(id);
    if (patch.role === 'client' && !current.orgId) {
      throw new ValidationError('Only a user that belongs to an organisation can become a client.', {
        fields: ['role'],
      });
    }
    const set: Record<string, unknown> = { updatedAt: Date.now() };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.disabled !== undefined) set.disabled = patch.disabled;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.password !== undefined) set.passwordHash = await hashPassword(patch.password);
    const user = await this.users.findOneAndUpdate({ _id: id }, { $set: set });
    if (!user) throw new NotFoundError('user');
    // A disabled user is refused at once (checked on every request); a new password ends the other
    // sessions and every API token, since either may be what the old password let someone take.
    if (patch.disabled) await this.auth.revokeSessions(id);
    let tokensRevoked: number | undefined;
    if (patch.password !== undefined) {
      await this.auth.revokeSessions(id, id === p.id ? p.sessionId : null);
      tokensRevoked = await this.auth.revokeTokens(id);
      await this.links.withdraw(id);
    }
    await this.audit.record(
      p,
      'user.update',
      id,
      {
        ...patch,
        ...(patch.password !== undefined ? { password: '(changed)', tokensRevoked } : {}),
      },
      user.orgId,
    );
    return user;
  }

  /** The user's own page language; null goes back to following the browser. */
  async setOwnLocale(p: Principal, locale: PageLocale | null): Promise<UserDoc> {
    const user = await this.users.findOneAndUpdate(
      { _id: p.id },
      { $set: { locale, updatedAt: Date.now() } },
    );
    if (!user) throw new NotFoundError('user');
    return user;
  }

  async changeOwnPassword(p: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const user = await this.getUser(p.id);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new ValidationError('The current password is wrong.', { fields: ['currentPassword'] });
    }
    await this.users.updateOne(
      { _id: p.id },
      { $set: { passwordHash: await hashPassword(newPassword), updatedAt: Date.now() } },
    );
    await this.auth.revokeSessions(p.id, p.sessionId);
    const tokensRevoked = await this.auth.revokeTokens(p.id);
    await this.links.withdraw(p.id);
    await this.audit.record(p, 'user.password_change', p.id, { tokensRevoked });
  }

  /**
   * Sets the password chosen through an invite or reset link. Like any password change it ends
   * every session and API token of the user and withdraws their other links.
   */
  async setPasswordFromLink(userId: string, password: string): Promise<UserDoc> {
    const user = await this.users.findOneAndUpdate(
      { _id: userId },
      { $set: { passwordHash: await hashPassword(password), updatedAt: Date.now() } },
    );
    if (!user) throw new NotFoundError('user');
    await this.auth.revokeSessions(userId);
    await this.auth.revokeTokens(userId);
    await this.links.withdraw(userId);
    return user;
  }

  /** The active user with this e-mail, or null (unknown or disabled). */
  async activeByEmail(email: string): Promise<UserDoc | null> {
    const u = await this.users.findOne({ email: email.trim().toLowerCase() });
    return u && !u.disabled ? u : null;
  }

  /** The active users of an organisation's client role: who hears about its recordings. */
  clientsOf(orgId: string): Promise<UserDoc[]> {
    return this.users.find({ orgId, role: 'client', disabled: false });
  }
}

/** A person as shown to others: their name, else their e-mail address. */
export function displayName(u: Pick<UserDoc, 'name' | 'email'>): string {
  return u.name?.trim() || u.email;
}
