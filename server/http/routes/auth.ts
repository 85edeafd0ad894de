import { Router } from 'express';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { caller, SESSION_COOKIE } from '../middleware.ts';
import { parse } from '../validate.ts';
import { userJson } from '../../views.ts';

const loginBody = z.strictObject({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});
const passwordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(8).max(1024),
});
const tokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  /** Days until the token stops working; left out, it works until revoked. */
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export function authRoutes(s: Services, cookie: { secure: boolean; ttlHours: number }): Router {
  const r = Router();

  r.post('/auth/login', async (req, res) => {
    const { email, password } = parse(loginBody, req.body);
    const { cookie: value, user } = await s.auth.login(email, password, req.ip ?? null);
    res.cookie(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: cookie.secure,
      path: '/',
      maxAge: cookie.ttlHours * 3600 * 1000,
    });
    res.json({ user: userJson(user) });
  });

  r.post('/auth/logout', async (req, res) => {
    if (req.principal) await s.auth.logout(req.principal);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  r.post('/auth/password', async (req, res) => {
    const p = caller(req);
    const b = parse(passwordBody, req.body);
    await s.accounts.changeOwnPassword(p, b.currentPassword, b.newPassword);
    res.status(204).end();
  });

  r.get('/me', async (req, res) => {
    const p = caller(req);
    res.json({ user: userJson(await s.accounts.getUser(p.id)) });
  });

  r.post('/tokens', async (req, res) => {
    const p = caller(req);
    const { name, expiresInDays } = parse(tokenBody, req.body);
    const { token, doc } = await s.auth.createToken(p, name, expiresInDays ?? null);
    res.status(201).json({ token, id: doc._id, name: doc.name, expiresAt: isoOrNull(doc.expiresAt) });
  });

  r.get('/tokens', async (req, res) => {
    const p = caller(req);
    const tokens = await s.auth.listTokens(p);
    res.json({
      tokens: tokens.map((t) => ({
        id: t._id,
        name: t.name,
        createdAt: new Date(t.createdAt).toISOString(),
        lastUsedAt: isoOrNull(t.lastUsedAt),
        expiresAt: isoOrNull(t.expiresAt),
      })),
    });
  });

  r.delete('/tokens/:id', async (req, res) => {
    await s.auth.revokeToken(caller(req), req.params.id);
    res.status(204).end();
  });

  return r;
}

const isoOrNull = (ms: number | null | undefined): string | null =>
  ms == null ? null : new Date(ms).toISOString();
