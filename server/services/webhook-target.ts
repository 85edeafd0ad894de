/**
 * Where a webhook may go. An admin's webhook URL must not turn the server into a probe of its own
 * host or network, so a target is checked twice: when it is saved (the URL as written) and before
 * every delivery (each address its name resolves to), and the connection is then pinned to the
 * addresses that were checked, so a second DNS answer cannot send it elsewhere (DNS rebinding).
 * Redirects are never followed.
 */
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { ValidationError } from '../errors.ts';
import { addressKind, describeKind, type AddressKind } from './address-kind.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Name → every address it resolves to (injectable so tests can play DNS). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface Target {
  url: URL;
  /** The checked addresses; the connection goes to these and nowhere else. */
  addresses: ResolvedAddress[];
}

/** What a delivery shows when the target was refused or could not be reached: nothing to probe with. */
export const GENERIC_DELIVERY_ERROR = 'delivery failed: the target refused or could not be reached';

/** Kinds that `WEBHOOK_ALLOW_PRIVATE=true` lets through (an on-premises receiver). */
const PRIVATE_KINDS: ReadonlySet<AddressKind> = new Set(['loopback', 'private', 'shared', 'unique-local']);

/** A target refused at delivery; the message is for the server log only. */
export class TargetRefusedError extends Error {
  override name = 'TargetRefusedError';
}

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** `[::1]` → `::1`: the URL API keeps the brackets of an IPv6 host. */
const bareHost = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** RFC 6761: `localhost` and every name under it are this host, whatever DNS says. */
const isLocalhostName = (host: string): boolean => /(^|\.)localhost\.?$/.test(host);

/** The URL with its user name and password replaced by `***`: for logs, the audit log and admins. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw.replace(/\/\/[^/?#]*@/, '//***@');
  }
  if (url.username) url.username = '***';
  if (url.password) url.password = '***';
  return url.href;
}

export class WebhookTargets {
  private readonly resolve: Resolver;

  constructor(private readonly opts: { allowPrivate: boolean; resolve?: Resolver }) {
    this.resolve = opts.resolve ?? systemResolver;
  }

  /**
   * Save time: the URL to store, or a 400 naming `webhookUrl`. An admin's form echoes the redacted
   * URL it was shown; that echo keeps the stored URL (and its credentials) unchanged.
   */
  forSave(next: string | null | undefined, current: string | null): string | null | undefined {
    if (next == null) return next;
    const value = current && next !== current && next === redactUrl(current) ? current : next;
    const problem = this.problemWithUrl(value);
    if (problem) {
      throw new ValidationError(`The request body is not valid: webhookUrl: ${problem}.`, {
        fields: [{ field: 'webhookUrl', problem }],
      });
    }
    return value;
  }

  /**
   * Delivery time: every address the host resolves to must be allowed, else TargetRefusedError.
   * A name that does not resolve throws the resolver's error (worth retrying later).
   */
  async check(rawUrl: string): Promise<Target> {
    const problem = this.problemWithUrl(rawUrl);
    if (problem) throw new TargetRefusedError(problem);
    const url = new URL(rawUrl);
    const host = bareHost(url);
    const family = isIP(host);
    const addresses: ResolvedAddress[] =
      family === 4 || family === 6 ? [{ address: host, family }] : await this.resolve(host);
    if (addresses.length === 0) throw new TargetRefusedError(`${host} has no address`);
    for (const a of addresses) {
      const kind = addressKind(a.address);
      if (!this.allowed(kind))
        throw new TargetRefusedError(`${host} resolves to ${a.address}, ${describeKind(kind)}`);
    }
    return { url, addresses };
  }

  private allowed(kind: AddressKind): boolean {
    return kind === 'public' || (this.opts.allowPrivate && PRIVATE_KINDS.has(kind));
  }

  /** The rule on the URL as written (no DNS), shared by both checks; null when it passes. */
  private problemWithUrl(raw: string): string | null {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'must be an absolute http(s) URL';
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http(s) URL';
    // The URL parser has already turned 2130706433, 0177.0.0.1, 127.1 and 0x7f.1 into 127.0.0.1.
    const host = bareHost(url);
    const kind: AddressKind | null = isIP(host)
      ? addressKind(host)
      : isLocalhostName(host)
        ? 'loopback'
        : null;
    if (kind === null || this.allowed(kind)) return null;
    const hint =
      PRIVATE_KINDS.has(kind) && !this.opts.allowPrivate
        ? ' (an on-premises install may allow private targets with WEBHOOK_ALLOW_PRIVATE=true)'
        : '';
    return `points to ${host}, ${describeKind(kind)}; webhooks may only go to public addresses${hint}`;
  }
}

/** A `lookup` for node:net that answers with the checked addresses only, whatever the name. */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  if (addresses.length === 0) throw new Error('pinnedLookup needs at least one address');
  return (_hostname, options, callback) => {
    if (options.all)
      callback(
        null,
        addresses.map((a) => ({ ...a })),
      );
    else callback(null, addresses[0].address, addresses[0].family);
  };
}

/**
 * POSTs `body` to a checked target over node:http(s), connecting only to its checked addresses
 * (TLS still verifies the certificate against the host name). Resolves with the status code; the
 * response body is never read and redirects are not followed. Credentials in the URL become Basic
 * authentication.
 */
export function postToTarget(
  target: Target,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<number> {
  const { url, addresses } = target;
  const request = url.protocol === 'https:' ? https.request : http.request;
  const auth = url.username
    ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    : undefined;
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        protocol: url.protocol,
        hostname: bareHost(url),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        auth,
        // A fresh connection each time: a pooled one could have been opened for other addresses.
        agent: false,
        lookup: pinnedLookup(addresses),
        signal,
      },
      (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
