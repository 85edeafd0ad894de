/**
 * People (wave 2): invites and password links, "forgot password", following a link. Creating a
 * user (which invites when no password is given) stays with the other user endpoints in admin.ts.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { endpoint, NO_CONTENT, type Endpoint } from '../contract.ts';
import { setSessionCookie } from '../middleware.ts';
import { userJson } from '../../views.ts';
import * as S from '../schemas.ts';

const acceptBody = z.strictObject({
  token: z.string().min(1).max(200).describe('the secret after #token= in the link'),
  password: z.string().min(8, 'at least 8 characters').max(1024),
});
const forgotBody = z.strictObject({ email: z.string().trim().min(1).max(320) });
const anyone = ['anonymous', 'admin', 'client', 'transcriber', 'reviewer'] as const;

/** The admin's own origin: links shown to them (not mailed) point there when PUBLIC_URL is unset. */
export function requestOrigin(req: Request): string | null {
  const host = req.get('host');
  return host ? `${req.protocol}://${host}` : null;
}

export const peopleEndpoints: Endpoint[] = [
  endpoint({
    method: 'post',
    path: '/api/auth/accept',
    summary:
      'Choose a password with an invite or reset link and sign in (sets the session cookie); 400 invalid_token when the link was used, expired (72 h) or is unknown',
    roles: anyone,
    ok: 200,
    tag: 'auth',
    body: acceptBody,
    response: z.strictObject({ user: S.user }),
    async handler({ req, res, d, body: { token, password } }) {
      const { cookie, user } = await d.s.invites.accept(token, password, req.ip ?? null);
      setSessionCookie(res, d.config, cookie);
      return { user: userJson(user) };
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/auth/forgot',
    summary: 'Ask for a reset link by e-mail: 204 whatever the address (a link is sent only when it exists)',
    roles: anyone,
    ok: 204,
    tag: 'auth',
    body: forgotBody,
    async handler({ req, d, body: { email } }) {
      d.s.invites.requestReset(email, req.ip ?? null);
      return NO_CONTENT;
    },
  }),
  endpoint({
    method: 'post',
    path: '/api/users/{id}/reset',
    summary:
      'A new password link for a user (an invite again if they never chose a password, else a reset); earlier links stop working',
    roles: ['admin'],
    ok: 200,
    tag: 'admin',
    response: S.passwordLink,
    async handler({ req, d, p, params }) {
      const link = await d.s.invites.linkFor(p, params.id, requestOrigin(req));
      return { kind: link.kind, url: link.url, mailed: link.mailed };
    },
  }),
];
