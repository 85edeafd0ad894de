/**
 * Cross-site request refusal for the API. SameSite=Lax keeps the session cookie off most cross-site
 * requests, but not all (same-site subdomains, top-level form posts in older browsers), and a
 * request with no JSON body or a multipart body needs no CORS preflight. So every state-changing
 * request that a browser marks as coming from another origin is refused here, before it is read:
 * its `Origin` must be the server's own (or listed in ALLOWED_ORIGINS), and without an `Origin`
 * its `Sec-Fetch-Site` must not say `cross-site`. Programmatic clients (bearer tokens, curl) send
 * neither header and are unaffected.
 */
import type { Request, RequestHandler } from 'express';
import { ForbiddenOriginError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin the caller addressed: the Host it sent, and with TRUST_PROXY the proxy's forwarded ones. */
function ownOrigin(req: Request): string | null {
  // Express honours X-Forwarded-Proto/-Host only when "trust proxy" is set (TRUST_PROXY).
  const host = req.host;
  if (!host) return null;
  try {
    return new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return null;
  }
}

function normalise(origin: string): string | null {
  try {
    const u = new URL(origin);
    return /^https?:$/.test(u.protocol) ? u.origin : null;
  } catch {
    return null;
  }
}

export function sameOriginOnly(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get('origin');
    if (origin !== undefined) {
      // "null" (sandboxed frames, file: pages) and anything unparsable are foreign too.
      const o = normalise(origin);
      if (o !== null && (o === ownOrigin(req) || allowed.has(o))) return next();
      return next(
        new ForbiddenOriginError(
          `Requests that change something are accepted only from this server's own pages; this one came from ${JSON.stringify(origin.slice(0, 200))}.`,
        ),
      );
    }
    if (req.get('sec-fetch-site') === 'cross-site') {
      return next(
        new ForbiddenOriginError(
          "Requests that change something are accepted only from this server's own pages; this one came from another site.",
        ),
      );
    }
    next();
  };
}
