import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import type { Config } from '../config.ts';
import type { Role } from '../domain.ts';
import { AppError, NotFoundError, RateLimitedError, UnauthenticatedError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { AuthService, Principal } from '../services/auth.ts';
import './types.ts';

export const SESSION_COOKIE = 'notula_session';

/**
 * Sets the cookie of a session just started (password sign-in or an invite/reset link): out of
 * scripts' reach, sent on same-site requests and top-level links, and lasting as the session does.
 */
export function setSessionCookie(
  res: Response,
  config: Pick<Config, 'cookieSecure' | 'sessionTtlHours'>,
  value: string,
): void {
  res.cookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    path: '/',
    maxAge: config.sessionTtlHours * 3600 * 1000,
  });
}

/**
 * Request ids made here: this process's random prefix and a counter. They only need to be
 * unique, so that a line in the logs can be found from the id a user quotes.
 */
const processPrefix = randomUUID().slice(0, 8);
let requestCount = 0;

/**
 * What every request goes through before routing (its deadline, its id and log line, the security
 * headers): each a step that runs at once and never fails, all in one router layer. Express's
 * router allocates a match and a closure for each layer a request passes, and every request
 * passes these.
 */
export type RequestStart = (req: Request, res: Response) => void;

export function onEveryRequest(...steps: RequestStart[]): RequestHandler {
  return (req, res, next) => {
    for (const step of steps) step(req, res);
    next();
  };
}

/**
 * The one listener for finished responses, for every app in the process: Node publishes each
 * on this channel, so a request costs no listener of its own.
 */
let logsFinished = false;
function logOnFinish(): void {
  if (logsFinished) return;
  logsFinished = true;
  diagnostics.subscribe('http.server.response.finish', (message) => {
    const { request, response } = message as { request: Request; response: Response };
    const log = request.requestLog;
    if (!log) return;
    const level = response.statusCode >= 500 ? 'error' : 'debug';
    if (!log.isLevelEnabled(level)) return;
    const ms = performance.now() - request.startedAt;
    log[level](
      {
        reqId: request.reqId,
        method: request.method,
        url: request.originalUrl.split('?')[0],
        status: response.statusCode,
        ms: Math.round(ms * 10) / 10,
        user: request.principal?.id,
      },
      'request',
    );
  });
}

/** Request id + one structured log line per request (at debug; 5xx answers at error). */
export function requestLog(log: Logger): RequestStart {
  logOnFinish();
  return (req, res) => {
    const incoming = req.headers['x-request-id'];
    req.reqId =
      typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming)
        ? incoming
        : `${processPrefix}-${(++requestCount).toString(36)}`;
    res.setHeader('X-Request-Id', req.reqId);
    req.startedAt = performance.now();
    req.requestLog = log;
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      const value = part.slice(i + 1).trim();
      if (!value.includes('%')) return value;
      try {
        return decodeURIComponent(value);
      } catch {
        // Not valid percent-encoding, so not a cookie we set: skip it as if it were not sent.
      }
    }
  }
  return undefined;
}

/** Resolves the caller from the session cookie or bearer token; anonymous requests pass through. */
export function authenticate(auth: AuthService): RequestHandler {
  return async (req, _res, next) => {
    const h = req.get('authorization');
    const bearer = h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : undefined;
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (bearer || cookie) {
      const p = await auth.authenticate({ bearer, cookie, ip: req.ip ?? null });
      if (p) req.principal = p;
      else if (bearer)
        return next(
          new UnauthenticatedError(
            'The API token is not valid (revoked, or its user was deleted or disabled).',
          ),
        );
    }
    next();
  };
}

/** The signed-in caller; 401 when anonymous. */
export function caller(req: Request): Principal {
  if (!req.principal) throw new UnauthenticatedError();
  return req.principal;
}

/** The caller when it has one of `roles`; 401 when anonymous, 404 (not 403) otherwise so nothing is revealed. */
export function callerWith(req: Request, ...roles: Role[]): Principal {
  const p = caller(req);
  if (!roles.includes(p.role)) throw new NotFoundError('resource');
  return p;
}

/** A fixed-window limiter per key (user or address): for uploads. */
export function rateLimit(opts: { windowMs: number; max: number; what: string }): RequestHandler {
  const hits = new Map<string, { n: number; since: number }>();
  return (req, res, next) => {
    const key = req.principal?.id ?? req.ip ?? 'anon';
    const now = Date.now();
    let h = hits.get(key);
    if (!h || now - h.since > opts.windowMs) {
      h = { n: 0, since: now };
      hits.set(key, h);
      if (hits.size > 10_000) for (const [k, v] of hits) if (now - v.since > opts.windowMs) hits.delete(k);
    }
    if (++h.n > opts.max) {
      const retry = Math.ceil((h.since + opts.windowMs - now) / 1000);
      res.setHeader('Retry-After', String(retry));
      return next(new RateLimitedError(`Too many ${opts.what}; try again in ${retry} s.`, retry));
    }
    next();
  };
}

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/** The one error middleware: typed errors become the API's error body; anything else a plain 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let status = 500;
    let body: { code: string; message: string; details?: unknown };
    const bp = err as BodyParserError;
    if (err instanceof AppError) {
      status = err.status;
      body = {
        code: err.code,
        message: err.message,
        ...(err.details !== undefined ? { details: err.details } : {}),
      };
      if (err instanceof RateLimitedError) res.setHeader('Retry-After', String(err.retryAfterSec));
    } else if (bp?.type === 'entity.parse.failed') {
      status = 400;
      body = { code: 'invalid_json', message: 'The request body is not valid JSON.' };
    } else if (bp?.type === 'entity.too.large') {
      status = 413;
      body = {
        code: 'payload_too_large',
        message: `The request body is larger than the ${bp.limit} bytes allowed.`,
      };
    } else if (bp?.type === 'encoding.unsupported' || bp?.type === 'charset.unsupported') {
      status = 415;
      body = { code: 'unsupported_media', message: 'Send the body as UTF-8 JSON.' };
    } else if (bp?.status === 400 || bp?.type === 'request.aborted') {
      status = 400;
      body = { code: 'bad_request', message: 'The request could not be read.' };
    } else {
      log.error({ err, reqId: req.reqId }, 'unhandled error');
      body = {
        code: 'internal_error',
        message: `Something went wrong on our side. Quote request id ${req.reqId} when reporting it.`,
      };
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json({ error: body });
  };
}
