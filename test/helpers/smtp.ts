/**
 * A real SMTP server on a free loopback port that keeps what it receives, for tests of Notula's
 * e-mail: point SMTP_URL at `url` and wait for a message with `next`.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface Received {
  from: string;
  to: string[];
  subject: string;
  /** The plain-text body, transfer encoding undone. */
  text: string;
  /** The user name the client signed in with, if it did. */
  authUser: string | null;
}

export interface MailCatcher {
  /** `smtp://user:pass@127.0.0.1:<port>` */
  url: string;
  received: Received[];
  /** The first message (already received or still to come) that `match` accepts. */
  next(match: (m: Received) => boolean, ms?: number): Promise<Received>;
  /** Refuse every message from now on (the mail server is down), or accept them again. */
  refuse(on: boolean): void;
  stop(): Promise<void>;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Undoes RFC 2047 encoded words in a header (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`). */
function decodeHeader(v: string): string {
  return v.replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

export function parseMessage(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string): string =>
    head
      .split('\r\n')
      .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return { subject: decodeHeader(header('Subject')), text: text.replace(/\r\n/g, '\n') };
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const received: Received[] = [];
  const waiters: Array<{ match: (m: Received) => boolean; resolve: (m: Received) => void }> = [];
  let refusing = false;
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username });
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusing) {
          cb(new Error('451 try again later'));
          return;
        }
        const { subject, text } = parseMessage(Buffer.concat(chunks).toString('utf8'));
        const m: Received = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject,
          text,
          authUser: typeof session.user === 'string' ? session.user : null,
        };
        received.push(m);
        for (const w of [...waiters]) {
          if (w.match(m)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(m);
          }
        }
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://notula:mail-secret@127.0.0.1:${port}`,
    received,
    next(match, ms = 20_000) {
      const have = received.find(match);
      if (have) return Promise.resolve(have);
      return new Promise<Received>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching e-mail within ${ms} ms`)), ms);
        waiters.push({
          match,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    refuse(on) {
      refusing = on;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a mail's text that starts with `base`. */
export function linkIn(m: Received, base: string): string {
  const found = m.text.split(/\s+/).find((w) => w.startsWith(base));
  if (!found) throw new Error(`no link to ${base} in: ${m.text}`);
  return found;
}
