/**
 * Invites and password resets: the admin no longer invents passwords. An invited user, or one who
 * forgot their password, gets a single-use link (password-links.ts) by e-mail when mail is on, and
 * the admin is shown the link otherwise. Following it, the person chooses a password and is signed in.
 *
 * Asking for a reset answers the same whether or not the address exists, and does the work after
 * answering, so neither the reply nor its timing tells which e-mails have accounts.
 */
import type { UserDoc } from '../domain.ts';
import { RateLimitedError, InvalidTokenError, ValidationError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { AccountService, NewUser } from './accounts.ts';
import { displayName } from './accounts.ts';
import type { AuditService } from './audit.ts';
import type { AuthService, Principal } from './auth.ts';
import type { Clock } from './lease.ts';
import { AttemptWindows } from './login-throttle.ts';
import type { Mailer } from './mail.ts';
import { LINK_TTL_MS, type LinkKind, type PasswordLinks } from './password-links.ts';

const HOUR_MS = 3600 * 1000;
/** Reset links one user may be sent per hour: enough to retry, too few to flood their inbox. */
const RESETS_PER_USER_PER_HOUR = 3;
/** "Forgot password" requests, and wrong links tried, per network address per 15 minutes. */
const PER_ADDRESS = { windowMs: 15 * 60 * 1000, max: 10, maxKeys: 100_000 };

const ROLE_WORDS: Record<UserDoc['role'], string> = {
  admin: 'an administrator',
  client: 'a client',
  transcriber: 'a transcriber',
  reviewer: 'a reviewer',
};

export interface LinkResult {
  /** The link itself: the admin passes it on when it was not e-mailed. */
  url: string;
  /** Whether it went out by e-mail. */
  mailed: boolean;
}

export class InviteService {
  private readonly forgotPerAddress = new AttemptWindows(PER_ADDRESS);
  private readonly acceptPerAddress = new AttemptWindows(PER_ADDRESS);
  /** Reset requests are handled one after another, so the per-person count cannot be raced. */
  private resets: Promise<void> = Promise.resolve();

  constructor(
    private readonly accounts: AccountService,
    private readonly links: PasswordLinks,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly mailer: Mailer,
    private readonly log: Logger,
    private readonly opts: { publicUrl: string | null; clock: Clock },
  ) {}

  /** Where links point: PUBLIC_URL, else (for links shown to an admin only) the admin's own origin. */
  private base(origin: string | null): string {
    return this.opts.publicUrl ?? origin ?? '';
  }

  private url(kind: LinkKind, secret: string, origin: string | null): string {
    // The secret travels in the fragment: browsers never send it to a server or in a Referer.
    return `${this.base(origin)}/${kind === 'invite' ? 'invite' : 'reset'}#token=${secret}`;
  }

  /** Creates a user; without a password, invites them (a link by e-mail, or for the admin to pass on). */
  async createUser(
    p: Principal,
    input: NewUser,
    origin: string | null,
  ): Promise<{ user: UserDoc; invite: LinkResult | null }> {
    const user = await this.accounts.createUser(p, input);
    if (input.password !== undefined) return { user, invite: null };
    return { user, invite: await this.sendLink(p, user, 'invite', origin) };
  }

  /**
   * A new link for a user, chosen by the admin: an invite again for one who never chose a
   * password, a reset otherwise. Earlier links stop working.
   */
  async linkFor(
    p: Principal,
    userId: string,
    origin: string | null,
  ): Promise<LinkResult & { kind: LinkKind }> {
    const user = await this.accounts.getUser(userId);
    const kind: LinkKind = user.passwordHash === '' ? 'invite' : 'reset';
    return { kind, ...(await this.sendLink(p, user, kind, origin)) };
  }

  private async sendLink(
    p: Principal,
    user: UserDoc,
    kind: LinkKind,
    origin: string | null,
  ): Promise<LinkResult> {
    const url = this.url(kind, await this.links.issue(user._id, kind), origin);
    const mailed = this.mailer.enabled;
    if (mailed) this.mailer.sendSoon(kind === 'invite' ? inviteMail(user, url, p) : resetMail(user, url));
    await this.audit.record(
      p,
      kind === 'invite' ? 'user.invite' : 'user.reset_link',
      user._id,
      { mailed },
      user.orgId,
    );
    return { url, mailed };
  }

  /**
   * "Forgot password": answers at once, the same for every address; a reset link is mailed later
   * when the address belongs to an active user who has not had too many links this hour.
   */
  requestReset(email: string, ip: string | null): void {
    const now = this.opts.clock();
    const address = ip ?? '';
    const wait = this.forgotPerAddress.retryAfterSec(address, now);
    if (wait > 0) {
      throw new RateLimitedError(
        `Too many reset requests from your network address. Try again in ${Math.ceil(wait / 60)} minutes.`,
        wait,
      );
    }
    this.forgotPerAddress.take(address, now);
    if (!this.mailer.enabled) return;
    this.mailer.later('reset request failed', () => {
      this.resets = this.resets.catch(() => {}).then(() => this.mailReset(email, ip));
      return this.resets;
    });
  }

  private async mailReset(email: string, ip: string | null): Promise<void> {
    const user = await this.accounts.activeByEmail(email);
    if (!user) return;
    const recent = await this.links.issuedSince(user._id, 'reset', this.opts.clock() - HOUR_MS);
    if (recent >= RESETS_PER_USER_PER_HOUR) {
      this.log.warn({ userId: user._id }, 'reset link not sent: too many this hour');
      return;
    }
    // An invited user who lost the invite gets a fresh invite; the link works the same.
    const kind: LinkKind = user.passwordHash === '' ? 'invite' : 'reset';
    const url = this.url(kind, await this.links.issue(user._id, kind), null);
    this.mailer.sendSoon(kind === 'invite' ? inviteMail(user, url, null) : resetMail(user, url));
    await this.audit.record({ id: null, ip }, 'user.reset_request', user._id, {}, user.orgId);
  }

  /**
   * Follows a link: sets the chosen password (ending every other session, token and link of the
   * user) and opens a session. Returns the session cookie and the user.
   */
  async accept(
    secret: string,
    password: string,
    ip: string | null,
  ): Promise<{ cookie: string; user: UserDoc }> {
    const now = this.opts.clock();
    const address = ip ?? '';
    const wait = this.acceptPerAddress.retryAfterSec(address, now);
    if (wait > 0) {
      throw new RateLimitedError(
        `Too many invalid links tried from your network address. Try again in ${Math.ceil(wait / 60)} minutes.`,
        wait,
      );
    }
    if (password.length < 8) {
      throw new ValidationError('Choose a password of at least 8 characters.', { fields: ['password'] });
    }
    const slot = this.acceptPerAddress.take(address, now);
    const link = await this.links.consume(secret); // the slot stays taken when this throws
    slot.release();
    const current = await this.accounts.getUser(link.userId).catch(() => null);
    if (!current || current.disabled) throw new InvalidTokenError();
    const user = await this.accounts.setPasswordFromLink(link.userId, password);
    await this.audit.record({ id: user._id, orgId: user.orgId, ip }, 'user.password_set', user._id, {
      via: link.kind,
    });
    const cookie = await this.auth.openSession(user, ip, 'login.link');
    return { cookie, user };
  }
}

const hours = Math.round(LINK_TTL_MS / HOUR_MS);

function inviteMail(user: UserDoc, url: string, by: Principal | null) {
  const who = by ? `${by.email} has invited you` : 'You are invited';
  return {
    to: user.email,
    subject: 'Your Notula account',
    text: [
      `Hello ${displayName(user)},`,
      '',
      `${who} to Notula as ${ROLE_WORDS[user.role]}. Choose your password here:`,
      '',
      url,
      '',
      `The link works once, for ${hours} hours. Your sign-in e-mail is ${user.email}.`,
    ].join('\n'),
  };
}

function resetMail(user: UserDoc, url: string) {
  return {
    to: user.email,
    subject: 'Reset your Notula password',
    text: [
      `Hello ${displayName(user)},`,
      '',
      'Someone asked to reset the password of your Notula account. If it was you, choose a new one here:',
      '',
      url,
      '',
      `The link works once, for ${hours} hours. If you did not ask, ignore this e-mail: your password stays as it is.`,
    ].join('\n'),
  };
}
