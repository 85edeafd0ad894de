/**
 * People (wave 2): invites and password links, "forgot password", following a link. User creation
 * stays in admin.ts (it gains invites through InviteService); these are the new endpoints.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { callerWith, SESSION_COOKIE } from '../middleware.ts';
import { parse } from '../validate.ts';
import { userJson } from '../../views.ts';

const acceptBody = z.strictObject({
  token: z.string().min(1).max(200),
  password: z.string().min(8, 'at least 8 characters').max(1024),
});
const forgotBody = z.strictObject({ email: z.string().trim().min(1).max(320) });

export interface CookieSettings {
  secure: boolean;
  ttlHours: number;
}

/** Sets the session cookie a sign-in (password or link) opened. */
export function setSessionCookie(res: Response, value: string, cookie: CookieSettings): void {
  res.cookie(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure: cookie.secure,
    path: '/',
    maxAge: cookie.ttlHours * 3600 * 1000,
  });
}

/** The admin's own origin: links shown to them (not mailed) point there when PUBLIC_URL is unset. */
export function requestOrigin(req: Request): string | null {
  const host = req.get('host');
  return host ? `${req.protocol}://${host}` : null;
}

export function peopleRoutes(s: Services, cookie: CookieSettings): Router {
  const r = Router();

  r.post('/auth/accept', async (req, res) => {
    const { token, password } = parse(acceptBody, req.body);
    const { cookie: value, user } = await s.invites.accept(token, password, req.ip ?? null);
    setSessionCookie(res, value, cookie);
    res.json({ user: userJson(user) });
  });

  r.post('/auth/forgot', (req, res) => {
    const { email } = parse(forgotBody, req.body);
    s.invites.requestReset(email, req.ip ?? null);
    res.status(204).end();
  });

  r.post('/users/:id/reset', async (req, res) => {
    const p = callerWith(req, 'admin');
    const link = await s.invites.linkFor(p, req.params.id, requestOrigin(req));
    res.json({ kind: link.kind, url: link.url, mailed: link.mailed });
  });

  return r;
}
