import { collectionOf } from './collections.ts';
import { createHash } from 'node:crypto';
import type { Store, Collection } from '../store/types.ts';
import type { Role, SessionDoc, TokenDoc, UserDoc } from '../domain.ts';
import { newId, newSecret } from '../ids.ts';
import { ForbiddenError, RateLimitedError, UnauthenticatedError, NotFoundError } from '../errors.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import type { AuditService } from './audit.ts';
import { AttemptWindows } from './login-throttle.ts';

/** Who is calling: resolved once per request from the session cookie or the bearer token. */
export interface Principal {
  id: string;
  email: string;
  role: Role;
  orgId: string | null;
  sessionId: string | null;
  tokenId: string | null;
  ip: string | null;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The sign-in throttling window (LOGIN_MAX_ATTEMPTS and LOGIN_MAX_ATTEMPTS_PER_ADDRESS count in it). */
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Keys each throttle remembers at most, so a flood of made-up e-mails or addresses cannot grow memory. */
const THROTTLE_MAX_KEYS = 100_000;
/** Sessions are touched at most this often, so reads stay reads. */
const TOUCH_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 3600 * 1000;

export interface AuthOptions {
  sessionTtlHours: number;
  /** Failed sign-ins per e-mail and address per window. */
  loginMaxAttempts: number;
  /** Failed sign-ins per address per window, whatever the e-mails (password spraying). */
  loginMaxAttemptsPerAddress: number;
  /** The clock for sessions, tokens and throttling; tests move it instead of sleeping. */
  now?: () => number;
}

export class AuthService {
  private readonly users: Collection<UserDoc>;
  private readonly sessions: Collection<SessionDoc>;
  private readonly tokens: Collection<TokenDoc>;
  /** Sign-in attempts per "email|address": guessing one account's password. */
  private readonly perAccount: AttemptWindows;
  /** Sign-in attempts per address across e-mails: one password tried on many accounts. */
  private readonly perAddress: AttemptWindows;
  private readonly now: () => number;
  /** Session id → its user (which never changes), for the sessions seen lately. */
  private readonly sessionUsers = new Map<string, string>();

  constructor(
    store: Store,
    private readonly audit: AuditService,
    private readonly opts: AuthOptions,
  ) {
    this.users = collectionOf(store, 'users');
    this.sessions = collectionOf(store, 'sessions');
    this.tokens = collectionOf(store, 'tokens');
    this.now = opts.now ?? Date.now;
    const windows = { windowMs: LOGIN_WINDOW_MS, maxKeys: THROTTLE_MAX_KEYS };
    this.perAccount = new AttemptWindows({ ...windows, max: opts.loginMaxAttempts });
    this.perAddress = new AttemptWindows({ ...windows, max: opts.loginMaxAttemptsPerAddress });
  }

  /** Checks the password and opens a session. Returns the cookie value (shown once) and the user. */
  async login(
    email: string,
    password: string,
    ip: string | null,
  ): Promise<{ cookie: string; user: UserDoc }> {
    const address = ip ?? '';
    const accountKey = `${email.toLowerCase()}|${address}`;
    // Check and count in one synchronous step, before the first await: concurrent guesses each
    // take a slot as they arrive, so no more than the limit ever reach the (slow) hash check.
    const now = this.now();
    const waitAccount = this.perAccount.retryAfterSec(accountKey, now);
    const waitAddress = this.perAddress.retryAfterSec(address, now);
    if (waitAccount > 0 || waitAddress > 0) {
      const retry = Math.max(waitAccount, waitAddress);
      const from = waitAddress > 0 ? ' from your network address' : '';
      throw new RateLimitedError(
        `Too many failed sign-in attempts${from}. Try again in ${Math.ceil(retry / 60)} minutes.`,
        retry,
      );
    }
    this.perAccount.take(accountKey, now);
    const addressSlot = this.perAddress.take(address, now);

    const user = await this.users.findOne({ email: email.toLowerCase() });
    // An unknown e-mail, or an invited user without a password yet, costs one hash all the same,
    // so timing tells nobody which accounts exist.
    const ok = user?.passwordHash
      ? await verifyPassword(password, user.passwordHash)
      : (await verifyPassword(password, await dummyHash())) && false;
    if (!user || !ok || user.disabled) {
      // The slots stay taken: they are this failure's count.
      await this.audit.record({ id: user?._id ?? null, ip }, 'login.failed', user?._id ?? null, { email });
      throw new UnauthenticatedError(
        user?.disabled && ok
          ? 'This account is disabled. Ask an administrator.'
          : 'Wrong e-mail or password.',
      );
    }
    // The right password clears its account's failures, but only hands back its own slot of the
    // address's: signing in to one's own account must not reset a spray's count.
    this.perAccount.clear(accountKey);
    addressSlot.release();
    const cookie = await this.openSession(user, ip, 'login');
    return { cookie, user };
  }

  /** Opens a session for a user who proved who they are; returns the cookie value (shown once). */
  async openSession(user: UserDoc, ip: string | null, action: 'login' | 'login.link'): Promise<string> {
    const now = this.now();
    const cookie = newSecret();
    await this.sessions.insertOne({
      _id: sha256(cookie),
      userId: user._id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.opts.sessionTtlHours * 3600 * 1000,
    });
    await this.audit.record({ id: user._id, orgId: user.orgId, ip }, action, user._id);
    return cookie;
  }

  async logout(p: Principal): Promise<void> {
    if (p.sessionId) await this.sessions.deleteOne({ _id: p.sessionId });
    await this.audit.record(p, 'logout', p.id);
  }

  /** Resolves a session cookie or a bearer token to a principal; null when neither is valid. */
  async authenticate(cred: {
    cookie?: string;
    bearer?: string;
    ip: string | null;
  }): Promise<Principal | null> {
    const now = this.now();
    if (cred.bearer) {
      const tok = await this.tokens.findOne({ hash: sha256(cred.bearer) });
      if (!tok) return null;
      if (tok.expiresAt != null && tok.expiresAt <= now) {
        throw new UnauthenticatedError(
          `The API token "${tok.name}" expired on ${new Date(tok.expiresAt).toISOString()}; sign in and create a new one.`,
        );
      }
      const user = await this.activeUser(tok.userId);
      if (!user) return null;
      if (!tok.lastUsedAt || now - tok.lastUsedAt > TOUCH_MS) {
        await this.tokens.updateOne({ _id: tok._id }, { $set: { lastUsedAt: now } });
      }
      return principal(user, null, tok._id, cred.ip);
    }
    if (cred.cookie) {
      const id = sha256(cred.cookie);
      // A session's user never changes: once known, the two reads go side by side (one wait for
      // durability instead of two); the session read still decides.
      const known = this.sessionUsers.get(id);
      const [s, seen] = await Promise.all([
        this.sessions.findOne({ _id: id }),
        known === undefined ? null : this.activeUser(known),
      ]);
      if (!s) return null;
      if (s.expiresAt <= now) {
        await this.sessions.deleteOne({ _id: id });
        return null;
      }
      if (known === undefined) rememberUser(this.sessionUsers, id, s.userId);
      const user = known === s.userId ? seen : await this.activeUser(s.userId);
      if (!user) return null;
      if (now - s.lastSeenAt > TOUCH_MS)
        await this.sessions.updateOne({ _id: id }, { $set: { lastSeenAt: now } });
      return principal(user, id, null, cred.ip);
    }
    return null;
  }

  private async activeUser(id: string): Promise<UserDoc | null> {
    const u = await this.users.findOne({ _id: id });
    return u && !u.disabled ? u : null;
  }

  /**
   * Creates an API token for the caller, valid for `expiresInDays` or until revoked. Only a
   * signed-in session may: a leaked token must not be able to mint successors that outlive it.
   */
  async createToken(
    p: Principal,
    name: string,
    expiresInDays: number | null = null,
  ): Promise<{ token: string; doc: TokenDoc }> {
    if (p.tokenId) {
      throw new ForbiddenError(
        'An API token cannot create API tokens: sign in with your password and create it from your account.',
      );
    }
    const token = `nt_${newSecret()}`;
    const now = this.now();
    const doc: TokenDoc = {
      _id: newId(),
      userId: p.id,
      name,
      hash: sha256(token),
      createdAt: now,
      lastUsedAt: null,
      expiresAt: expiresInDays === null ? null : now + expiresInDays * DAY_MS,
    };
    await this.tokens.insertOne(doc);
    await this.audit.record(p, 'token.create', doc._id, { name, expiresInDays });
    return { token, doc };
  }

  listTokens(p: Principal): Promise<TokenDoc[]> {
    return this.tokens.find({ userId: p.id }, { sort: { createdAt: -1 } });
  }

  async revokeToken(p: Principal, id: string): Promise<void> {
    const r = await this.tokens.deleteOne({ _id: id, userId: p.id });
    if (r.deletedCount === 0) throw new NotFoundError('token');
    await this.audit.record(p, 'token.revoke', id);
  }

  /** Ends every session of a user, except `keepSessionId`. */
  async revokeSessions(userId: string, keepSessionId: string | null = null): Promise<number> {
    const filter: Record<string, unknown> = { userId };
    if (keepSessionId) filter._id = { $ne: keepSessionId };
    return (await this.sessions.deleteMany(filter)).deletedCount;
  }

  async revokeTokens(userId: string): Promise<number> {
    return (await this.tokens.deleteMany({ userId })).deletedCount;
  }

  /**
   * Whether what `p` signed in with still holds: its session not signed out, revoked or expired
   * (or its token not revoked or expired), its user active and still in the same role and
   * organisation. For what outlives one request (live streams).
   */
  async stillValid(p: Principal): Promise<boolean> {
    const now = this.now();
    if (p.sessionId) {
      const s = await this.sessions.findOne({ _id: p.sessionId });
      if (!s || s.expiresAt <= now) return false;
    } else if (p.tokenId) {
      const tok = await this.tokens.findOne({ _id: p.tokenId });
      if (!tok || (tok.expiresAt != null && tok.expiresAt <= now)) return false;
    } else return false;
    const u = await this.activeUser(p.id);
    return u !== null && u.role === p.role && u.orgId === p.orgId;
  }

  /** Drops expired sessions; run by the housekeeping job. */
  async purgeExpiredSessions(): Promise<number> {
    return (await this.sessions.deleteMany({ expiresAt: { $lte: this.now() } })).deletedCount;
  }
}

/** How many sessions' users `AuthService.sessionUsers` remembers before it starts afresh. */
const SESSION_USERS_MAX = 10_000;

function rememberUser(users: Map<string, string>, sessionId: string, userId: string): void {
  if (users.size >= SESSION_USERS_MAX) users.clear();
  users.set(sessionId, userId);
}

function principal(
  u: UserDoc,
  sessionId: string | null,
  tokenId: string | null,
  ip: string | null,
): Principal {
  return { id: u._id, email: u.email, role: u.role, orgId: u.orgId, sessionId, tokenId, ip };
}
