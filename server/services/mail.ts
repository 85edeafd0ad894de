/**
 * E-mail out through SMTP (SMTP_URL, MAIL_FROM): the one place Notula talks to a mail server.
 * Without SMTP_URL the mailer is off and sends nothing (the admin is shown links instead).
 *
 * Two ways to send, and why:
 * - `send` awaits the server and throws: the `notice` job uses it, so a notice without secrets
 *   (recording completed, segment returned) is stored, retried with back-off and survives a restart.
 * - `sendSoon` returns at once and retries in this process, logging a failure: for invites and
 *   reset links, whose secret must never be stored in plain text (a job's payload would be).
 */
import nodemailer from 'nodemailer';
import type { Logger } from '../log.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** The wire: nodemailer over SMTP in production; any transport a test wants otherwise. */
export interface MailTransport {
  deliver(msg: MailMessage & { from: string }): Promise<void>;
  close(): void;
}

export function smtpTransport(url: string): MailTransport {
  const t = nodemailer.createTransport(url);
  return {
    async deliver(msg) {
      await t.sendMail(msg);
    },
    close: () => t.close(),
  };
}

/** Waits before the 2nd and 3rd attempt of a background send. */
const RETRY_MS = [2_000, 15_000];

export class Mailer {
  /** Background sends still running, so shutdown (and a test) can wait for them. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly transport: MailTransport | null,
    private readonly from: string,
    private readonly log: Logger,
  ) {}

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** Sends now; rejects when the mail server refuses or cannot be reached. */
  async send(msg: MailMessage): Promise<void> {
    if (!this.transport) return;
    await this.transport.deliver({ ...msg, from: this.from });
  }

  /** Sends in the background, retrying twice; a failure is logged (without the text), never thrown. */
  sendSoon(msg: MailMessage): void {
    if (!this.transport) return;
    this.later('e-mail could not be sent', async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.send(msg);
          return;
        } catch (err) {
          if (attempt >= RETRY_MS.length)
            throw Object.assign(err as object, { to: msg.to, subject: msg.subject });
          await new Promise((r) => setTimeout(r, RETRY_MS[attempt]).unref());
        }
      }
    });
  }

  /**
   * Runs `work` after the current request has been answered (the work that leads to an e-mail);
   * a failure is logged under `what`, never thrown. `idle` waits for it.
   */
  later(what: string, work: () => Promise<void>): void {
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((err: unknown) => this.log.error({ err }, what));
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves once every background send has finished (delivered or given up). */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  close(): void {
    this.transport?.close();
  }
}
