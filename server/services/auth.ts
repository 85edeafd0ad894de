import { createHash } from 'node:crypto';
import type { Store, Collection } from '../store/types.ts';
import type { Role, SessionDoc, TokenDoc, UserDoc } from '../domain.ts';
import { newId, newSecret } from '../ids.ts';
import { RateLimitedError, UnauthenticatedError, NotFoundError } from '../errors.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import type { AuditService } from './audit.ts';

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

const WINDOW_MS = 15 * 60 * 1000;
/** Sessions are touched at most this often, so reads stay reads. */
const TOUCH_MS = 5 * 60 * 1000;

export interface AuthOptions {
  sessionTtlHours: number;
  loginMaxAttempts: number;
}

export class AuthService {
  private readonly users: Collection<UserDoc>;
  private readonly sessions: Collection<SessionDoc>;
  private readonly tokens: Collection<TokenDoc>;
  /** Failed logins per "email|ip" in the current window. Per process: behind a balancer, per server. */
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    store: Store,
    private readonly audit: AuditService,
    private readonly opts: AuthOptions,
  ) {
    this.users = store.collection<UserDoc>('users');
    this.sessions = store.collection<SessionDoc>('sessions');
    this.tokens = store.collection<TokenDoc>('tokens');
  }

  /** Checks the password and opens a session. Returns the cookie value (shown once) and the user. */
  async login(
    email: string,
    password: string,
    ip: string | null,
  ): Promise<{ cookie: string; user: UserDoc }> {
    const key = `${email.toLowerCase()}|${ip ?? ''}`;
    const now = Date.now();
    const f = this.failures.get(key);
    if (f && now - f.since < WINDOW_MS && f.count >= this.opts.loginMaxAttempts) {
      const retry = Math.ceil((f.since + WINDOW_MS - now) / 1000);
      throw new RateLimitedError(
        `Too many failed sign-in attempts. Try again in ${Math.ceil(retry / 60)} minutes.`,
        retry,
      );
    }
    const user = await this.users.findOne({ email: email.toLowerCase() });
    const ok = user
      ? await verifyPassword(password, user.passwordHash)
      : await verifyPassword(password, await dummyHash());
    if (!user || !ok || user.disabled) {
      const entry = f && now - f.since < WINDOW_MS ? f : { count: 0, since: now };
      entry.count++;
      this.failures.set(key, entry);
      await this.audit.record({ id: user?._id ?? null, ip }, 'login.failed', user?._id ?? null, { email });
      throw new UnauthenticatedError(
        user?.disabled && ok
          ? 'This account is disabled. Ask an administrator.'
          : 'Wrong e-mail or password.',
      );
    }
    this.failures.delete(key);
    const cookie = newSecret();
    await this.sessions.insertOne({
      _id: sha256(cookie),
      userId: user._id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + this.opts.sessionTtlHours * 3600 * 1000,
    });
    await this.audit.record({ id: user._id, orgId: user.orgId, ip }, 'login', user._id);
    return { cookie, user };
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
    const now = Date.now();
    if (cred.bearer) {
      const tok = await this.tokens.findOne({ hash: sha256(cred.bearer) });
      if (!tok) return null;
      const user = await this.activeUser(tok.userId);
      if (!user) return null;
      if (!tok.lastUsedAt || now - tok.lastUsedAt > TOUCH_MS) {
        await this.tokens.updateOne({ _id: tok._id }, { $set: { lastUsedAt: now } });
      }
      return principal(user, null, tok._id, cred.ip);
    }
    if (cred.cookie) {
      const id = sha256(cred.cookie);
      const s = await this.sessions.findOne({ _id: id });
      if (!s) return null;
      if (s.expiresAt <= now) {
        await this.sessions.deleteOne({ _id: id });
        return null;
      }
      const user = await this.activeUser(s.userId);
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

  async createToken(p: Principal, name: string): Promise<{ token: string; doc: TokenDoc }> {
    const token = `nt_${newSecret()}`;
    const doc: TokenDoc = {
      _id: newId(),
      userId: p.id,
      name,
      hash: sha256(token),
      createdAt: Date.now(),
      lastUsedAt: null,
    };
    await this.tokens.insertOne(doc);
    await this.audit.record(p, 'token.create', doc._id, { name });
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
   * (or its token not revoked), its user active and still in the same role and organisation.
   * For what outlives one request (live streams).
   */
  async stillValid(p: Principal): Promise<boolean> {
    if (p.sessionId) {
      const s = await this.sessions.findOne({ _id: p.sessionId });
      if (!s || s.expiresAt <= Date.now()) return false;
    } else if (p.tokenId) {
      if (!(await this.tokens.findOne({ _id: p.tokenId }))) return false;
    } else return false;
    const u = await this.activeUser(p.id);
    return u !== null && u.role === p.role && u.orgId === p.orgId;
  }

  /** Drops expired sessions; run by the housekeeping job. */
  async purgeExpiredSessions(): Promise<number> {
    return (await this.sessions.deleteMany({ expiresAt: { $lte: Date.now() } })).deletedCount;
  }
}

function principal(
  u: UserDoc,
  sessionId: string | null,
  tokenId: string | null,
  ip: string | null,
): Principal {
  return { id: u._id, email: u.email, role: u.role, orgId: u.orgId, sessionId, tokenId, ip };
}
