import { z } from 'zod';
import { endpoint, NO_CONTENT, type Endpoint } from '../contract.ts';
import { SESSION_COOKIE, setSessionCookie } from '../middleware.ts';
import { userJson } from '../../views.ts';
import * as S from '../schemas.ts';

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
const signedIn = ['admin', 'client', 'transcriber', 'reviewer'] as const;
const userAnswer = z.strictObject({ user: S.user });

export const authEndpoints: Endpoint[] = [
  endpoint({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in; sets the session cookie',
    roles: ['anonymous'],
    ok: 200,
    tag: 'auth',
    body: loginBody,
    response: userAnswer,
    async handler({ req, res, d, body: { email, password } }) {
      const { cookie: value, user } = await d.s.auth.login(email, password, req.ip ?? null);
      setSessionCookie(res, d.config, value);
      return { user: userJson(user) };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Sign out; ends the session on the server',
    roles: ['anonymous', ...signedIn],
    ok: 204,
    tag: 'auth',
    async handler({ res, d, p }) {
      if (p) await d.s.auth.logout(p);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return NO_CONTENT;
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/auth/password',
    summary: 'Change own password; ends the other sessions',
    roles: signedIn,
    ok: 204,
    tag: 'auth',
    body: passwordBody,
    async handler({ d, p, body }) {
      await d.s.accounts.changeOwnPassword(p, body.currentPassword, body.newPassword);
      return NO_CONTENT;
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in user',
    roles: signedIn,
    ok: 200,
    tag: 'auth',
    response: userAnswer,
    async handler({ d, p }) {
      return { user: userJson(await d.s.accounts.getUser(p.id)) };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/tokens',
    summary: 'Create an API token (shown once); from a signed-in session only, never from a token',
    roles: signedIn,
    ok: 201,
    tag: 'auth',
    body: tokenBody,
    response: S.createdToken,
    async handler({ d, p, body: { name, expiresInDays } }) {
      const { token, doc } = await d.s.auth.createToken(p, name, expiresInDays ?? null);
      return { token, id: doc._id, name: doc.name, expiresAt: isoOrNull(doc.expiresAt) };
    },
  }),
  endpoint({
    method: 'get',
    path: '/api/tokens',
    summary: 'List own API tokens',
    roles: signedIn,
    ok: 200,
    tag: 'auth',
    response: z.strictObject({ tokens: z.array(S.apiToken) }),
    async handler({ d, p }) {
      const tokens = await d.s.auth.listTokens(p);
      return {
        tokens: tokens.map((t) => ({
          id: t._id,
          name: t.name,
          createdAt: new Date(t.createdAt).toISOString(),
          lastUsedAt: isoOrNull(t.lastUsedAt),
          expiresAt: isoOrNull(t.expiresAt),
        })),
      };
    },
  }),
  endpoint({
    method: 'delete',
    path: '/api/tokens/{id}',
    summary: 'Revoke an own API token',
    roles: signedIn,
    ok: 204,
    tag: 'auth',
    async handler({ d, p, params }) {
      await d.s.auth.revokeToken(p, params.id);
      return NO_CONTENT;
    },
  }),
];

const isoOrNull = (ms: number | null | undefined): string | null =>
  ms == null ? null : new Date(ms).toISOString();
